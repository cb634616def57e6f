"""Scans of a qualification: uploaded after every content check, deleted with their files."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404

from accounts.models import User
from audit.services import audit_record
from core.documents import (
    atomic_with_files,
    document_file_delete_on_commit,
    document_file_store,
)
from core.uploads import SCANS, check_upload
from migrants.models import QualificationDocument
from migrants.permissions import get_profile_for_user, get_qualification_for_user

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@atomic_with_files
def qualification_document_upload(
    *, actor: User, profile_id: int, qualification_id: int, upload: UploadedFile
) -> QualificationDocument:
    """Store a scan of a qualification; images lose their metadata (``check_upload``)."""
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    qualification = get_qualification_for_user(actor, profile, qualification_id)
    checked = check_upload(upload, allowed=SCANS, max_bytes=MAX_DOCUMENT_BYTES)
    document = QualificationDocument(qualification=qualification, uploaded_by=actor)
    document_file_store(document, checked)
    document.save()
    audit_record(
        actor=actor,
        action="migrants.document.uploaded",
        target=profile,
        data={"qualification": qualification.pk, "document": document.pk, "sha256": checked.sha256},
    )
    return document


@transaction.atomic
def qualification_document_delete(*, actor: User, profile_id: int, document_id: int) -> None:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    document = QualificationDocument.objects.filter(
        pk=document_id, qualification__profile=profile
    ).first()
    if document is None:
        raise Http404("No such document.")
    document_file_delete_on_commit(document)
    document.delete()
    audit_record(
        actor=actor,
        action="migrants.document.deleted",
        target=profile,
        data={"document": document_id},
    )
