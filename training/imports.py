"""Participant imports: a provider uploads a CSV or XLSX file of participants for one cohort.

1. ``import_upload`` checks the file by its content, stores it and queues the check.
2. ``import_validate`` (a Celery task) reads every row, checks it, and writes a preview: the plan
   per row (create a profile, enrol a person already registered with the provider, or nothing to
   do) and the errors per row (line, column, message). Any error makes the whole file INVALID.
3. ``import_confirm`` queues ``import_run`` (a Celery task), which imports all rows or none.

Re-importing a file changes nothing: people are matched by e-mail, phone, or name and date of
birth to the profiles the uploader already sees (those their organisation counsels, and the
people in the cohort), and people already in the cohort are left as they are.

The import is not a way to learn who is on the portal. Rows are never compared with profiles the
uploader cannot see: whether such a profile exists changes nothing in the check, the preview,
its counts, the confirmation or its summary. A row that is someone else's profile becomes a new
profile, and ``migrants`` flags the look-alike pair for the officers' duplicate review after the
import has committed (never merged, never shown to the uploader).

The raw file and the per-row plan are personal data: both are cleared once the import ends,
abandoned imports are ended by ``training.import_retention``, and a person's erasure ends the
unfinished imports that name them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record, audit_record_many
from core.errors import DomainError, DomainValidationError, InvalidTransition
from core.uploads import CSV, XLSX, check_upload
from migrants.internal import profiles_register_imported
from migrants.models import MigrantProfile
from migrants.permissions import intake_organisations_of, profiles_editable_by
from migrants.services import (
    ProfileInput,
    is_international_phone,
    normalize_name,
    normalize_phone,
    oldest_birth_date,
)
from taxonomy.models import Country, Language
from training.models import (
    Cohort,
    Enrolment,
    ImportRowError,
    ParticipantImport,
    Programme,
    Track,
)
from training.permissions import can_manage_programme, get_cohort_for_user

logger = logging.getLogger(__name__)
T = TypeVar("T")
IS = ParticipantImport.Status
ES = Enrolment.Status

# The template's columns, in order. Required ones are marked in REQUIRED_COLUMNS; ``track`` is
# required too when the programme offers both tracks, and each row needs an e-mail or a phone.
COLUMNS: tuple[str, ...] = (
    "participant_ref",
    "given_names",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "country_of_residence",
    "email",
    "phone",
    "contact_language",
    "track",
    "status",
)
REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {"given_names", "family_name", "date_of_birth", "sex", "nationality"}
)
EXAMPLE_ROW: tuple[str, ...] = (
    "REF-0001",
    "Amina",
    "Haddad",
    "1998-04-12",
    "female",
    "MA",
    "MA",
    "amina.haddad@example.org",
    "+212612345678",
    "fr",
    "away",
    "applied",
)
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MIN_AGE = 14
PROGRESS_EVERY = 500
IN_CHUNK = 500  # values per IN (...) look-up: well under every database's parameter limit
NEW_STATUSES: tuple[str, ...] = (ES.APPLIED, ES.SELECTED, ES.ENROLLED)
ACCEPTING: tuple[str, ...] = (
    Cohort.Status.PLANNED,
    Cohort.Status.RECRUITING,
    Cohort.Status.IN_TRAINING,
)
SEXES: dict[str, str] = {
    **{value: value for value in MigrantProfile.Sex.values},
    "f": MigrantProfile.Sex.FEMALE,
    "m": MigrantProfile.Sex.MALE,
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CREATE, ENROL, UNCHANGED = "create", "enrol", "unchanged"


def _chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
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
    too_many: bool = False


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
                table.too_many = True
                break
            table.rows.append((line, cells))
    return table


# --- Upload -----------------------------------------------------------------------------------
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
    return checked.data, "xlsx" if checked.content_type == XLSX else "csv"


@transaction.atomic
def import_upload(*, actor: User, cohort_id: int, upload: UploadedFile) -> ParticipantImport:
    """Store a participant file for ``cohort_id`` and queue its check (``import_validate``)."""
    from training.tasks import import_validate_task

    cohort = get_cohort_for_user(actor, cohort_id, for_write=True)
    if cohort.status not in ACCEPTING:
        raise InvalidTransition(_("This cohort no longer takes participants."))
    data, file_format = _checked_file(upload)
    digest = hashlib.sha256(data).hexdigest()
    participant_import = ParticipantImport.objects.create(
        cohort=cohort,
        uploaded_by=actor,
        file_name=(upload.name or "participants")[-255:],
        file_sha256=digest,
        file_format=file_format,
        content=data,
        status=IS.VALIDATING,
    )
    audit_record(
        actor=actor,
        action="training.import.uploaded",
        target=participant_import,
        to_state=IS.VALIDATING,
        data={"cohort": cohort.pk, "format": file_format, "size": len(data), "sha256": digest},
    )
    transaction.on_commit(lambda: import_validate_task.delay(participant_import.pk))
    return participant_import


# --- Checking the rows ------------------------------------------------------------------------
@dataclass
class _Row:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    birth: date | None = None
    name_key: str = ""
    action: str = ""
    profile_id: int | None = None

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def phone(self) -> str:
        return self.values.get("phone", "")

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def plan_entry(self) -> dict[str, Any]:
        return {"line": self.line, "action": self.action, "profile": self.profile_id, **self.values}

    @classmethod
    def from_plan(cls, entry: dict[str, Any]) -> _Row:
        values = {c: str(entry.get(c, "")) for c in COLUMNS}
        birth = date.fromisoformat(values["date_of_birth"])
        return cls(
            line=int(entry["line"]),
            values=values,
            birth=birth,
            name_key=normalize_name(values["given_names"], values["family_name"]),
            action=str(entry["action"]),
            profile_id=entry.get("profile"),
        )


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class _RowChecker:
    """The rules for one row; reference codes are loaded once per file, not per row."""

    def __init__(self, programme: Programme, index: dict[str, int]) -> None:
        self.programme = programme
        self.index = index
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.today = timezone.localdate()
        self.email_validator = EmailValidator()

    def check(self, line: int, cells: list[str]) -> _Row:
        raw = {
            column: cells[i].strip() if i < len(cells) else "" for column, i in self.index.items()
        }
        row = _Row(line=line)
        values = row.values
        values["participant_ref"] = raw.get("participant_ref", "")
        if len(values["participant_ref"]) > 64:
            row.error("participant_ref", _("Keep the reference to 64 characters or fewer."))
        for column, missing in (
            ("given_names", _("Give the given names.")),
            ("family_name", _("Give the family name.")),
        ):
            values[column] = " ".join(raw.get(column, "").split())
            if not values[column]:
                row.error(column, missing)
            elif len(values[column]) > 150:
                row.error(column, _("Keep it to 150 characters or fewer."))
        if values["given_names"] and values["family_name"]:
            row.name_key = normalize_name(values["given_names"], values["family_name"])
        row.birth = self._birth(row, raw.get("date_of_birth", ""))
        values["date_of_birth"] = row.birth.isoformat() if row.birth else ""
        values["sex"] = SEXES.get(raw.get("sex", "").lower(), "")
        if not values["sex"]:
            row.error("sex", _("Write female, male, another or undisclosed (F and M also work)."))
        values["nationality"] = self._country(row, "nationality", raw, required=True)
        values["country_of_residence"] = self._country(row, "country_of_residence", raw)
        values["email"] = raw.get("email", "").lower()
        if values["email"]:
            try:
                if len(values["email"]) > 254:
                    raise ValidationError("too long")
                self.email_validator(values["email"])
            except ValidationError:
                row.error("email", _("This is not a valid e-mail address."))
        values["phone"] = normalize_phone(raw.get("phone", ""))
        if values["phone"] and not is_international_phone(values["phone"]):
            message = _("Write the number in the international format, e.g. +212612345678.")
            if values["phone"].isdigit():
                message += " " + _("If your spreadsheet removed the +, format the column as text.")
            row.error("phone", message)
        if not values["email"] and not values["phone"]:
            row.error("email", _("Give an e-mail address or a phone number."))
        values["contact_language"] = raw.get("contact_language", "").lower()
        if values["contact_language"] and values["contact_language"] not in self.languages:
            row.error(
                "contact_language",
                _("Unknown language code: use the ISO 639-1 code, e.g. fr or ar."),
            )
        values["track"] = self._track(row, raw.get("track", "").lower())
        values["status"] = raw.get("status", "").lower() or ES.APPLIED
        if values["status"] not in NEW_STATUSES:
            row.error("status", _("Write applied, selected or enrolled (empty means applied)."))
        return row

    def _birth(self, row: _Row, text: str) -> date | None:
        if not text:
            row.error("date_of_birth", _("Give the date of birth."))
            return None
        if not ISO_DATE.match(text):
            row.error("date_of_birth", _("Write the date of birth as YYYY-MM-DD, e.g. 1998-04-12."))
            return None
        try:
            birth = date.fromisoformat(text)
        except ValueError:
            row.error("date_of_birth", _("This date does not exist."))
            return None
        if birth > self.today:
            row.error("date_of_birth", _("The date of birth is in the future."))
        elif _age(birth, self.today) < MIN_AGE:
            row.error(
                "date_of_birth",
                _("Participants must be at least %(age)s years old.") % {"age": MIN_AGE},
            )
        elif birth < oldest_birth_date(self.today):
            row.error("date_of_birth", _("Check the date of birth: the person would be over 100."))
        else:
            return birth
        return None

    def _country(
        self, row: _Row, column: str, raw: dict[str, str], *, required: bool = False
    ) -> str:
        code = raw.get(column, "").upper()
        if not code:
            if required:
                row.error(column, _("Give the ISO 3166-1 alpha-2 country code, e.g. MA."))
            return ""
        if code not in self.countries:
            row.error(column, _("Unknown country code: use the ISO 3166-1 alpha-2 code, e.g. MA."))
        return code

    def _track(self, row: _Row, track: str) -> str:
        single = self.programme.single_track
        if single is None:
            if not track:
                row.error("track", _("Give the track: home or away."))
            elif track not in Track.values:
                row.error("track", _("Write home or away."))
            return track
        if track and track != single:
            row.error(
                "track",
                _("This programme only offers the %(track)s track: leave it empty or write it.")
                % {"track": single},
            )
        return single


def _header_index(header: list[str], programme: Programme) -> tuple[dict[str, int], list[str]]:
    """Column name -> position, and the file-level errors of the header."""
    index: dict[str, int] = {}
    errors: list[str] = []
    unknown: list[str] = []
    for position, name in enumerate(header):
        key = name.strip().lower()
        if not key:
            continue
        if key not in COLUMNS:
            unknown.append(name.strip())
        elif key in index:
            errors.append(_("The column %(name)s appears twice.") % {"name": key})
        else:
            index[key] = position
    if unknown:
        errors.append(
            _("Unknown columns: %(unknown)s. Use the template's columns: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)}
        )
    required = set(REQUIRED_COLUMNS)
    if programme.single_track is None:
        required.add("track")
    missing = [c for c in COLUMNS if c in required and c not in index]
    if missing:
        errors.append(_("Missing columns: %(missing)s.") % {"missing": ", ".join(missing)})
    if "email" not in index and "phone" not in index:
        errors.append(_("Add an email or a phone column (or both)."))
    return index, errors


class _ExistingPeople:
    """The profiles the rows may be, among those the uploader already sees: the people their
    organisation counsels, and the people in this cohort (the provider sees who its participants
    are, and someone who withdrew the counselling consent must not be registered again). Found
    with a few IN queries, never one query per row. Nobody else's profile is looked up: the check
    must take the same course whether or not a stranger with these details exists."""

    def __init__(self, *, actor: User, cohort: Cohort, rows: Sequence[_Row]) -> None:
        self.by_email: dict[str, set[int]] = defaultdict(set)
        self.by_phone: dict[str, set[int]] = defaultdict(set)
        self.by_person: dict[tuple[str, date], set[int]] = defaultdict(set)
        in_cohort = Enrolment.objects.filter(cohort=cohort).values("profile_id")
        known = MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE).filter(
            Q(pk__in=profiles_editable_by(actor).values("pk")) | Q(pk__in=in_cohort)
        )
        emails = {row.email for row in rows if row.email}
        for chunk in _chunks(emails):
            for pk, email in known.filter(contact_email__in=chunk).values_list(
                "pk", "contact_email"
            ):
                self.by_email[email.lower()].add(pk)
            # A migrant who signed up on their own has their login's address.
            for pk, email in known.filter(user__email__in=chunk).values_list("pk", "user__email"):
                self.by_email[email.lower()].add(pk)
        for chunk in _chunks({row.phone for row in rows if row.phone}):
            for pk, phone in known.filter(phone__in=chunk).values_list("pk", "phone"):
                self.by_phone[phone].add(pk)
        for chunk in _chunks({row.name_key for row in rows if row.name_key and row.birth}):
            for pk, name, birth in known.filter(
                normalized_name__in=chunk, date_of_birth__isnull=False
            ).values_list("pk", "normalized_name", "date_of_birth"):
                if birth is not None:
                    self.by_person[(name, birth)].add(pk)
        self.enrolled = set(
            Enrolment.objects.filter(cohort=cohort).values_list("profile_id", flat=True)
        )

    def matches(self, row: _Row) -> dict[int, str]:
        """Profile id -> what matched first (email, phone or person)."""
        found: dict[int, str] = {}
        for pk in self.by_email.get(row.email, ()) if row.email else ():
            found.setdefault(pk, "email")
        for pk in self.by_phone.get(row.phone, ()) if row.phone else ():
            found.setdefault(pk, "phone")
        if row.name_key and row.birth:
            for pk in self.by_person.get((row.name_key, row.birth), ()):
                found.setdefault(pk, "person")
        return found


MATCH_COLUMN = {"email": "email", "phone": "phone", "person": "given_names"}


def _resolve(rows: Sequence[_Row], people: _ExistingPeople, *, can_register: bool) -> None:
    """Set each row's action (create, enrol or unchanged) or add the error that prevents it.
    Every message is about the file or the people the uploader counsels, never anyone else."""
    first_line: dict[int, int] = {}
    for row in rows:
        matches = people.matches(row)
        if len(matches) > 1:
            row.error(
                "email",
                _(
                    "The e-mail, phone, or name and date of birth belong to different people "
                    "registered with your organisation: correct the row."
                ),
            )
        elif matches:
            pk = next(iter(matches))
            if pk in first_line:
                row.error(
                    MATCH_COLUMN[matches[pk]],
                    _("Same person as line %(line)s.") % {"line": first_line[pk]},
                )
            else:
                first_line[pk] = row.line
                row.profile_id = pk
                row.action = UNCHANGED if pk in people.enrolled else ENROL
        elif can_register:
            row.action = CREATE
            row.profile_id = None
        else:
            row.error(
                "",
                _(
                    "This row matches nobody who lets your organisation keep their profile "
                    "(counselling consent), and only training providers and government offices "
                    "register new people."
                ),
            )


def _mark_duplicates_in_file(rows: Sequence[_Row]) -> None:
    """A later row repeating an earlier one's person, e-mail or phone is an error."""
    seen: dict[tuple[str, object], int] = {}
    for row in rows:
        keys: list[tuple[tuple[str, object], str, str]] = []
        if row.name_key and row.birth:
            keys.append(
                (
                    ("person", (row.name_key, row.birth)),
                    "given_names",
                    _("Same person as line %(line)s (same name and date of birth)."),
                )
            )
        if row.email:
            keys.append((("email", row.email), "email", _("Same e-mail address as line %(line)s.")))
        if row.phone:
            keys.append((("phone", row.phone), "phone", _("Same phone number as line %(line)s.")))
        reported = False
        for key, column, message in keys:
            earlier = seen.setdefault(key, row.line)
            if earlier != row.line and not reported:
                row.error(column, message % {"line": earlier})
                reported = True


