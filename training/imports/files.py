"""Reading a participant file: the template to fill in, CSV and XLSX rows as text cells, and the
check of an upload by its content."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import DomainValidationError
from core.uploads import CSV, XLSX, check_upload
from training.imports.spec import COLUMNS, EXAMPLE_ROW, MAX_BYTES, MAX_ROWS
from training.models import ParticipantImport


# --- Template ---------------------------------------------------------------------------------
def template_csv() -> bytes:
    """The file to download and fill in: UTF-8 with a byte order mark (so spreadsheet programs
    open it as UTF-8), the header and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE_ROW)
    return buffer.getvalue().encode("utf-8-sig")


# --- Reading the file -------------------------------------------------------------------------
class Unreadable(Exception):
    """The file is not a table the import can read."""


def _unreadable() -> Unreadable:
    return Unreadable(
        _(
            "This file could not be read as a table. Save it from your spreadsheet as "
            "“CSV UTF-8” or as an Excel workbook (.xlsx) and upload it again."
        )
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable() from exc
    header = text.split("\n", 1)[0]
    # Spreadsheet programs write "," or, where the decimal mark is a comma, ";"; some use tabs.
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise _unreadable() from exc


def _xlsx_rows(data: bytes, *, formulas: bool = False) -> Iterator[list[str]]:
    """The first sheet's rows; with ``formulas``, a formula cell reads as its formula
    ("=SUM(A1:A3)"), else as the value last computed for it."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise _unreadable() from exc
    try:
        if not workbook.worksheets:
            raise _unreadable()
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield [_cell(value) for value in row]
        except Unreadable:
            raise
        except Exception as exc:
            raise _unreadable() from exc
    finally:
        workbook.close()


@dataclass
class _Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells) of the non-empty rows under the header
    # The row limit, when the file has more rows than it (the rest is not read).
    limit: int | None = None


def file_lines(participant_import: ParticipantImport) -> Iterator[list[str]]:
    """Every line of the stored file as cells, the header included and without a row limit
    (erasure reads them all). Raises ``Unreadable``."""
    data = bytes(participant_import.content or b"")
    return _xlsx_rows(data) if participant_import.file_format == "xlsx" else _csv_rows(data)


def _read_table(participant_import: ParticipantImport) -> _Table:
    table = _Table(header=[], rows=[])
    for line, cells in enumerate(file_lines(participant_import), start=1):
        if line == 1:
            table.header = cells
        elif any(cells):
            if len(table.rows) == MAX_ROWS:
                table.limit = MAX_ROWS
                break
            table.rows.append((line, cells))
    return table


def _checked_file(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and format ("csv" or "xlsx"), judged by content, never by name, and
    checked as every upload is (zip bomb, macros, virus scan: ``check_upload``)."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise DomainValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            field="file",
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        data = upload.read()
        upload.seek(0)
        if not data:
            raise DomainValidationError(_("The file is empty."), field="file")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            decodes = False
        else:
            decodes = b"\x00" not in data
        if not decodes:
            raise DomainValidationError(
                _(
                    "This file is neither a CSV file in UTF-8 nor an Excel workbook (.xlsx). Its "
                    "content was checked, not its name. In your spreadsheet, choose “Save as” and "
                    "“CSV UTF-8” or “Excel workbook”."
                ),
                field="file",
            )
    checked = check_upload(upload, allowed=frozenset({CSV, XLSX}), max_bytes=MAX_BYTES)
    file_format = "xlsx" if checked.content_type == XLSX else "csv"
    _check_cells(checked.data, file_format)
    return checked.data, file_format


# A cell that a spreadsheet program would run as a formula when the file, or a report made
# from the data, is opened ("CSV injection"): it begins with = or @, or with + or - followed by
# anything but a number (E.164 phone numbers such as +212612345678 begin with +).
_FORMULA = re.compile(r"[=@]|[+-](?![\d\s().\-/]*$)")


def _check_cells(data: bytes, file_format: str) -> None:
    """Refuse, before anything is stored, a file that is no participant table at all (its first
    line has none of the template's columns) or that has a formula in any cell. A file that
    cannot be read is left to the background check, which reports it."""
    lines = _xlsx_rows(data, formulas=True) if file_format == "xlsx" else _csv_rows(data)
    # Reading a large workbook cell by cell takes seconds; its text and formulas are found much
    # faster in its XML, so a workbook that has none is read no further than its header.
    every_line = file_format != "xlsx" or _workbook_may_hold_formulas(data)
    try:
        header: list[str] = []
        for line, cells in enumerate(lines, start=1):
            if line == 1:
                header = cells
                if not {cell.strip().lower() for cell in cells} & set(COLUMNS):
                    raise _not_a_table()
            elif line > MAX_ROWS + 1 or not every_line:
                return
            for position, cell in enumerate(cells):
                if _FORMULA.match(cell):
                    raise _formula_in(line, _column_name(header, position), cell)
    except Unreadable:
        return


_XML_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_XML_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</")


def _workbook_may_hold_formulas(data: bytes) -> bool:
    """Whether a sheet of the workbook has a formula, or any of its text (shared or inline)
    begins like one; when in doubt, True."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/") and name.endswith(".xml")):
                    continue
                # check_upload has refused archives that inflate far beyond their size.
                text = archive.read(name)
                if name.startswith("xl/worksheets/") and _XML_FORMULA.search(text):
                    return True
                for found in _XML_TEXT.findall(text):
                    if _FORMULA.match(html.unescape(found.decode("utf-8", "replace")).strip()):
                        return True
    except Exception:  # a damaged archive: read it cell by cell, as the import will
        return True
    return False


def _column_name(header: list[str], position: int) -> str:
    name = header[position].strip() if position < len(header) else ""
    return name or str(position + 1)


def _not_a_table() -> DomainValidationError:
    return DomainValidationError(
        _(
            "This file is not a participant table: its first line has none of the template's "
            "columns (%(columns)s). Its content was checked, not its name."
        )
        % {"columns": ", ".join(COLUMNS)},
        field="file",
    )


def _formula_in(line: int, column: str, cell: str) -> DomainValidationError:
    return DomainValidationError(
        _(
            "Line %(line)s, column %(column)s begins with “%(start)s”, which spreadsheet "
            "programs run as a formula. Remove the formula from that cell (or the character "
            "it begins with) and upload the file again."
        )
        % {"line": line, "column": column[:40], "start": cell[0]},
        field="file",
    )
