"""Uploaded documents: the stored-file fields every app's document model shares, the one way to
write such a file (together with its row, or not at all), and the one way to send it to a user
who was allowed to see it."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.http import FileResponse, Http404

from core.uploads import CheckedUpload, download_name

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def stored_document_path(instance: StoredDocument, filename: str) -> str:
    # Never the uploader's file name on disk (it is kept as metadata): the model decides.
    return instance.storage_path()


class StoredDocument(models.Model):
    """A file checked by ``core.uploads.check_upload`` and stored outside any URL."""

    file = models.FileField(upload_to=stored_document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def storage_path(self) -> str:
        raise NotImplementedError


# Files written by the running ``atomic_with_files`` service, to delete if it does not commit.
_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar(
    "smp_documents_written", default=None
)


def atomic_with_files(service: Callable[P, R]) -> Callable[P, R]:
    """``transaction.atomic`` for a service that stores document files: every file written
    through :func:`document_file_store` inside it is deleted again unless the transaction
    commits, whatever fails (a check, the row, the audit event or the commit itself).

    The transaction is durable (the outermost one): only its commit makes the row real, and
    Django has no hook for a rollback of an enclosing transaction that would orphan the file.
    """

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        written: list[tuple[Storage, str]] = []
        token = _written.set(written)
        try:
            with transaction.atomic(durable=True):
                return service(*args, **kwargs)
        except BaseException:
            for storage, name in written:
                try:
                    storage.delete(name)
                except OSError:
                    logger.exception("Could not delete %s after a failed upload", name)
            raise
        finally:
            _written.reset(token)

    return run


def document_file_store(document: StoredDocument, checked: CheckedUpload) -> None:
    """Fill ``document``'s file fields from a checked upload and write its file: the last step
    before ``document.save()``, once every check has passed, in an ``atomic_with_files``
    service."""
    written = _written.get()
    if written is None:
        raise RuntimeError("Document files are written only inside an @atomic_with_files service")
    document.original_name = checked.original_name
    document.content_type = checked.content_type
    document.size = checked.size
    document.sha256 = checked.sha256
    document.file.save(checked.sha256 + checked.extension, ContentFile(checked.data), save=False)
    written.append((document.file.storage, document.file.name or ""))


def document_file_delete_on_commit(document: StoredDocument) -> None:
    """Delete ``document``'s stored file once the transaction that deletes its row commits: a
    rollback keeps both the row and the file."""
    storage, name = document.file.storage, document.file.name or ""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def document_response(document: StoredDocument) -> FileResponse:
    """Send a document as a download, never rendered inline and never cached on the way.

    The name carries the extension of the type found in the file, not the uploader's.
    Callers have already checked that the user may see it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