def _seats_error(cohort: Cohort, rows: Sequence[_Row]) -> str | None:
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    wanted = sum(
        1
        for row in rows
        if row.action in (CREATE, ENROL) and row.values.get("status") in Enrolment.SEATED
    )
    free = max(0, cohort.capacity - seated)
    if wanted > free:
        return _(
            "The file gives a place (selected or enrolled) to %(wanted)s people, but the cohort "
            "has %(free)s free places out of %(capacity)s."
        ) % {"wanted": wanted, "free": free, "capacity": cohort.capacity}
    return None


@dataclass
class _Outcome:
    rows_total: int = 0
    file_errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    rows: list[_Row] = field(default_factory=list)


def _can_register(actor: User, cohort: Cohort) -> bool:
    return any(o.pk == cohort.programme.provider_id for o in intake_organisations_of(actor))


def _check(participant_import: ParticipantImport, actor: User) -> _Outcome:
    cohort = participant_import.cohort
    table = _read_table(participant_import)
    outcome = _Outcome(rows_total=len(table.rows))
    if cohort.status not in ACCEPTING:
        outcome.file_errors.append(("", _("This cohort no longer takes participants.")))
        return outcome
    index, header_errors = _header_index(table.header, cohort.programme)
    outcome.file_errors += [("", message) for message in header_errors]
    if table.too_many:
        outcome.file_errors.append(
            ("", _("The file has more than %(max)s participants: split it.") % {"max": MAX_ROWS})
        )
    elif not table.rows and not header_errors:
        outcome.file_errors.append(("", _("The file has no participants under its header.")))
    if outcome.file_errors:
        return outcome
    participant_import.rows_total = outcome.rows_total
    participant_import.rows_done = 0
    participant_import.save(update_fields=["rows_total", "rows_done", "updated_at"])
    checker = _RowChecker(cohort.programme, index)
    for done, (line, cells) in enumerate(table.rows, start=1):
        outcome.rows.append(checker.check(line, cells))
        if done % PROGRESS_EVERY == 0:
            participant_import.rows_done = done
            participant_import.save(update_fields=["rows_done", "updated_at"])
    _mark_duplicates_in_file(outcome.rows)
    valid = [row for row in outcome.rows if not row.errors]
    people = _ExistingPeople(actor=actor, cohort=cohort, rows=valid)
    _resolve(valid, people, can_register=_can_register(actor, cohort))
    seats = _seats_error(cohort, outcome.rows)
    if seats:
        outcome.file_errors.append(("status", seats))
    return outcome


