"""Participant imports as a provider meets them: upload, preview with per-row errors, confirm
all-or-nothing, re-import without changes, and the task path through Celery."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from core.errors import DomainValidationError, InvalidTransition
from migrants.models import ConsentGrant, DuplicateFlag, MigrantProfile
from migrants.permissions import can_edit_profile, editable_profile_ids
from migrants.services import CURRENT_NOTICE_VERSION, profile_create_for_self
from migrants.tests.factories import migrant_with_profile, profile_input, registered_in_person
from partnerships.tests.factories import government_officer_of
from training import imports
from training.imports import (
    COLUMNS,
    import_cancel,
    import_confirm,
    import_run,
    import_upload,
    import_validate,
    template_csv,
)
from training.imports import files as import_files
from training.imports.stalled import imports_resume_stalled
from training.models import Cohort, Enrolment, ImportRowError, ParticipantImport, Programme
from training.selectors import import_detail, import_list_for_cohort
from training.services import cohort_apply_action
from training.tests.factories import (
    Setting,
    enrol,
    make_cohort,
    make_setting,
    participant,
    provider_staff_of,
)

pytestmark = pytest.mark.django_db
IS = ParticipantImport.Status
ES = Enrolment.Status


def person(i: int, **overrides: str) -> dict[str, str]:
    """One valid row; ``i`` makes names, e-mail and phone unique."""
    return {
        "participant_ref": f"REF-{i:05d}",
        "given_names": f"Yasmine{i}",
        "family_name": "Benali",
        "date_of_birth": "1999-05-17",
        "sex": "female" if i % 2 else "male",
        "nationality": "MA",
        "country_of_residence": "MA",
        "email": f"yasmine.{i}@example.org",
        "phone": f"+2126{i:08d}",
        "contact_language": "fr",
        "track": "away" if i % 3 else "home",
        "status": "applied",
        **overrides,
    }


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    columns = header or list(COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c.strip().lower(), "") for c in columns])
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def upload(setting: Setting, cohort: Cohort, content: bytes, name: str = "people.csv") -> Any:
    """Upload and check, as the task would after commit; returns the refreshed import."""
    created = import_upload(
        actor=setting.staff, cohort_id=cohort.pk, upload=SimpleUploadedFile(name, content)
    )
    return import_validate(created.pk)


def confirm_and_run(setting: Setting, participant_import: ParticipantImport) -> ParticipantImport:
    import_confirm(actor=setting.staff, import_id=participant_import.pk)
    return import_run(participant_import.pk)


def errors_of(participant_import: ParticipantImport) -> list[tuple[int, str, str]]:
    return [
        (e.line, e.column, e.message)
        for e in ImportRowError.objects.filter(participant_import=participant_import)
    ]


def counts() -> tuple[int, int, int]:
    return MigrantProfile.objects.count(), Enrolment.objects.count(), ConsentGrant.objects.count()


# --- The happy path ---------------------------------------------------------------------------
def test_provider_imports_a_valid_csv_after_a_preview(setting: Setting, cohort: Cohort) -> None:
    rows = [person(1), person(2, status="selected"), person(3, status="Enrolled")]
    before = counts()

    checked = upload(setting, cohort, csv_bytes(rows))

    assert checked.status == IS.READY
    assert checked.summary == {"create": 3, "enrol": 0, "unchanged": 0, "errors": 0}
    assert (checked.rows_total, checked.rows_done, checked.rows_invalid) == (3, 3, 0)
    assert [entry["line"] for entry in checked.plan] == [2, 3, 4]
    assert checked.plan[2]["status"] == ES.ENROLLED
    assert counts() == before  # a preview changes nothing

    done = confirm_and_run(setting, checked)

    assert done.status == IS.IMPORTED
    assert done.summary == {"create": 3, "enrol": 0, "unchanged": 0, "errors": 0}
    assert done.content is None and done.plan == [] and done.finished_at is not None
    enrolments = list(Enrolment.objects.filter(cohort=cohort).select_related("profile"))
    assert {(e.participant_ref, e.status, e.track, e.source) for e in enrolments} == {
        ("REF-00001", ES.APPLIED, "away", Enrolment.Source.IMPORT),
        ("REF-00002", ES.SELECTED, "away", Enrolment.Source.IMPORT),
        ("REF-00003", ES.ENROLLED, "home", Enrolment.Source.IMPORT),
    }
    profile = next(e.profile for e in enrolments if e.participant_ref == "REF-00001")
    assert (profile.given_names, profile.family_name, profile.date_of_birth) == (
        "Yasmine1",
        "Benali",
        date(1999, 5, 17),
    )
    assert (profile.contact_email, profile.phone, profile.nationality_id) == (
        "yasmine.1@example.org",
        "+212600000001",
        "MA",
    )
    assert profile.registered_by_organisation == setting.provider
    assert profile.normalized_name == "yasmine1 benali"
    assert profile.user_id is None  # counsellor-assisted until the person takes it over
    assert can_edit_profile(setting.staff, profile)
    consent = ConsentGrant.objects.get(profile=profile)
    assert (consent.purpose, consent.channel, consent.organisation, consent.granted_by) == (
        ConsentGrant.Purpose.COUNSELLING,
        ConsentGrant.Channel.IMPORT,
        setting.provider,
        setting.staff,
    )
    assert consent.notice_version == CURRENT_NOTICE_VERSION
    assert len({e.profile.pseudonym for e in enrolments}) == 3
    registered = AuditEvent.objects.filter(action="migrants.profile.imported")
    assert sorted(registered.values_list("target_id", flat=True)) == sorted(
        str(e.profile_id) for e in enrolments
    )
    assert registered.first().data["channel"] == "import"  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="training.enrolment.added").count() == 3
    confirmed = AuditEvent.objects.get(action="training.import.confirmed")
    assert confirmed.data["create"] == 3


def test_template_lists_every_column_and_its_example_imports() -> None:
    content = template_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == list(COLUMNS)
    setting = make_setting()
    checked = upload(setting, make_cohort(setting), content)
    assert checked.status == IS.READY
    assert checked.summary["create"] == 1


def test_xlsx_file_with_date_cells_imports_like_a_csv(setting: Setting, cohort: Cohort) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([c.upper() for c in COLUMNS])  # header case does not matter
    for i in (1, 2):
        values: list[Any] = list(person(i).values())
        values[COLUMNS.index("date_of_birth")] = date(1999, 5, 17)  # a real date cell
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)

    checked = upload(setting, cohort, buffer.getvalue(), name="people.xlsx")

    assert checked.file_format == "xlsx"
    assert checked.status == IS.READY, errors_of(checked)
    assert checked.plan[0]["date_of_birth"] == "1999-05-17"
    assert confirm_and_run(setting, checked).status == IS.IMPORTED
    assert Enrolment.objects.filter(cohort=cohort).count() == 2


def test_xlsx_phone_stored_as_a_number_gets_a_hint(setting: Setting) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    values: list[Any] = list(person(1).values())
    values[COLUMNS.index("phone")] = 212612345678  # Excel dropped the "+"
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)

    checked = upload(setting, make_cohort(setting), buffer.getvalue(), name="people.xlsx")

    [(line, column, message)] = errors_of(checked)
    assert (line, column) == (2, "phone")
    assert "format the column as text" in message


def test_semicolon_csv_with_bom_spaced_header_and_f_m_sexes(setting: Setting) -> None:
    header = [f"  {c.title()} " for c in COLUMNS]
    rows = [person(1, sex="F"), person(2, sex="m")]
    checked = upload(
        setting, make_cohort(setting), csv_bytes(rows, header=header, delimiter=";", bom=True)
    )
    assert checked.status == IS.READY, errors_of(checked)
    assert [entry["sex"] for entry in checked.plan] == ["female", "male"]


# --- Errors per row ---------------------------------------------------------------------------
def _years_ago(years: int) -> str:
    today = timezone.localdate()
    return today.replace(year=today.year - years).isoformat()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("given_names", "", "Give the given names."),
        ("family_name", "  ", "Give the family name."),
        ("participant_ref", "R" * 65, "64 characters"),
        ("date_of_birth", "", "Give the date of birth."),
        ("date_of_birth", "17/05/1999", "YYYY-MM-DD"),
        ("date_of_birth", "1999-02-30", "does not exist"),
        ("date_of_birth", "2999-01-01", "in the future"),
        ("date_of_birth", "__10y__", "at least 14 years old"),
        ("date_of_birth", "1900-01-01", "over 100"),
        ("sex", "x", "female, male, another or undisclosed"),
        ("sex", "", "female, male, another or undisclosed"),
        ("nationality", "", "ISO 3166-1 alpha-2"),
        ("nationality", "XX", "Unknown country code"),
        ("country_of_residence", "MAR", "Unknown country code"),
        ("email", "not-an-address", "not a valid e-mail address"),
        ("phone", "0612345678", "international format"),
        ("contact_language", "fra", "Unknown language code"),
        ("track", "abroad", "home or away"),
        ("track", "", "Give the track"),
        ("status", "certified", "applied, selected or enrolled"),
    ],
)
def test_each_bad_value_is_reported_with_its_line_and_column(
    setting: Setting, cohort: Cohort, column: str, value: str, message: str
) -> None:
    if value == "__10y__":
        value = _years_ago(10)
    rows = [person(1), person(2, **{column: value}), person(3)]

    checked = upload(setting, cohort, csv_bytes(rows))

    assert checked.status == IS.INVALID
    [(line, error_column, error)] = errors_of(checked)
    assert (line, error_column) == (3, column)
    assert message in error
    assert (checked.rows_total, checked.rows_invalid) == (3, 1)
    assert checked.summary == {"create": 2, "enrol": 0, "unchanged": 0, "errors": 1}


def test_a_row_needs_an_email_or_a_phone(setting: Setting) -> None:
    checked = upload(setting, make_cohort(setting), csv_bytes([person(1, email="", phone="")]))
    assert errors_of(checked) == [(2, "email", "Give an e-mail address or a phone number.")]
    ok = upload(setting, make_cohort(setting, code="B"), csv_bytes([person(1, email="")]))
    assert ok.status == IS.READY


def test_one_bad_row_among_many_imports_nothing_and_cannot_be_confirmed(
    setting: Setting, cohort: Cohort
) -> None:
    rows = [person(i) for i in range(1, 41)]
    rows[29]["nationality"] = "Morocco"
    before = counts()

    checked = upload(setting, cohort, csv_bytes(rows))

    assert checked.status == IS.INVALID
    assert errors_of(checked) == [
        (31, "nationality", "Unknown country code: use the ISO 3166-1 alpha-2 code, e.g. MA.")
    ]
    with pytest.raises(InvalidTransition) as err:
        import_confirm(actor=setting.staff, import_id=checked.pk)
    assert "has errors" in err.value.message
    assert import_run(checked.pk).status == IS.INVALID
    assert counts() == before


def test_header_problems_are_file_level_errors_on_line_1(setting: Setting, cohort: Cohort) -> None:
    header = [c for c in COLUMNS if c != "date_of_birth"] + ["Notes"]
    checked = upload(setting, cohort, csv_bytes([person(1)], header=header))
    messages = [(line, message) for line, _column, message in errors_of(checked)]
    assert checked.status == IS.INVALID
    assert (1, "Missing columns: date_of_birth.") in messages
    assert any(line == 1 and "Unknown columns: Notes." in m for line, m in messages)


def test_track_column_is_required_only_when_both_tracks_are_offered() -> None:
    both = make_setting()
    header = [c for c in COLUMNS if c != "track"]
    checked = upload(both, make_cohort(both), csv_bytes([person(1)], header=header))
    assert errors_of(checked) == [(1, "", "Missing columns: track.")]

    home_only = make_setting(tracks=Programme.Tracks.HOME)
    cohort = make_cohort(home_only)
    checked = upload(home_only, cohort, csv_bytes([person(1)], header=header))
    assert checked.status == IS.READY
    assert checked.plan[0]["track"] == "home"
    wrong = upload(home_only, cohort, csv_bytes([person(1, track="away")]))
    [(line, column, message)] = errors_of(wrong)
    assert (line, column) == (2, "track")
    assert "only offers the home track" in message


def test_empty_lines_are_skipped_but_keep_the_line_numbers(setting: Setting) -> None:
    content = csv_bytes([person(1), {}, person(2, sex="?")])
    checked = upload(setting, make_cohort(setting), content)
    assert [(line, column) for line, column, _m in errors_of(checked)] == [(4, "sex")]
    assert checked.rows_total == 2


# --- Duplicates -------------------------------------------------------------------------------
def test_duplicates_inside_the_file_name_the_first_line(setting: Setting) -> None:
    rows = [
        person(1),
        person(2),
        person(3, given_names="yasmine1", family_name="BENALI"),  # same person as line 2
        person(4, email="YASMINE.2@example.org"),  # same e-mail as line 3
        person(5, phone="+212 6000-00001"),  # same phone as line 2
    ]
    checked = upload(setting, make_cohort(setting), csv_bytes(rows))
    assert errors_of(checked) == [
        (4, "given_names", "Same person as line 2 (same name and date of birth)."),
        (5, "email", "Same e-mail address as line 3."),
        (6, "phone", "Same phone number as line 2."),
    ]


def test_person_already_registered_with_the_provider_is_enrolled_not_created(
    setting: Setting, cohort: Cohort
) -> None:
    known = participant(setting, contact_email="yasmine.1@example.org", phone="+212699999999")
    in_cohort = participant(
        setting, given_names="Omar", contact_email="omar@example.org", phone="+212688888888"
    )
    enrol(setting, cohort, in_cohort, status=ES.APPLIED, track="home")
    rows = [
        person(1),  # same e-mail as ``known``
        person(2, given_names="Omar", family_name="Haddad", date_of_birth="1998-04-12"),
        person(3),
    ]
    before_profiles = MigrantProfile.objects.count()

    checked = upload(setting, cohort, csv_bytes(rows))

    assert checked.status == IS.READY, errors_of(checked)
    assert checked.summary == {"create": 1, "enrol": 1, "unchanged": 1, "errors": 0}
    assert [(e["line"], e["action"], e["profile"]) for e in checked.plan] == [
        (2, "enrol", known.pk),
        (3, "unchanged", in_cohort.pk),
        (4, "create", None),
    ]
    confirm_and_run(setting, checked)
    assert MigrantProfile.objects.count() == before_profiles + 1
    enrolment = Enrolment.objects.get(cohort=cohort, profile=known)
    assert (enrolment.source, enrolment.participant_ref) == (Enrolment.Source.IMPORT, "REF-00001")
    untouched = Enrolment.objects.get(cohort=cohort, profile=in_cohort)
    assert (untouched.source, untouched.track) == (Enrolment.Source.PROVIDER, "home")


def _someone_elses(kind: str, row: dict[str, str]) -> MigrantProfile:
    """A profile the uploader cannot see that shares one identifying value with ``row``."""
    # Everything else differs, from the row and from the other strangers.
    others: dict[str, Any] = {
        "given_names": f"Nadia {kind}",
        "family_name": "Other",
        "date_of_birth": date(1990, 1, 2),
        "phone": "+21260000099" + str(["email", "login", "phone", "person"].index(kind)),
        "contact_email": f"nadia.{kind}@example.org",
    }
    if kind == "login":  # signed up alone: the e-mail is their login's, not a contact address
        user = UserFactory.create(email=row["email"])
        data = profile_input(**{**others, "contact_email": ""})
        return profile_create_for_self(user=user, data=data)
    shared = {
        "email": {**others, "contact_email": row["email"]},
        "phone": {**others, "phone": row["phone"]},
        "person": {
            **others,
            "given_names": row["given_names"],
            "family_name": row["family_name"],
            "date_of_birth": date.fromisoformat(row["date_of_birth"]),
        },
    }[kind]
    return registered_in_person(provider_staff_of(), **shared)


def _preview(participant_import: ParticipantImport) -> dict[str, Any]:
    """Everything the uploader can read about a checked file, pages and API alike."""
    return {
        "status": participant_import.status,
        "summary": participant_import.summary,
        "rows": (
            participant_import.rows_total,
            participant_import.rows_done,
            participant_import.rows_invalid,
        ),
        "errors": errors_of(participant_import),
        "plan": participant_import.plan,
        "failure": participant_import.failure,
    }


@pytest.mark.parametrize(
    "uploader", [Organisation.Kind.TRAINING_PROVIDER, Organisation.Kind.EMPLOYER]
)
@pytest.mark.parametrize("shared", ["email", "login", "phone", "person"])
def test_uploader_gets_the_same_preview_whether_or_not_someone_else_has_a_profile(
    setting: Setting, uploader: str, shared: str
) -> None:
    Organisation.objects.filter(pk=setting.provider.pk).update(kind=uploader)
    cohort = make_cohort(setting)
    content = csv_bytes([person(1), person(2)])
    fresh = _preview(upload(setting, cohort, content))

    stranger = _someone_elses(shared, person(1))
    known = _preview(upload(setting, cohort, content))

    assert known == fresh
    assert stranger.pseudonym not in str(known)


def test_imported_lookalikes_go_to_the_officers_duplicate_review_not_to_the_uploader(
    setting: Setting,
    cohort: Cohort,
    client_for: Callable[..., Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    rows = [person(1), person(2), person(3)]
    same_person = _someone_elses("person", rows[0])
    same_phone = _someone_elses("phone", rows[1])
    same_email = _someone_elses("email", rows[2])
    content = csv_bytes(rows)
    assert not DuplicateFlag.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = confirm_and_run(setting, upload(setting, cohort, content))

    assert done.summary == {"create": 3, "enrol": 0, "unchanged": 0, "errors": 0}
    imported = {
        e.profile.contact_email: e.profile
        for e in Enrolment.objects.filter(cohort=cohort).select_related("profile")
    }
    flags = {
        (flag.profile_id, flag.other_id): flag.reasons
        for flag in DuplicateFlag.objects.filter(status=DuplicateFlag.Status.OPEN)
    }

    def pair(a: MigrantProfile, b: MigrantProfile) -> tuple[int, int]:
        low, high = sorted((a.pk, b.pk))
        return low, high

    assert flags == {
        pair(same_person, imported[rows[0]["email"]]): ["name_and_birth_date"],
        pair(same_phone, imported[rows[1]["email"]]): ["phone"],
        pair(same_email, imported[rows[2]["email"]]): ["email"],
    }
    # Never merged: the existing profiles keep their own data and nobody else's consent.
    for existing in (same_person, same_phone, same_email):
        existing.refresh_from_db()
        assert existing.state == MigrantProfile.State.ACTIVE
        assert not can_edit_profile(setting.staff, existing)
    officer = government_officer_of("MA")
    review = client_for(officer).get(reverse("migrants:duplicate-list")).content.decode()
    assert "3 pairs" in review
    assert "Same e-mail address" in review
    uploader_view = client_for(setting.staff).get(reverse("migrants:duplicate-list"))
    assert "Nothing to review." in uploader_view.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        again = confirm_and_run(setting, upload(setting, cohort, content))
    assert again.summary == {"create": 0, "enrol": 0, "unchanged": 3, "errors": 0}
    assert DuplicateFlag.objects.count() == 3


def test_a_participant_who_withdrew_counselling_is_left_unchanged_not_registered_again(
    setting: Setting, cohort: Cohort
) -> None:
    content = csv_bytes([person(1), person(2)])
    confirm_and_run(setting, upload(setting, cohort, content))
    first = Enrolment.objects.get(cohort=cohort, participant_ref="REF-00001").profile
    grant = first.consents.get(purpose="counselling")
    ConsentGrant.objects.filter(pk=grant.pk).update(withdrawn_at=timezone.now())
    assert not can_edit_profile(setting.staff, first)
    before = counts()

    again = upload(setting, cohort, content)

    # The provider still sees the people in its own cohort: no second profile for them.
    assert again.summary == {"create": 0, "enrol": 0, "unchanged": 2, "errors": 0}
    assert confirm_and_run(setting, again).status == IS.IMPORTED
    assert counts() == before


def test_reimporting_the_same_file_changes_nothing(setting: Setting, cohort: Cohort) -> None:
    content = csv_bytes([person(i, status="selected" if i < 3 else "applied") for i in range(8)])
    confirm_and_run(setting, upload(setting, cohort, content))
    before = counts()
    events = AuditEvent.objects.exclude(action__startswith="training.import.").count()

    again = upload(setting, cohort, content)

    assert again.status == IS.READY
    assert again.summary == {"create": 0, "enrol": 0, "unchanged": 8, "errors": 0}
    done = confirm_and_run(setting, again)
    assert done.status == IS.IMPORTED
    assert done.summary == {"create": 0, "enrol": 0, "unchanged": 8, "errors": 0}
    assert counts() == before
    assert AuditEvent.objects.exclude(action__startswith="training.import.").count() == events


def test_two_uploads_checked_before_either_runs_do_not_create_people_twice(
    setting: Setting, cohort: Cohort
) -> None:
    content = csv_bytes([person(1), person(2)])
    first = upload(setting, cohort, content)
    second = upload(setting, cohort, content)
    assert second.summary["create"] == 2  # nothing imported yet when it was checked

    confirm_and_run(setting, first)
    before = counts()
    done = confirm_and_run(setting, second)

    assert done.status == IS.IMPORTED
    assert done.summary == {"create": 0, "enrol": 0, "unchanged": 2, "errors": 0}
    assert counts() == before


def test_someone_enrolled_meanwhile_is_left_unchanged(setting: Setting, cohort: Cohort) -> None:
    known = participant(setting, contact_email="yasmine.1@example.org", phone="+212699999999")
    checked = upload(setting, cohort, csv_bytes([person(1), person(2)]))
    assert checked.plan[0]["action"] == "enrol"
    enrol(setting, cohort, known, status=ES.APPLIED, track="home")

    done = confirm_and_run(setting, checked)

    assert done.summary == {"create": 1, "enrol": 0, "unchanged": 1, "errors": 0}
    assert Enrolment.objects.get(cohort=cohort, profile=known).source == Enrolment.Source.PROVIDER


def test_employer_academy_cannot_register_new_people(setting: Setting) -> None:
    Organisation.objects.filter(pk=setting.provider.pk).update(kind=Organisation.Kind.EMPLOYER)
    checked = upload(setting, make_cohort(setting), csv_bytes([person(1)]))
    [(line, column, message)] = errors_of(checked)
    assert (line, column) == (2, "")
    assert "only training providers and government offices register new people" in message


# --- Capacity ---------------------------------------------------------------------------------
def test_more_seats_than_the_cohort_has_is_a_file_error(setting: Setting) -> None:
    cohort = make_cohort(setting, capacity=3)
    seated = participant(setting, contact_email="s@example.org", phone="+212655555555")
    enrol(setting, cohort, seated, status=ES.SELECTED, track="home")
    rows = [
        person(1, status="selected"),
        person(2, status="enrolled"),
        person(3, status="selected"),
    ]

    checked = upload(setting, cohort, csv_bytes(rows))

    assert checked.status == IS.INVALID
    [(line, column, message)] = errors_of(checked)
    assert (line, column) == (1, "status")
    assert "to 3 people, but the cohort has 2 free places out of 3" in message
    fits = upload(setting, cohort, csv_bytes([*rows[:2], person(3)]))  # the third only applies
    assert fits.status == IS.READY


# --- The file itself --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "neither a CSV file in UTF-8"),
        ("given_names;family_name\nJosé;Núñez\n".encode("latin-1"), "neither a CSV file"),
        (b"given_names,family_name\x00\n", "neither a CSV file"),
        (b"", "empty"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused(
    setting: Setting, cohort: Cohort, content: bytes, message: str
) -> None:
    with pytest.raises(DomainValidationError) as err:
        import_upload(
            actor=setting.staff, cohort_id=cohort.pk, upload=SimpleUploadedFile("a.csv", content)
        )
    assert err.value.field == "file"
    assert message in err.value.message
    assert not ParticipantImport.objects.exists()


def test_files_over_the_size_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_files, "MAX_BYTES", 100)
    setting = make_setting()
    content = csv_bytes([person(i) for i in range(5)])
    with pytest.raises(DomainValidationError) as err:
        import_upload(
            actor=setting.staff,
            cohort_id=make_cohort(setting).pk,
            upload=SimpleUploadedFile("a.csv", content),
        )
    assert "the limit is 100" in err.value.message


def test_too_many_rows_is_a_file_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    setting = make_setting()
    checked = upload(setting, make_cohort(setting), csv_bytes([person(i) for i in range(4)]))
    assert errors_of(checked) == [(1, "", "The file has more than 3 participants: split it.")]


def test_a_damaged_workbook_fails_with_a_message(setting: Setting) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not really a workbook")
    checked = upload(setting, make_cohort(setting), buffer.getvalue(), name="people.xlsx")
    assert checked.status == IS.FAILED
    assert "could not be read as a table" in checked.failure
    assert checked.content is None


def test_a_cohort_that_no_longer_takes_participants_refuses_uploads(
    setting: Setting, cohort: Cohort
) -> None:
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="cancel", reason="x")
    with pytest.raises(InvalidTransition):
        import_upload(
            actor=setting.staff,
            cohort_id=cohort.pk,
            upload=SimpleUploadedFile("a.csv", csv_bytes([person(1)])),
        )


# --- Permissions, cancel, selectors -----------------------------------------------------------
def test_other_provider_gets_404_and_partnership_officer_may_only_read(
    setting: Setting, cohort: Cohort
) -> None:
    checked = upload(setting, cohort, csv_bytes([person(1)]))
    outsider = provider_staff_of()
    file = SimpleUploadedFile("a.csv", csv_bytes([person(2)]))

    with pytest.raises(Http404):
        import_upload(actor=outsider, cohort_id=cohort.pk, upload=file)
    with pytest.raises(Http404):
        import_confirm(actor=outsider, import_id=checked.pk)
    with pytest.raises(Http404):
        import_cancel(actor=outsider, import_id=checked.pk)
    assert import_detail(user=outsider, import_id=checked.pk) is None
    assert not import_list_for_cohort(user=outsider, cohort=cohort).exists()

    with pytest.raises(PermissionDenied):
        import_upload(actor=setting.officer, cohort_id=cohort.pk, upload=file)
    with pytest.raises(PermissionDenied):
        import_confirm(actor=setting.officer, import_id=checked.pk)
    with pytest.raises(PermissionDenied):
        import_cancel(actor=setting.officer, import_id=checked.pk)
    assert import_detail(user=setting.officer, import_id=checked.pk) == checked
    assert ParticipantImport.objects.get(pk=checked.pk).status == IS.READY


def test_provider_lists_the_cohorts_imports_newest_first(setting: Setting, cohort: Cohort) -> None:
    first = upload(setting, cohort, csv_bytes([person(1)]))
    second = upload(setting, cohort, csv_bytes([person(1, sex="?")]))
    other_cohort = make_cohort(setting, code="OTHER")
    upload(setting, other_cohort, csv_bytes([person(1)]))
    assert list(import_list_for_cohort(user=setting.staff, cohort=cohort)) == [second, first]


def test_cancel_drops_the_file_and_ends_the_import(setting: Setting) -> None:
    checked = upload(setting, make_cohort(setting), csv_bytes([person(1)]))
    cancelled = import_cancel(actor=setting.staff, import_id=checked.pk)
    assert cancelled.status == IS.CANCELLED
    assert cancelled.content is None and cancelled.plan == []
    with pytest.raises(InvalidTransition):
        import_confirm(actor=setting.staff, import_id=checked.pk)
    with pytest.raises(InvalidTransition):
        import_cancel(actor=setting.staff, import_id=checked.pk)


def test_an_imported_file_can_no_longer_be_cancelled(setting: Setting) -> None:
    done = confirm_and_run(setting, upload(setting, make_cohort(setting), csv_bytes([person(1)])))
    with pytest.raises(InvalidTransition):
        import_cancel(actor=setting.staff, import_id=done.pk)


def test_a_file_cancelled_while_being_checked_stays_cancelled(
    setting: Setting, cohort: Cohort
) -> None:
    created = import_upload(
        actor=setting.staff,
        cohort_id=cohort.pk,
        upload=SimpleUploadedFile("a.csv", csv_bytes([person(1)])),
    )
    import_cancel(actor=setting.staff, import_id=created.pk)
    assert import_validate(created.pk).status == IS.CANCELLED
    assert not ImportRowError.objects.exists()


# --- Running: all or nothing, once ------------------------------------------------------------
def test_a_failure_while_importing_rolls_everything_back(
    setting: Setting, cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = upload(setting, cohort, csv_bytes([person(i) for i in range(5)]))
    before = counts()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # Fails after the profiles, consents and enrolments were written.
    monkeypatch.setattr(imports, "audit_record_many", broken)
    failed = confirm_and_run(setting, checked)

    assert failed.status == IS.FAILED
    assert "nothing was imported" in failed.failure
    assert failed.content is None
    assert counts() == before
    assert import_run(checked.pk).status == IS.FAILED  # and it stays so


def test_running_an_import_twice_imports_once(setting: Setting) -> None:
    checked = upload(setting, make_cohort(setting), csv_bytes([person(1), person(2)]))
    done = confirm_and_run(setting, checked)
    before = counts()
    assert import_run(done.pk).status == IS.IMPORTED
    assert counts() == before


def test_imports_whose_message_was_lost_are_sent_again_once_stalled(
    setting: Setting, cohort: Cohort, commit: Callable[..., Any], settings: Any
) -> None:
    """A broker restarted without persistence forgets the check's and the import's messages:
    the beat's sweep sends them again once the import has shown no progress for
    SMP_STALLED_JOB_SECONDS, and an ended import is left alone."""
    settings.SMP_STALLED_JOB_SECONDS = 60
    later = timezone.now() + timedelta(seconds=61)
    checking = import_upload(  # its check's message never leaves (lost)
        actor=setting.staff,
        cohort_id=cohort.pk,
        upload=SimpleUploadedFile("a.csv", csv_bytes([person(1), person(2)])),
    )
    assert commit(imports_resume_stalled) == 0  # too early: maybe only waiting in the queue
    assert commit(imports_resume_stalled, now=later) == 1
    checking.refresh_from_db()
    assert checking.status == IS.READY
    import_confirm(actor=setting.staff, import_id=checking.pk)  # its run's message is lost too
    assert commit(imports_resume_stalled, now=later) == 1
    checking.refresh_from_db()
    assert checking.status == IS.IMPORTED
    assert Enrolment.objects.filter(cohort=cohort).count() == 2
    assert commit(imports_resume_stalled, now=later) == 0
    assert AuditEvent.objects.filter(action="training.import.confirmed").count() == 1


def test_a_cohort_closed_before_the_run_fails_the_import(setting: Setting, cohort: Cohort) -> None:
    checked = upload(setting, cohort, csv_bytes([person(1)]))
    import_confirm(actor=setting.staff, import_id=checked.pk)
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="cancel", reason="x")
    failed = import_run(checked.pk)
    assert failed.status == IS.FAILED
    assert failed.failure == "This cohort no longer takes participants."


def test_the_task_path_checks_then_imports_through_celery(
    setting: Setting, cohort: Cohort, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = import_upload(
            actor=setting.staff,
            cohort_id=cohort.pk,
            upload=SimpleUploadedFile("a.csv", csv_bytes([person(1), person(2)])),
        )
    created.refresh_from_db()
    assert created.status == IS.READY
    with django_capture_on_commit_callbacks(execute=True):
        import_confirm(actor=setting.staff, import_id=created.pk)
    created.refresh_from_db()
    assert created.status == IS.IMPORTED
    assert Enrolment.objects.filter(cohort=cohort, source=Enrolment.Source.IMPORT).count() == 2


# --- Scale ------------------------------------------------------------------------------------
def _queries(fn: Callable[[], object]) -> tuple[int, int]:
    """(queries other than INSERTs, INSERTs): SQLite splits a bulk insert into batches of at
    most 999 parameters, so only the inserts may grow with the number of rows."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    inserts = sum(1 for q in captured.captured_queries if q["sql"].startswith("INSERT"))
    return len(captured) - inserts, inserts


