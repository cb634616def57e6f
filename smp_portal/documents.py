"""Uploaded documents: the stored-file fields every app's document model shares, and the one way
to send such a file to a user who was allowed to see it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404


def stored_document_path(instance: StoredDocument, filename: str) -> str:
    # Never the uploader's file name on disk (it is kept as metadata): the model decides.
    return instance.storage_path()


class StoredDocument(models.Model):
    """A file checked by ``smp_portal.uploads.check_upload`` and stored outside any URL."""

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


def document_response(document: StoredDocument) -> FileResponse:
    """Send a document as a download, never rendered inline and never cached on the way.

    Callers have already checked that the user may see it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