def import_validate(import_id: int) -> ParticipantImport:
    """Check every row of an uploaded file and store the preview: READY, INVALID, or FAILED
    when the file cannot be read. Run by ``import_validate_task``; running it again on an import
    that is no longer being checked does nothing."""
    participant_import = ParticipantImport.objects.select_related(
        "cohort__programme", "uploaded_by"
    ).get(pk=import_id)
    if participant_import.status != IS.VALIDATING:
        return participant_import
    actor = participant_import.uploaded_by
    if actor is None:
        return _fail(import_id, _("The person who uploaded this file no longer has an account."))
    try:
        outcome = _check(participant_import, actor)
    except Unreadable as exc:
        return _fail(import_id, str(exc))
    except SoftTimeLimitExceeded:
        raise  # import_validate_task ends it with import_time_out
    except Exception:
        logger.exception("participant import %s: checking failed", import_id)
        return _fail(import_id, _("The file could not be checked. Please upload it again."))
    errors = [ImportRowError(line=1, column=c, message=m[:255]) for c, m in outcome.file_errors]
    errors += [
        ImportRowError(line=row.line, column=column, message=message[:255])
        for row in outcome.rows
        for column, message in row.errors
    ]
    planned = [row for row in outcome.rows if not row.errors]
    summary = {
        action: sum(1 for row in planned if row.action == action)
        for action in (CREATE, ENROL, UNCHANGED)
    }
    summary["errors"] = len(errors)
    with transaction.atomic():
        locked = ParticipantImport.objects.select_for_update().get(pk=import_id)
        if locked.status != IS.VALIDATING:  # cancelled meanwhile, or checked by a redelivery
            return locked
        ImportRowError.objects.filter(participant_import=locked).delete()
        for error in errors:
            error.participant_import = locked
        ImportRowError.objects.bulk_create(errors, batch_size=1000)
        locked.status = IS.INVALID if errors else IS.READY
        locked.plan = [row.plan_entry() for row in planned]
        locked.summary = summary
        locked.rows_total = outcome.rows_total
        locked.rows_done = outcome.rows_total
        locked.rows_invalid = sum(1 for row in outcome.rows if row.errors)
        locked.save(
            update_fields=[
                "status",
                "plan",
                "summary",
                "rows_total",
                "rows_done",
                "rows_invalid",
                "updated_at",
            ]
        )
        audit_record(
            actor=None,
            action="training.import.validated",
            target=locked,
            from_state=IS.VALIDATING,
            to_state=locked.status,
            data={"rows": locked.rows_total, "invalid": locked.rows_invalid, **summary},
        )
    return locked


