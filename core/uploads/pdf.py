"""Finding active content in a PDF without a PDF library: a pass over the file's own syntax.

Officers open uploaded PDFs in desktop readers, which run JavaScript, start programs (/Launch),
open embedded files, play rich media and send form data. A plain document needs none of them,
so a PDF that names any of them is refused.

The scan reads the PDF's dictionaries (everything outside stream data) and the inside of every
object stream, after decompressing it, because since PDF 1.5 dictionaries may sit compressed
there. Stream data itself (page content, images, fonts) is skipped: it is compressed bytes in
which short names such as ``/JS`` turn up by chance. A reader finds objects through the
cross-reference table, so an object hidden inside another stream's data still starts with
``N G obj``; such a stream is scanned too. Names are compared after undoing ``#xx`` escapes
(``/J#61vaScript`` is ``/JavaScript`` to every reader).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What each kind of active content is called in the refusal, the most dangerous first.
ACTIVE_CONTENT: dict[str, Promise] = {
    "javascript": _("JavaScript"),
    "launch": _("an action that starts a program"),
    "remote": _("a link that opens another file"),
    "embedded": _("an embedded file"),
    "richmedia": _("rich media"),
    "xfa": _("an XFA form"),
    "submit": _("a form that sends data"),
    "import": _("an action that imports data"),
    "automatic": _("automatic actions"),
}
# Tokens are compared exactly, after #xx decoding: PDF names are case-sensitive.
ACTIVE_NAMES: dict[bytes, str] = {
    b"/JavaScript": "javascript",
    b"/JS": "javascript",
    b"/Launch": "launch",
    # Opens a file elsewhere, e.g. on a network share, which leaks the reader's Windows login.
    b"/GoToR": "remote",
    b"/EmbeddedFile": "embedded",
    b"/EmbeddedFiles": "embedded",
    b"/FileAttachment": "embedded",
    b"/GoToE": "embedded",
    b"/RichMedia": "richmedia",
    b"/XFA": "xfa",
    b"/SubmitForm": "submit",
    b"/ImportData": "import",
    b"/AA": "automatic",
}

_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<![A-Za-z0-9/#])stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
_OBJECT_HEADER = re.compile(rb"(?<![0-9])\d{1,10}[\x00\t\n\x0c\r ]+\d{1,5}[\x00\t\n\x0c\r ]+obj\b")
_HIDDEN_STRUCTURE = re.compile(_OBJECT_HEADER.pattern + rb"|trailer[\x00\t\n\x0c\r ]*<<")
_FLATE = {b"/FlateDecode", b"/Fl"}
_FILTERS = _FLATE | {
    b"/ASCIIHexDecode",
    b"/AHx",
    b"/ASCII85Decode",
    b"/A85",
    b"/LZWDecode",
    b"/LZW",
    b"/RunLengthDecode",
    b"/RL",
    b"/CCITTFaxDecode",
    b"/CCF",
    b"/JBIG2Decode",
    b"/DCTDecode",
    b"/DCT",
    b"/JPXDecode",
    b"/Crypt",
}
# Object streams hold dictionaries only, so they are small; more than this is not a document.
# A link (/URI action) whose target is a script, which some readers run as the page's own.
_SCRIPT_LINK = re.compile(rb"/URI\s*\(\s*(?:java|vb)script:", re.IGNORECASE)
MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024


class PdfProblem(Exception):
    """Why the PDF is refused: ``kind`` is "active", "encrypted", "unchecked" or "damaged"."""

    def __init__(self, kind: str, what: Promise | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.what = what


@dataclass
class _Stream:
    dictionary: bytes
    payload: bytes


def _names(text: bytes) -> list[bytes]:
    found = []
    for match in _NAME.finditer(text):
        name = match.group()
        if b"#" in name:
            name = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        found.append(name)
    return found


def _split(data: bytes) -> tuple[list[bytes], list[_Stream]]:
    """The file's syntax outside stream data, and each stream with its dictionary."""
    outside: list[bytes] = []
    streams: list[_Stream] = []
    position = 0
    while match := _STREAM.search(data, position):
        before = data[position : match.start()]
        outside.append(before)
        end = data.find(_ENDSTREAM, match.end())
        if end < 0:
            raise PdfProblem("damaged")
        # The stream's dictionary: from its object header (or the previous stream) to here.
        headers = list(_OBJECT_HEADER.finditer(before))
        dictionary = before[headers[-1].end() :] if headers else before
        streams.append(_Stream(dictionary, data[match.end() : end]))
        position = end + len(_ENDSTREAM)
    outside.append(data[position:])
    return outside, streams


def _object_stream_text(stream: _Stream, budget: int) -> bytes:
    names = _names(stream.dictionary)
    filters = [n for n in names if n in _FILTERS]
    if b"/Filter" not in names:
        return stream.payload
    if len(filters) != 1 or filters[0] not in _FLATE or {b"/DecodeParms", b"/DP"} & set(names):
        # Filter chains, predictors and other filters can hide names from this scan.
        raise PdfProblem("unchecked")
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(stream.payload, budget + 1)
    except zlib.error:
        raise PdfProblem("unchecked") from None
    if len(text) > budget:
        raise PdfProblem("unchecked")
    return text


def pdf_problem(data: bytes) -> PdfProblem | None:
    """What makes this PDF unsafe to store, or None for a plain document."""
    try:
        outside, streams = _split(data)
        names = [name for text in outside for name in _names(text)]
        links = list(outside)  # where a link to a script would be written
        if b"/Encrypt" in names:
            # Encrypted object streams cannot be read, so the file cannot be checked.
            return PdfProblem("encrypted")
        budget = MAX_OBJECT_STREAM_BYTES
        for stream in streams:
            dictionary = set(_names(stream.dictionary))
            if b"/ObjStm" in dictionary or {b"/N", b"/First"} <= dictionary:
                text = _object_stream_text(stream, budget)
                budget -= len(text)
                names += _names(text)
                links.append(text)
            elif _HIDDEN_STRUCTURE.search(stream.payload):
                names += _names(stream.payload)
    except PdfProblem as problem:
        return problem
    found = {ACTIVE_NAMES[name] for name in names if name in ACTIVE_NAMES}
    if any(_SCRIPT_LINK.search(text) for text in links):
        found.add("javascript")
    for key, what in ACTIVE_CONTENT.items():
        if key in found:
            return PdfProblem("active", what)
    return None
