"""ZIP containers: office documents (DOCX, XLSX, ODT) are ZIP archives, and a ZIP archive
hidden inside a PDF or an image turns it into a second, unchecked file.

Everything here reads the archive's directory and, at most, a few bounded bytes of a member:
nothing is inflated whole before the limits have passed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A real document has tens of parts and inflates about tenfold (a 50,000-row XLSX: 15x).
MAX_MEMBERS = 2_000
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 2 * 1024 * 1024  # below this, the ratio of a tiny archive means nothing
_MAX_XML = 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: VBA projects, OLE objects
_PROGRAM = b"MZ"  # Windows executables
_ZIP_METHODS = {0, 1, 6, 8, 9, 12, 14, 19, 93, 95, 96, 97, 98, 99}

# What a damaged, encrypted or oddly compressed archive raises in zipfile: not a document we can
# vouch for. (zipfile reports a bad offset as ValueError, an unknown method as
# NotImplementedError, an encrypted member as RuntimeError.)
_DAMAGED = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    RuntimeError,
    NotImplementedError,
    struct.error,
    zlib.error,
)

VBA: Promise = _("VBA macros")
XLM: Promise = _("Excel 4.0 macros")
ACTIVEX: Promise = _("ActiveX controls")
OBJECTS: Promise = _("embedded programs or objects")
SCRIPTS: Promise = _("macros or scripts")


class ArchiveTooLarge(Exception):
    """The archive would inflate far beyond a document (a "zip bomb") or has too many parts."""

    def __init__(self, *, members: int, unzipped: int) -> None:
        super().__init__(members, unzipped)
        self.members = members
        self.unzipped = unzipped


@dataclass
class Office:
    content_type: str | None  # DOCX, XLSX or ODT media type; None when it is no office file
    active: Promise | None  # what executable content it carries, if any


def open_archive(data: bytes) -> zipfile.ZipFile | None:
    """The archive, once its directory shows it is of document size; None if it is no ZIP."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED:
        return None
    infos = archive.infolist()
    unzipped = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if (
        len(infos) > MAX_MEMBERS
        or unzipped > MAX_UNZIPPED
        or (unzipped > RATIO_FLOOR and unzipped > MAX_RATIO * max(packed, 1))
    ):
        archive.close()
        raise ArchiveTooLarge(members=len(infos), unzipped=unzipped)
    return archive


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


def _active_parts(archive: zipfile.ZipFile) -> Promise | None:
    names = [info.filename.replace("\\", "/").lower() for info in archive.infolist()]
    for name in names:
        if name.endswith("vbaproject.bin") or name.endswith("vbadata.xml"):
            return VBA
    for name in names:
        if "/macrosheets/" in name:
            return XLM
        if "/activex/" in name:
            return ACTIVEX
        if name.startswith(("basic/", "scripts/")):
            return SCRIPTS
        # Not every .bin: Office stores printer settings so. OLE parts are found by content below.
        if name.endswith((".exe", ".dll", ".docm", ".xlsm", ".pptm", ".dotm", ".xlam")):
            return OBJECTS
    types = b""
    if "[content_types].xml" in names:
        types = _read(archive, "[Content_Types].xml", _MAX_XML).lower()
    if b"vbaproject" in types or b"macroenabled" in types:
        return VBA
    if b"macrosheet" in types:
        return XLM
    if b"activex" in types:
        return ACTIVEX
    if b"oleobject" in types:
        return OBJECTS
    for info in archive.infolist():
        if not info.is_dir() and _read(archive, info.filename, 8).startswith((_OLE, _PROGRAM)):
            return OBJECTS
    return None


def office_document(archive: zipfile.ZipFile, types: dict[str, str]) -> Office:
    """Which office format ``archive`` is (``types`` maps "docx", "xlsx", "odt" to media
    types) and whether it carries macros, controls or embedded programs."""
    try:
        names = set(archive.namelist())
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            content_type: str | None = types["docx"]
        elif "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            content_type = types["xlsx"]
        elif (
            "mimetype" in names and _read(archive, "mimetype", 200).strip() == types["odt"].encode()
        ):
            content_type = types["odt"]
        else:
            return Office(None, None)
        return Office(content_type, _active_parts(archive))
    except _DAMAGED:
        return Office(None, None)


def _is_zip_record(data: bytes, at: int) -> bool:
    """Whether the ZIP signature at ``at`` starts a well-formed record, not chance bytes."""
    if data.startswith(b"PK\x03\x04", at):  # local file header
        if len(data) < at + 30:
            return False
        version, _flags, method = struct.unpack_from("<HHH", data, at + 4)
        name_length = struct.unpack_from("<H", data, at + 26)[0]
        name = data[at + 30 : at + 30 + name_length]
        return (
            version <= 63
            and method in _ZIP_METHODS
            and 0 < name_length <= 1024
            and len(name) == name_length
            and all(byte >= 0x20 and byte != 0x7F for byte in name)
        )
    if len(data) < at + 22:  # end of central directory
        return False
    disk, directory_disk, here, total, _size, _offset, comment = struct.unpack_from(
        "<HHHHIIH", data, at + 4
    )
    return disk == directory_disk == 0 and here == total and at + 22 + comment <= len(data)


def contains_zip(data: bytes) -> bool:
    """Whether a ZIP archive is hidden in ``data`` (a PDF or an image): a ZIP reader finds its
    records wherever they are, so the file would open as an archive as well."""
    for signature in (b"PK\x03\x04", b"PK\x05\x06"):
        at = data.find(signature)
        while at >= 0:
            if _is_zip_record(data, at):
                return True
            at = data.find(signature, at + 1)
    return False