# --- Confirm, run, cancel ---------------------------------------------------------------------
def _authorise(actor: User, import_id: int) -> None:
    """404 for an import of a cohort the actor cannot see, 403 if they may only read it."""
    cohort_id = (
        ParticipantImport.objects.filter(pk=import_id).values_list("cohort_id", flat=True).first()
    )
    if cohort_id is None:
        raise Http404("No such import.")
    get_cohort_for_user(actor, cohort_id, for_write=True)


@transaction.atomic
def import_confirm(*, actor: User, import_id: int) -> ParticipantImport:
    """Import a checked file: all rows or none, by ``import_run_task``."""
    from training.tasks import import_run_task

    _authorise(actor, import_id)
    participant_import = (
        ParticipantImport.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=import_id)
    )
    status = participant_import.status
    if status == IS.INVALID:
        raise InvalidTransition(_("This file has errors: fix them and upload it again."))
    if status == IS.VALIDATING:
        raise InvalidTransition(_("The file is still being checked: wait for its preview."))
    if status != IS.READY:
        raise InvalidTransition(
            _("This import is %(status)s: it cannot be confirmed.")
            % {"status": participant_import.get_status_display().lower()}
        )
    if participant_import.cohort.status not in ACCEPTING:
        raise InvalidTransition(_("This cohort no longer takes participants."))
    participant_import.status = IS.IMPORTING
    participant_import.rows_done = 0
    participant_import.save(update_fields=["status", "rows_done", "updated_at"])
    audit_record(
        actor=actor,
        action="training.import.started",
        target=participant_import,
        from_state=IS.READY,
        to_state=IS.IMPORTING,
        data=participant_import.summary,
    )
    transaction.on_commit(lambda: import_run_task.delay(participant_import.pk))
    return participant_import


