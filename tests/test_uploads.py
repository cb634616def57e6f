"""The upload checker looks at content, never at names or declared types."""

from __future__ import annotations

import contextlib
import hashlib
import io
import random
import shutil
import socket
import struct
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile
from pytest_django.fixtures import Settings

from core.errors import DomainValidationError
from core.uploads import (
    CSV,
    DOCUMENTS,
    DOCX,
    JPEG,
    PDF,
    PNG,
    SCANS,
    XLSX,
    check_upload,
    clamd_scan,
    download_name,
)
from smp_portal import settings as project_settings
from tests import hostile_files as hostile


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
        # No pixel data at all: Pillow's verify() fails with an IndexError on this one.
        (
            b"\x89PNG\r\n\x1a\n"
            + hostile.png_chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + hostile.png_chunk(b"IEND", b""),
            "damaged",
        ),
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


# --- Hostile files (issue 11, items 6 and 9) ----------------------------------------------------
@pytest.mark.parametrize(
    ("builder", "message"),
    [
        pytest.param(hostile.pixel_flood_png, "megapixels", id="pixel-flood-png"),
        pytest.param(hostile.pdf_javascript, "active content (JavaScript)", id="pdf-js"),
        pytest.param(
            hostile.pdf_javascript_hex_escaped, "active content (JavaScript)", id="pdf-js-hex"
        ),
        pytest.param(
            hostile.pdf_javascript_in_object_stream,
            "active content (JavaScript)",
            id="pdf-js-in-object-stream",
        ),
        pytest.param(
            hostile.pdf_launch, "active content (an action that starts a program)", id="pdf-launch"
        ),
        pytest.param(
            hostile.pdf_embedded_file, "active content (an embedded file)", id="pdf-embedded-file"
        ),
        pytest.param(hostile.pdf_zip_polyglot, "a ZIP archive hidden inside", id="pdf-zip"),
        pytest.param(hostile.png_zip_polyglot, "a ZIP archive hidden inside", id="png-zip"),
        pytest.param(hostile.docx_with_macros, "macros", id="docx-vba"),
        pytest.param(hostile.pdf_with_eicar, "The virus check found", id="pdf-eicar"),
    ],
)
def test_hostile_documents_are_refused_with_a_reason(
    builder: Callable[[], bytes], message: str
) -> None:
    with pytest.raises(DomainValidationError) as refused:
        check_upload(SimpleUploadedFile("file", builder()), allowed=DOCUMENTS, max_bytes=10**7)
    assert message in refused.value.message
    assert refused.value.field == "file"


def test_a_pixel_flood_is_refused_from_its_header_without_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def decode(*args: object, **kwargs: object) -> None:
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(Image.Image, "load", decode)
    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    started = time.monotonic()
    with pytest.raises(DomainValidationError, match="13000 by 13000 pixels"):
        check_upload(
            SimpleUploadedFile("map.png", hostile.pixel_flood_png()),
            allowed=SCANS,
            max_bytes=10**7,
        )
    assert time.monotonic() - started < 2


def test_the_pixel_limit_is_a_setting_and_pillow_enforces_it_too(settings: Settings) -> None:
    settings.SMP_MAX_IMAGE_PIXELS = 100
    check_upload(SimpleUploadedFile("a.png", _png()), allowed=SCANS, max_bytes=10**6)  # 16 px
    with pytest.raises(DomainValidationError, match="megapixels"):
        check_upload(
            SimpleUploadedFile("b.png", hostile.png((11, 10))), allowed=SCANS, max_bytes=10**6
        )
    # Set at start-up, so that any other Image.open in the process is bounded as well.
    assert Image.MAX_IMAGE_PIXELS == project_settings.SMP_MAX_IMAGE_PIXELS < 89_478_485


def test_an_xlsx_with_macros_or_a_zip_bomb_is_refused() -> None:
    rows = [["given_names", "family_name"], ["Amina", "Haddad"]]
    for content, message in [
        (hostile.xlsx_with_macros(rows), "macros"),
        (hostile.xlsx_zip_bomb(rows), "unpacks to"),
    ]:
        with pytest.raises(DomainValidationError, match=message):
            check_upload(
                SimpleUploadedFile("people.xlsx", content),
                allowed=frozenset({XLSX}),
                max_bytes=10**7,
            )
    check_upload(
        SimpleUploadedFile("people.xlsx", hostile.xlsx(rows)),
        allowed=frozenset({XLSX}),
        max_bytes=10**7,
    )


def test_an_archive_of_too_many_parts_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for number in range(2_100):
            archive.writestr(f"word/media/p{number}.xml", "")
    with pytest.raises(DomainValidationError, match="too many parts"):
        check_upload(
            SimpleUploadedFile("a.docx", out.getvalue()), allowed=DOCUMENTS, max_bytes=10**7
        )


