"""Checking uploaded files by what they contain, never by their name or declared type.

Every upload view and API endpoint calls :func:`check_upload` before anything is stored; a
rejected file raises :class:`~smp_portal.errors.DomainValidationError` with a message for the
user, and nothing is written.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from smp_portal.errors import DomainValidationError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

LABELS = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    ODT: "ODT",
}
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt"}
DOCUMENTS = frozenset({PDF, DOCX, ODT, XLSX, PNG, JPEG})
SCANS = frozenset({PDF, PNG, JPEG})

# Markup that a browser might render as a page if the file were ever served inline.
_MARKUP = (b"<html", b"<script", b"<!doctype", b"<svg", b"<?xml-stylesheet", b"<iframe")
# A small archive that inflates past this is a zip bomb, not an office document.
_MAX_UNZIPPED = 200 * 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    original_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _sniff(head: bytes, data: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNZIPPED:
                return None
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def _image_is_whole(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def check_upload(upload: UploadedFile, *, allowed: frozenset[str], max_bytes: int) -> CheckedUpload:
    """Accept ``upload`` only if its content is one of ``allowed`` and it is small enough."""
    names = ", ".join(sorted(LABELS[t] for t in allowed))
    if upload.size is None or upload.size == 0:
        raise DomainValidationError(_("The file is empty."), field="file")
    if upload.size > max_bytes:
        raise DomainValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            field="file",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = _sniff(data[:16], data)
    lowered_head = data[:2048].lower()
    if (
        content_type is None
        or content_type not in allowed
        or any(m in lowered_head for m in _MARKUP)
    ):
        raise DomainValidationError(
            _("This file is not a valid %(types)s file. Its content was checked, not its name.")
            % {"types": names},
            field="file",
        )
    if content_type in (PNG, JPEG) and not _image_is_whole(data):
        raise DomainValidationError(
            _("This image is damaged or incomplete. Please upload it again."), field="file"
        )
    return CheckedUpload(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=(upload.name or "upload")[-255:],
    )