def _run(participant_import: ParticipantImport) -> dict[str, int]:
    actor = participant_import.uploaded_by
    if actor is None:
        raise DomainValidationError(
            _("The person who uploaded this file no longer has an account.")
        )
    cohort = (
        Cohort.objects.select_for_update()
        .select_related("programme")
        .get(pk=participant_import.cohort_id)
    )
    if cohort.status not in ACCEPTING:
        raise InvalidTransition(_("This cohort no longer takes participants."))
    if not can_manage_programme(actor, cohort.programme):
        raise DomainValidationError(
            _("The person who uploaded this file may no longer change this cohort.")
        )
    # Check the plan again against the portal as it is now: someone may have registered or
    # enrolled some of these people since the preview.
    rows = [_Row.from_plan(entry) for entry in participant_import.plan]
    planned = {row.line: (row.action, row.profile_id) for row in rows}
    people = _ExistingPeople(actor=actor, cohort=cohort, rows=rows)
    _resolve(rows, people, can_register=_can_register(actor, cohort))
    for row in rows:
        action, profile_id = planned[row.line]
        if row.errors or (action in (ENROL, UNCHANGED) and row.profile_id != profile_id):
            raise DomainValidationError(
                _(
                    "Some people in the file changed on the portal since it was checked. "
                    "Nothing was imported: upload the file again to check it."
                )
            )
    seats = _seats_error(cohort, rows)
    if seats:
        raise DomainValidationError(seats)
    creates = [row for row in rows if row.action == CREATE]
    created = profiles_register_imported(
        actor=actor,
        organisation_id=cohort.programme.provider_id,
        rows=[
            ProfileInput(
                given_names=row.values["given_names"],
                family_name=row.values["family_name"],
                date_of_birth=row.birth,
                sex=row.values["sex"],
                nationality=row.values["nationality"],
                country_of_residence=row.values["country_of_residence"] or None,
                phone=row.phone,
                contact_email=row.email,
                contact_language=row.values["contact_language"] or None,
            )
            for row in creates
        ],
    )
    profiles: dict[int, MigrantProfile] = {}
    for row, profile in zip(creates, created, strict=True):
        row.profile_id = profile.pk
        profiles[profile.pk] = profile
    enrols = [row for row in rows if row.action == ENROL]
    for chunk in _chunks([row.profile_id for row in enrols if row.profile_id is not None]):
        profiles.update(MigrantProfile.objects.only("pk", "pseudonym").in_bulk(chunk))
    new = [
        Enrolment(
            cohort=cohort,
            profile=profiles[row.profile_id],
            status=row.values["status"],
            track=row.values["track"],
            source=Enrolment.Source.IMPORT,
            participant_ref=row.values["participant_ref"],
        )
        for row in (*creates, *enrols)
        if row.profile_id is not None
    ]
    Enrolment.objects.bulk_create(new, batch_size=500)
    for status in NEW_STATUSES:
        audit_record_many(
            actor=actor,
            action="training.enrolment.added",
            targets=[e for e in new if e.status == status],
            to_state=status,
            data_for=lambda e: {
                "cohort": cohort.pk,
                "track": e.track,
                "source": Enrolment.Source.IMPORT.value,
                "import": participant_import.pk,
            },
        )
    return {
        CREATE: len(creates),
        ENROL: len(enrols),
        UNCHANGED: sum(1 for row in rows if row.action == UNCHANGED),
        "errors": 0,
    }


