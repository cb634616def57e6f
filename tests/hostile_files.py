"""Hostile files for upload tests, each built here from scratch (no binary fixtures).

Every builder returns the bytes of one file that a real attacker could send: a valid container
with something dangerous inside. Tests in ``tests/test_uploads.py`` and the apps' upload tests
send them through every upload point and expect a refusal with nothing stored.
"""

from __future__ import annotations

import functools
import html
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

# The EICAR anti-virus test file, split so that this source file is not itself flagged by a
# scanner on a developer's machine.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


# --- Images -----------------------------------------------------------------------------------
def png(size: tuple[int, int] = (4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def pixel_flood_png(width: int = 13_000, height: int = 13_000) -> bytes:
    """A complete, valid 1-bit greyscale PNG: tiny on disk, ``width*height`` pixels decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the packed pixels
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_gps() -> bytes:
    """A phone photo: EXIF with the camera maker, the owner's name and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "Amina Haddad"  # Artist
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (50.0, 50.0, 46.0), 3: "E", 4: (4.0, 21.0, 7.0)}
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "orange").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


# --- Archives ---------------------------------------------------------------------------------
def _member(name: str) -> zipfile.ZipInfo:
    # A fixed date, so that the same builder gives the same bytes in every run.
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def small_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_member("payload.exe"), b"MZ\x90\x00" + b"\x00" * 60 + b"This program")
    return out.getvalue()


def png_zip_polyglot() -> bytes:
    """Opens as an image, and as a ZIP archive holding a program: appended after IEND."""
    return png() + small_zip()


# --- PDF --------------------------------------------------------------------------------------
CATALOG = b"<< /Type /Catalog /Pages 2 0 R%s >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def pdf(catalog_entries: bytes = b"", *extra_objects: bytes) -> bytes:
    """A one-page PDF with a correct cross-reference table; extra objects are numbered from 4."""
    objects = [CATALOG % catalog_entries, PAGES, PAGE, *extra_objects]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_javascript() -> bytes:
    return pdf(b" /OpenAction << /S /JavaScript /JS (app.alert\\('hello'\\);) >>")


def pdf_javascript_hex_escaped() -> bytes:
    # /J#61vaScript is /JavaScript and /J#53 is /JS to every PDF reader.
    return pdf(b" /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\);) >>")


def pdf_launch() -> bytes:
    return pdf(b" /OpenAction << /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>")


def pdf_embedded_file() -> bytes:
    program = b"MZ\x90\x00\x03" + b"\x00" * 59 + b"This program cannot be run in DOS mode."
    return pdf(
        b" /Names << /EmbeddedFiles << /Names [(invoice.exe) 4 0 R] >> >>",
        b"<< /Type /Filespec /F (invoice.exe) /EF << /F 5 0 R >> >>",
        stream(program, b" /Type /EmbeddedFile"),
    )


def pdf_javascript_in_object_stream() -> bytes:
    """The action dictionary sits compressed inside an object stream, out of sight of a plain
    byte search."""
    action = b"<< /S /JavaScript /JS (app.launchURL\\('http://evil.example'\\);) >>"
    header = b"4 0 "
    packed = zlib.compress(header + action)
    return pdf(
        b" /OpenAction 4 0 R",
        stream(packed, b" /Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header)),
    )


def pdf_zip_polyglot() -> bytes:
    """A PDF that is also a ZIP archive (the archive appended after %%EOF)."""
    return pdf() + small_zip()


def pdf_with_eicar() -> bytes:
    return pdf(b"", stream(EICAR))


# --- Office -----------------------------------------------------------------------------------
VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an OLE compound file header

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
    "</Types>"
)


def docx_with_macros() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_member("[Content_Types].xml"), DOCX_TYPES)
        archive.writestr(_member("word/document.xml"), "<w:document/>")
        archive.writestr(_member("word/vbaProject.bin"), VBA_PROJECT)
    return out.getvalue()


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite(archive_bytes: bytes, extra: dict[str, bytes], types_patch: bool = False) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive_bytes)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if types_patch and info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"spreadsheetml.sheet.main+xml", b"spreadsheetml.sheet.macroEnabled.main+xml"
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b"</Types>",
                )
            target.writestr(info.filename, data)
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def xlsx_with_macros(rows: list[list[str]]) -> bytes:
    """A real workbook turned into an .xlsm: a VBA project and the macro-enabled type."""
    return _rewrite(xlsx(rows), {"xl/vbaProject.bin": VBA_PROJECT}, types_patch=True)


def xlsx_zip_bomb(rows: list[list[str]], inflated_mb: int = 40) -> bytes:
    """A real workbook with one more sheet that inflates a thousandfold (a "zip bomb")."""
    padding = b"<worksheet>" + b" " * (inflated_mb * 1024 * 1024) + b"</worksheet>"
    return _rewrite(xlsx(rows), {"xl/worksheets/sheet2.xml": padding})


@dataclass(frozen=True)
class Hostile:
    """One hostile file an upload point must refuse: the name its users would give it, how to
    build its content, and words of the refusal shown to them."""

    name: str
    build: Callable[[], bytes]
    refusal: str

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.build())


def case(name: str, build: Callable[[], bytes], refusal: str, id: str) -> Any:
    """A ``pytest.param`` of one ``Hostile`` file, for ``@pytest.mark.parametrize("case", ...)``."""
    return pytest.param(Hostile(name, build, refusal), id=id)


def upload_cases(pdf_name: str, image_name: str, office_name: str = "") -> list[Any]:
    """The hostile files an upload point must refuse, as ``case`` params, named as its users name
    their files; with ``office_name``, also a DOCX with macros (for points that take office
    documents)."""
    cases = [
        case(image_name, pixel_flood_png, "megapixels", id="pixel-flood-png"),
        case(pdf_name, pdf_javascript, "active content (JavaScript)", id="pdf-js"),
        case(pdf_name, pdf_javascript_hex_escaped, "active content (JavaScript)", id="js-hex"),
        case(
            pdf_name,
            pdf_javascript_in_object_stream,
            "active content (JavaScript)",
            id="js-in-object-stream",
        ),
        case(pdf_name, pdf_launch, "active content", id="pdf-launch"),
        case(pdf_name, pdf_embedded_file, "active content", id="pdf-embedded"),
        case(pdf_name, pdf_zip_polyglot, "ZIP archive hidden", id="pdf-zip"),
        case(image_name, png_zip_polyglot, "ZIP archive hidden", id="png-zip"),
        case(pdf_name, pdf_with_eicar, "The virus check found", id="pdf-eicar"),
    ]
    if office_name:
        cases.insert(-1, case(office_name, docx_with_macros, "macros", id="docx-vba"))
    return cases


# --- What a refusal looks like ------------------------------------------------------------------
def assert_page_refuses(response: Any, message: str, status: int = 200) -> None:
    """The form came back with ``message`` shown to the user."""
    assert response.status_code == status
    assert message in html.unescape(response.content.decode())


def assert_api_refuses(response: Any, message: str) -> None:
    """A 400 that names the ``file`` field and says ``message``."""
    assert response.status_code == 400
    body: dict[str, Any] = response.json()
    assert body["field"] == "file"
    assert message in body["detail"]


def files_under(root: Path) -> list[Path]:
    """The files stored below ``root`` (the test's media folder): none after a refusal."""
    return [p for p in root.rglob("*") if p.is_file()]
