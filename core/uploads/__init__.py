"""Checking uploaded files by what they contain, never by their name or declared type.

Every upload point (partnership documents, qualification documents, participant imports) calls
:func:`check_upload` before anything is stored. A refused file raises
:class:`~core.errors.DomainValidationError` with a message for the user, and nothing is
written. In order, a file must:

1. be within the size limit and be one of the allowed types, judged by its bytes;
2. for an image, be within ``SMP_MAX_IMAGE_PIXELS``, read from its header before any pixel is
   decoded (a decompression bomb), and have no ZIP archive inside it (a polyglot);
3. for a PDF, carry no active content (JavaScript, launch actions, embedded files, XFA, ...),
   not be encrypted (it could not be checked), and have no ZIP archive inside it;
4. for a ZIP-based office file, be of document size (members, inflated size and ratio, so a
   zip bomb is refused before anything opens it) and carry no macros, ActiveX or OLE objects;
5. pass the virus check: ClamAV's clamd when ``CLAMD_URL`` is set (fail-closed: no answer,
   no upload), and always a built-in refusal of the EICAR test file.

Images are then re-encoded from their pixels, so EXIF (GPS position, camera, owner), comments
and any trailing bytes are not stored; :attr:`CheckedUpload.data` holds the bytes to store.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import struct
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core.clamd import ScanError, clamd_scan
from core.errors import DomainValidationError
from core.uploads import archives
from core.uploads.pdf import pdf_problem

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
CSV = "text/csv"

LABELS = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    ODT: "ODT",
    CSV: "CSV (UTF-8)",
}
EXTENSIONS = {
    PDF: ".pdf",
    PNG: ".png",
    JPEG: ".jpg",
    DOCX: ".docx",
    XLSX: ".xlsx",
    ODT: ".odt",
    CSV: ".csv",
}
DOCUMENTS = frozenset({PDF, DOCX, ODT, XLSX, PNG, JPEG})
SCANS = frozenset({PDF, PNG, JPEG})
IMAGES = frozenset({PNG, JPEG})
_OFFICE = {"docx": DOCX, "xlsx": XLSX, "odt": ODT}

# Markup that a browser might render as a page if the file were ever served inline.
_MARKUP = (b"<html", b"<script", b"<!doctype", b"<svg", b"<?xml-stylesheet", b"<iframe")
# The anti-virus test file (eicar.org), split so that this source is not flagged itself.
_EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int  # of ``data``, as stored
    sha256: str  # of ``data``
    original_name: str  # the uploader's name for the file, without path or control characters
    data: bytes = field(repr=False)  # what to store: the upload, or the re-encoded image

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _refuse(message: str) -> DomainValidationError:
    return DomainValidationError(message, field="file")


# --- Names ------------------------------------------------------------------------------------
# Control, format (RTL overrides, zero-width), surrogate, private-use and unassigned characters,
# line and paragraph separators: nothing a file name needs, several that disguise one.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_RESERVED = set('<>:"/\\|?*')
_SUFFIX = re.compile(r"[A-Za-z0-9]{1,8}")


def clean_file_name(name: str) -> str:
    """``name`` without folders, invisible or reserved characters, or outer dots and spaces."""
    name = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    name = "".join(
        c for c in name if unicodedata.category(c) not in _INVISIBLE and c not in _RESERVED
    )
    return " ".join(name.split()).strip(" .")[-255:]


def download_name(original_name: str, content_type: str) -> str:
    """The name a document downloads as: the uploader's, cleaned, with the extension of the
    type found in it (``cv.exe`` holding a PDF downloads as ``cv.pdf``)."""
    name = clean_file_name(original_name)
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and _SUFFIX.fullmatch(suffix):
        name = stem.strip(" .")
    return (name[:120].strip(" .") or "document") + EXTENSIONS.get(content_type, "")


# --- Images -----------------------------------------------------------------------------------
def configure_pillow() -> None:
    """Bound every ``Image.open`` in the process, not only the upload checks (start-up)."""
    Image.MAX_IMAGE_PIXELS = max_image_pixels()


def max_image_pixels() -> int:
    return int(getattr(settings, "SMP_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            at += 2
            continue
        if marker == 0xDA:  # start of scan before any frame header
            return None
        if marker in _JPEG_FRAMES and at + 9 <= len(data):
            height, width = struct.unpack_from(">HH", data, at + 5)
            return width, height
        at += 2 + struct.unpack_from(">H", data, at + 2)[0]
    return None


def image_size(data: bytes, content_type: str) -> tuple[int, int] | None:
    """Width and height as the file's header declares them, without decoding anything."""
    if content_type == PNG:
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack_from(">II", data, 16)
        return width, height
    return _jpeg_size(data)


def _check_pixels(width: int, height: int) -> None:
    limit = max_image_pixels()
    if width * height > limit:
        raise _refuse(
            _(
                "This image is %(width)s by %(height)s pixels; the limit is %(limit)s "
                "megapixels. Save or scan it at a lower resolution and try again."
            )
            % {"width": width, "height": height, "limit": f"{limit / 1_000_000:g}"}
        )


def _damaged_image() -> DomainValidationError:
    return _refuse(_("This image is damaged or incomplete. Please upload it again."))