def import_run(import_id: int) -> ParticipantImport:
    """Import a confirmed file in one transaction: every row or, on any error, none (the import
    is then FAILED with the reason). Run by ``import_run_task``; running it again does nothing.

    Progress: the whole import is one transaction, so no other connection could see a progress
    counter written inside it; ``rows_done`` is 0 while importing and the total once imported."""
    try:
        with transaction.atomic():
            participant_import = (
                ParticipantImport.objects.select_for_update(of=("self",))
                .select_related("uploaded_by")
                .get(pk=import_id)
            )
            if participant_import.status != IS.IMPORTING:
                return participant_import
            counts = _run(participant_import)
            participant_import.status = IS.IMPORTED
            participant_import.summary = counts
            participant_import.rows_done = participant_import.rows_total
            participant_import.finished_at = timezone.now()
            participant_import.content = None
            participant_import.plan = []
            participant_import.save(
                update_fields=[
                    "status",
                    "summary",
                    "rows_done",
                    "finished_at",
                    "content",
                    "plan",
                    "updated_at",
                ]
            )
            audit_record(
                actor=participant_import.uploaded_by,
                action="training.import.confirmed",
                target=participant_import,
                from_state=IS.IMPORTING,
                to_state=IS.IMPORTED,
                data={"cohort": participant_import.cohort_id, **counts},
            )
            return participant_import
    except DomainError as exc:
        return _fail(import_id, exc.message)
    except (ParticipantImport.DoesNotExist, SoftTimeLimitExceeded):
        raise
    except Exception:
        logger.exception("participant import %s: import failed", import_id)
        return _fail(
            import_id, _("The import failed and nothing was imported. Please try again later.")
        )