def test_checking_and_importing_queries_do_not_grow_with_the_rows(setting: Setting) -> None:
    for i in (1, 2):  # people the files enrol rather than create
        participant(setting, contact_email=f"yasmine.{i}@example.org", phone=f"+2126{i:08d}")
    measured = []
    for n, code in ((1, "WARM-UP"), (10, "SMALL"), (300, "LARGE")):  # the first fills caches
        cohort = make_cohort(setting, code=code, capacity=1000)
        created = import_upload(
            actor=setting.staff,
            cohort_id=cohort.pk,
            upload=SimpleUploadedFile("a.csv", csv_bytes([person(i) for i in range(1, n + 1)])),
        )
        checking = _queries(partial(import_validate, created.pk))
        import_confirm(actor=setting.staff, import_id=created.pk)
        importing = _queries(partial(import_run, created.pk))
        assert ParticipantImport.objects.get(pk=created.pk).status == IS.IMPORTED
        measured.append((checking, importing))
    (small_checking, small_importing), (large_checking, large_importing) = measured[1:]
    assert small_checking == large_checking
    assert small_importing[0] == large_importing[0]
    assert large_importing[1] < 300 / 10  # bulk inserts, not one per row


def test_ten_thousand_rows_import_fully(setting: Setting) -> None:
    cohort = make_cohort(setting, capacity=20_000)
    rows = [person(i, status="enrolled" if i % 10 == 0 else "applied") for i in range(10_000)]

    checked = upload(setting, cohort, csv_bytes(rows))

    assert checked.status == IS.READY
    assert checked.summary == {"create": 10_000, "enrol": 0, "unchanged": 0, "errors": 0}
    assert checked.progress_percent == 100
    done = confirm_and_run(setting, checked)
    assert done.status == IS.IMPORTED
    assert Enrolment.objects.filter(cohort=cohort).count() == 10_000
    assert Enrolment.objects.filter(cohort=cohort, status=ES.ENROLLED).count() == 1_000
    assert (
        ConsentGrant.objects.filter(
            channel=ConsentGrant.Channel.IMPORT, organisation=setting.provider
        ).count()
        == 10_000
    )


# --- The bulk permission helper ---------------------------------------------------------------
def test_editable_profile_ids_agrees_with_can_edit_profile(setting: Setting) -> None:
    mine = participant(setting, contact_email="m@example.org", phone="+212644444444")
    theirs = registered_in_person(provider_staff_of(), contact_email="t@example.org")
    _user, alone = migrant_with_profile(contact_email="a@example.org", phone="+212633333333")
    profiles = [mine, theirs, alone]
    expected = {p.pk for p in profiles if can_edit_profile(setting.staff, p)}
    assert expected == {mine.pk}
    assert editable_profile_ids(setting.staff, [p.pk for p in profiles]) == expected
    assert editable_profile_ids(setting.officer, [p.pk for p in profiles]) == set()