def test_eicar_is_refused_as_text_even_without_a_virus_scanner(settings: Settings) -> None:
    settings.CLAMD_URL = ""
    for name in ("people.csv", "notes.txt"):
        with pytest.raises(DomainValidationError, match="The virus check found"):
            check_upload(
                SimpleUploadedFile(name, hostile.EICAR), allowed=frozenset({CSV}), max_bytes=10**6
            )


@pytest.mark.parametrize(
    "content",
    [
        # Names that look like actions, but inside a content stream, where they are only data.
        hostile.pdf(b"", hostile.stream(b"BT /JS 12 Tf (/JavaScript /AA) Tj ET")),
        # Compressed page content is random bytes: no false alarm from chance byte patterns.
        hostile.pdf(b"", hostile.stream(zlib.compress(random.Random(7).randbytes(300_000), 0))),
        # Links to web pages and an OpenAction that only opens page one are not active content.
        hostile.pdf(b" /OpenAction [3 0 R /Fit]", b"<< /S /URI /URI (https://example.org) >>"),
    ],
    ids=["names-in-content", "random-stream", "uri-and-fit"],
)
def test_plain_pdfs_are_accepted(content: bytes) -> None:
    checked = check_upload(SimpleUploadedFile("a.pdf", content), allowed=SCANS, max_bytes=10**7)
    assert checked.content_type == PDF
    assert checked.data == content


def test_an_encrypted_pdf_cannot_be_checked_and_is_refused() -> None:
    content = hostile.pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R")
    with pytest.raises(DomainValidationError, match="encrypted"):
        check_upload(SimpleUploadedFile("a.pdf", content), allowed=SCANS, max_bytes=10**6)


def test_an_object_stream_that_cannot_be_decoded_is_refused() -> None:
    content = hostile.pdf(
        b"", hostile.stream(b"4 0 <</JS 1>>", b" /N 1 /First 4 /Filter /ASCII85Decode")
    )
    with pytest.raises(DomainValidationError, match="could not be checked"):
        check_upload(SimpleUploadedFile("a.pdf", content), allowed=SCANS, max_bytes=10**6)


def test_every_image_is_re_encoded_without_metadata() -> None:
    original = hostile.jpeg_with_gps()
    checked = check_upload(SimpleUploadedFile("a.jpg", original), allowed=SCANS, max_bytes=10**6)
    assert b"PhoneMaker" in original and b"PhoneMaker" not in checked.data
    assert checked.sha256 == hashlib.sha256(checked.data).hexdigest()
    assert checked.size == len(checked.data)
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.size == (16, 12)
        assert not image.getexif()


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("cv.exe", PDF, "cv.pdf"),
        ("diploma.PDF", PDF, "diploma.pdf"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\amina\\photo.jpeg", JPEG, "photo.jpg"),
        ("invoice\u202efdp.exe", PDF, "invoicefdp.pdf"),
        ("a\r\nb\x00c.png", PNG, "abc.png"),
        ("Dr. Smith contract", DOCX, "Dr. Smith contract.docx"),
        ("...", PDF, "document.pdf"),
        ("\u200f\u202d", PNG, "document.png"),
    ],
)
def test_download_names_carry_the_detected_type_and_no_tricks(
    name: str, content_type: str, expected: str
) -> None:
    assert download_name(name, content_type) == expected