def import_time_out(import_id: int) -> ParticipantImport:
    """End an import that went past its task's time limit (nothing of it was imported)."""
    return _fail(
        import_id,
        _(
            "This file took too long to process, and nothing was imported. Split it into "
            "smaller files and upload them one at a time."
        ),
    )


def _fail(import_id: int, message: str) -> ParticipantImport:
    """End an import as FAILED, outside the transaction that was rolled back."""
    with transaction.atomic():
        participant_import = ParticipantImport.objects.select_for_update().get(pk=import_id)
        if participant_import.status not in (IS.VALIDATING, IS.IMPORTING):
            return participant_import
        previous = participant_import.status
        participant_import.status = IS.FAILED
        participant_import.failure = message
        participant_import.finished_at = timezone.now()
        participant_import.content = None
        participant_import.plan = []
        participant_import.save(
            update_fields=["status", "failure", "finished_at", "content", "plan", "updated_at"]
        )
        audit_record(
            actor=None,
            action="training.import.failed",
            target=participant_import,
            from_state=previous,
            to_state=IS.FAILED,
            data={"failure": message},
        )
    return participant_import


@transaction.atomic
def import_cancel(*, actor: User, import_id: int) -> ParticipantImport:
    """Drop an import before it runs; its file and plan are deleted."""
    _authorise(actor, import_id)
    participant_import = ParticipantImport.objects.select_for_update().get(pk=import_id)
    previous = participant_import.status
    if previous not in (IS.VALIDATING, IS.INVALID, IS.READY):
        raise InvalidTransition(
            _("This import is %(status)s: it can no longer be cancelled.")
            % {"status": participant_import.get_status_display().lower()}
        )
    participant_import.status = IS.CANCELLED
    participant_import.finished_at = timezone.now()
    participant_import.content = None
    participant_import.plan = []
    participant_import.save(
        update_fields=["status", "finished_at", "content", "plan", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="training.import.cancelled",
        target=participant_import,
        from_state=previous,
        to_state=IS.CANCELLED,
    )
    return participant_import
