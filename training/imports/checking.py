"""Checking every row of a participant file, and planning what confirming it will do: create a
profile, enrol a person the provider already sees, or leave someone already in the cohort."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from migrants.models import MigrantProfile
from migrants.permissions import intake_organisations_of, profiles_editable_by
from migrants.services import (
    is_international_phone,
    normalize_name,
    normalize_phone,
    oldest_birth_date,
)
from taxonomy.models import Country, Language
from training.imports.files import _read_table
from training.imports.spec import (
    ACCEPTING,
    COLUMNS,
    CREATE,
    ENROL,
    ES,
    ISO_DATE,
    MIN_AGE,
    NEW_STATUSES,
    PROGRESS_EVERY,
    REQUIRED_COLUMNS,
    SEXES,
    UNCHANGED,
    _chunks,
)
from training.models import Cohort, Enrolment, ParticipantImport, Programme, Track


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
    if table.limit is not None:
        outcome.file_errors.append(
            ("", _("The file has more than %(max)s participants: split it.") % {"max": table.limit})
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