# --- The clamd hook ---------------------------------------------------------------------------
class FakeClamd:
    """A tiny clamd speaking INSTREAM: "FOUND" for the EICAR string, "OK" for anything else,
    or, as asked, an error line or no answer at all."""

    def __init__(self, address: str | tuple[str, int], answer: bytes | None = None) -> None:
        family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
        self.server = socket.socket(family, socket.SOCK_STREAM)
        self.server.bind(address)
        self.server.listen()
        self.address = self.server.getsockname()
        self.answer = answer
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self._session(conn)

    @staticmethod
    def _read(conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    def _session(self, conn: socket.socket) -> None:
        try:
            command = b""
            while not command.endswith(b"\0"):
                command += self._read(conn, 1)
            assert command == b"zINSTREAM\0", command
            stream = b""
            while size := struct.unpack(">I", self._read(conn, 4))[0]:
                stream += self._read(conn, size)
        except ConnectionError:
            return
        self.received.append(stream)
        if self.answer == b"":  # hang: never answer
            time.sleep(2)
            return
        if self.answer is not None:
            conn.sendall(self.answer)
        elif hostile.EICAR in stream:
            conn.sendall(b"stream: Eicar-Signature FOUND\0")
        else:
            conn.sendall(b"stream: OK\0")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd_socket() -> Iterator[str]:
    # A short path: unix socket paths are limited to about 100 bytes.
    directory = tempfile.mkdtemp(prefix="clamd", dir="/tmp")
    yield f"{directory}/clamd.ctl"
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def fake_clamd(clamd_socket: str, settings: Settings) -> Iterator[FakeClamd]:
    server = FakeClamd(clamd_socket)
    settings.CLAMD_URL = f"unix://{clamd_socket}"
    yield server
    server.close()


def test_the_clamd_client_finds_eicar_and_passes_clean_data(clamd_socket: str) -> None:
    server = FakeClamd(clamd_socket)
    try:
        url = f"unix://{clamd_socket}"
        big = b"%PDF-" + bytes(range(256)) * 1_000  # several INSTREAM chunks
        assert clamd_scan(big, url=url, timeout=5) is None
        assert clamd_scan(b"prefix " + hostile.EICAR, url=url, timeout=5) == "Eicar-Signature"
        assert server.received == [big, b"prefix " + hostile.EICAR]
    finally:
        server.close()


def test_the_clamd_client_speaks_tcp_too() -> None:
    server = FakeClamd(("127.0.0.1", 0))
    try:
        host, port = server.address
        assert clamd_scan(hostile.EICAR, url=f"tcp://{host}:{port}", timeout=5) == "Eicar-Signature"
    finally:
        server.close()


def test_uploads_go_through_clamd_when_it_is_configured(fake_clamd: FakeClamd) -> None:
    clean = hostile.pdf()
    check_upload(SimpleUploadedFile("a.pdf", clean), allowed=SCANS, max_bytes=10**6)
    assert fake_clamd.received == [clean]
    with pytest.raises(DomainValidationError, match="found “Eicar-Signature”"):
        check_upload(
            SimpleUploadedFile("a.pdf", hostile.pdf_with_eicar()), allowed=SCANS, max_bytes=10**6
        )


@pytest.mark.parametrize(
    "answer",
    [b"INSTREAM size limit exceeded. ERROR\0", b"", b"garbage"],
    ids=["error", "timeout", "garbled"],
)
def test_a_clamd_failure_refuses_the_upload_and_is_logged(
    clamd_socket: str, settings: Settings, caplog: pytest.LogCaptureFixture, answer: bytes
) -> None:
    server = FakeClamd(clamd_socket, answer=answer)
    settings.CLAMD_URL = f"unix://{clamd_socket}"
    settings.CLAMD_TIMEOUT = 0.5
    try:
        with pytest.raises(DomainValidationError, match="could not be checked for viruses"):
            check_upload(SimpleUploadedFile("a.pdf", hostile.pdf()), allowed=SCANS, max_bytes=10**6)
    finally:
        server.close()
    assert any(r.levelname == "ERROR" and "clamd" in r.getMessage() for r in caplog.records)


def test_an_unreachable_clamd_refuses_the_upload(
    clamd_socket: str, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CLAMD_URL = f"unix://{clamd_socket}"  # nothing listens there
    with pytest.raises(DomainValidationError, match="could not be checked for viruses"):
        check_upload(SimpleUploadedFile("a.pdf", hostile.pdf()), allowed=SCANS, max_bytes=10**6)
    assert any("clamd" in r.getMessage() for r in caplog.records)


def test_a_pdf_link_to_a_file_on_a_network_share_is_refused() -> None:
    content = hostile.pdf(b" /OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\a.pdf) >>")
    with pytest.raises(DomainValidationError, match="a link that opens another file"):
        check_upload(SimpleUploadedFile("a.pdf", content), allowed=SCANS, max_bytes=10**6)


@pytest.mark.parametrize(
    "builder",
    [
        hostile.pdf_javascript_in_object_stream,
        hostile.pdf_embedded_file,
        hostile.png_zip_polyglot,
        hostile.jpeg_with_gps,
        hostile.docx_with_macros,
    ],
)
def test_damaged_variants_of_hostile_files_are_refused_never_a_crash(
    builder: Callable[[], bytes],
) -> None:
    """Seeded mutations (flipped, cut and inserted bytes): each one is accepted or refused
    with a message; no other exception (a 500 at the upload points)."""
    rng = random.Random(builder.__name__)
    seed = builder()
    for _ in range(400):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            change = rng.random()
            if change < 0.5:
                data[at] = rng.randrange(256)
            elif change < 0.75:
                del data[at : at + rng.randint(1, 40)]
            else:
                data[at:at] = rng.randbytes(rng.randint(1, 16))
        with contextlib.suppress(DomainValidationError):
            check_upload(
                SimpleUploadedFile("f", bytes(data)), allowed=DOCUMENTS | {CSV}, max_bytes=10**6
            )
