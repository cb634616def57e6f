"""Agreement texts, annexes and reports, stored privately."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.documents import (
    atomic_with_files,
    document_file_delete_on_commit,
    document_file_store,
)
from core.errors import DomainValidationError
from core.uploads import DOCUMENTS, check_upload
from partnerships.models import PartnershipDocument
from partnerships.permissions import get_partnership_for_user
from partnerships.services.common import ensure_open, lock_partnership

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@atomic_with_files
def document_upload(
    *, actor: User, partnership_id: int, upload: UploadedFile, title: str, kind: str
) -> PartnershipDocument:
    # The content check (which may wait for the virus scanner) runs before the row lock.
    ensure_open(get_partnership_for_user(actor, partnership_id, for_write=True))
    if kind not in PartnershipDocument.Kind.values:
        raise DomainValidationError(_("Choose the kind of document."), field="kind")
    if not title.strip():
        raise DomainValidationError(_("Give the document a title."), field="title")
    checked = check_upload(upload, allowed=DOCUMENTS, max_bytes=MAX_DOCUMENT_BYTES)
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
    document = PartnershipDocument(
        partnership=partnership, kind=kind, title=title.strip()[:200], uploaded_by=actor
    )
    document_file_store(document, checked)
    document.save()
    audit_record(
        actor=actor,
        action="partnerships.document.uploaded",
        target=partnership,
        data={"document": document.pk, "title": document.title, "sha256": checked.sha256},
    )
    return document


@transaction.atomic
def document_delete(*, actor: User, partnership_id: int, document_id: int) -> None:
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
    document = partnership.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document.")
    audit_record(
        actor=actor,
        action="partnerships.document.deleted",
        target=partnership,
        data={"document": document.pk, "title": document.title, "sha256": document.sha256},
    )
    document_file_delete_on_commit(document)
    document.delete()