def _re_encode(data: bytes, content_type: str) -> bytes:
    """The pixels only, upright: EXIF (GPS position, device, owner), comments, colour profiles
    and anything after the image's end are not kept."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            _check_pixels(*image.size)  # as Pillow reads the header, too
            image.load()
            upright = ImageOps.exif_transpose(image)
            clean = Image.new(upright.mode, upright.size)
            clean.paste(upright)
            palette = upright.getpalette() if upright.mode == "P" else None
            if palette:
                clean.putpalette(palette)
            options: dict[str, object] = {}
            if isinstance(upright.info.get("transparency"), int | bytes | tuple):
                options["transparency"] = upright.info["transparency"]
            out = io.BytesIO()
            if content_type == PNG:
                clean.save(out, "PNG", **options)
            else:
                clean.save(out, "JPEG", quality=92)
    except DomainValidationError:
        raise
    except Image.DecompressionBombError:
        raise _refuse(_("This image has too many pixels.")) from None
    except Exception:  # Pillow raises many kinds (even IndexError) on malformed images
        raise _damaged_image() from None
    return out.getvalue()


# --- Content checks ---------------------------------------------------------------------------
def _hidden_zip(label: str) -> DomainValidationError:
    return _refuse(
        _(
            "This file has a ZIP archive hidden inside it. Save it again as a plain %(type)s "
            "file and try again."
        )
        % {"type": label}
    )


def _check_pdf(data: bytes) -> None:
    problem = pdf_problem(data)
    if problem is None:
        return
    if problem.kind == "active":
        raise _refuse(
            _("This PDF contains active content (%(what)s); save it as a plain PDF and try again.")
            % {"what": problem.what}
        )
    if problem.kind == "encrypted":
        raise _refuse(
            _(
                "This PDF is encrypted or password-protected, so its content cannot be checked. "
                "Save an unprotected copy and try again."
            )
        )
    if problem.kind == "unchecked":
        raise _refuse(
            _(
                "This PDF could not be checked for active content. Save it again as a plain "
                "PDF (for example with “Print to PDF”) and try again."
            )
        )
    raise _refuse(_("This PDF is damaged or incomplete. Please upload it again."))


def _identify(data: bytes, allowed: frozenset[str]) -> tuple[str | None, archives.Office]:
    no_office = archives.Office(None, None)
    if data.startswith(b"%PDF-"):
        return PDF, no_office
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG, no_office
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG, no_office
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = archives.open_archive(data)
        except archives.ArchiveTooLarge as bomb:
            if bomb.members > archives.MAX_MEMBERS:
                raise _refuse(
                    _(
                        "This file has too many parts (%(members)s; at most %(limit)s are "
                        "accepted), so it was not accepted."
                    )
                    % {"members": bomb.members, "limit": archives.MAX_MEMBERS}
                ) from None
            raise _refuse(
                _(
                    "This file unpacks to %(unzipped)s in %(members)s parts, far more than a "
                    "document of its size (a “zip bomb”), so it was not accepted."
                )
                % {"unzipped": filesizeformat(bomb.unzipped), "members": bomb.members}
            ) from None
        if archive is None:
            return None, no_office
        with archive:
            office = archives.office_document(archive, _OFFICE)
        return office.content_type, office
    if CSV in allowed and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None, no_office
        return CSV, no_office
    return None, no_office


def _scan_for_viruses(data: bytes, digest: str) -> None:
    url = getattr(settings, "CLAMD_URL", "")
    found: str | None = None
    if url:
        try:
            found = clamd_scan(data, url=url, timeout=float(settings.CLAMD_TIMEOUT))
        except ScanError as exc:
            logger.error("Upload refused: the clamd virus scan failed (%s), sha256 %s", exc, digest)
            raise _refuse(
                _(
                    "The file could not be checked for viruses just now, so it was not stored. "
                    "Please try again in a few minutes."
                )
            ) from None
    if found is None and _EICAR in data:
        found = "EICAR-Test-File"
    if found is not None:
        logger.warning("Upload refused: the virus check found %s, sha256 %s", found, digest)
        raise _refuse(
            _("The virus check found “%(name)s” in this file; it was not stored.") % {"name": found}
        )


def check_upload(upload: UploadedFile, *, allowed: frozenset[str], max_bytes: int) -> CheckedUpload:
    """Accept ``upload`` only if its content is one of ``allowed``, small enough and safe to
    store and to open (see the module's docstring)."""
    names = ", ".join(sorted(LABELS[t] for t in allowed))
    if upload.size is None or upload.size == 0:
        raise _refuse(_("The file is empty."))
    if upload.size > max_bytes:
        raise _refuse(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > max_bytes:
        raise _refuse(
            _("The file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(max_bytes)}
        )
    content_type, office = _identify(data, allowed)
    head = data[:2048].lower()
    if (
        content_type is None
        or content_type not in allowed
        or (content_type != CSV and any(m in head for m in _MARKUP))
    ):
        raise _refuse(
            _("This file is not a valid %(types)s file. Its content was checked, not its name.")
            % {"types": names}
        )
    if content_type in IMAGES:
        size = image_size(data, content_type)
        if size is None:
            raise _damaged_image()
        _check_pixels(*size)
    if content_type in (PDF, PNG, JPEG) and archives.contains_zip(data):
        raise _hidden_zip(LABELS[content_type])
    if content_type == PDF:
        _check_pdf(data)
    if office.active is not None:
        raise _refuse(
            _(
                "This document contains %(what)s. Save it as a plain document without macros "
                "(.docx, .xlsx or .odt) and try again."
            )
            % {"what": office.active}
        )
    _scan_for_viruses(data, hashlib.sha256(data).hexdigest())
    if content_type in IMAGES:
        data = _re_encode(data, content_type)
    return CheckedUpload(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=clean_file_name(upload.name or "") or "upload",
        data=data,
    )
