"""The upload checker looks at content, never at names or declared types."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smp_portal.errors import DomainValidationError
from smp_portal.uploads import DOCUMENTS, DOCX, JPEG, PDF, PNG, SCANS, check_upload


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.bin", _png(), PNG),
        ("photo", _jpeg(), JPEG),
        ("contract.docx", _docx(), DOCX),
        ("agreement.PDF", b"%PDF-1.7\n%%EOF", PDF),
    ],
)
def test_real_files_are_recognised_whatever_their_name(
    name: str, content: bytes, expected: str
) -> None:
    checked = check_upload(SimpleUploadedFile(name, content), allowed=DOCUMENTS, max_bytes=10**6)
    assert checked.content_type == expected
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"#!/bin/sh\necho pwned", "not a valid"),
        (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>", "not a valid"),
        (_png()[:40], "damaged"),
        (b"PK\x03\x04not really a zip", "not a valid"),
        (b"<svg onload=alert(1)>", "not a valid"),
    ],
)
def test_disguised_and_broken_files_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(DomainValidationError, match=message):
        check_upload(SimpleUploadedFile("file.png", content), allowed=DOCUMENTS, max_bytes=10**6)


def test_a_type_outside_the_allowed_set_is_refused_with_the_allowed_list() -> None:
    with pytest.raises(DomainValidationError, match="JPEG, PDF, PNG"):
        check_upload(SimpleUploadedFile("c.docx", _docx()), allowed=SCANS, max_bytes=10**6)


def test_size_limit_is_reported_in_human_units() -> None:
    with pytest.raises(DomainValidationError, match=r"limit is 1\.0"):
        check_upload(
            SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2_000_000), allowed=SCANS, max_bytes=2**20
        )
