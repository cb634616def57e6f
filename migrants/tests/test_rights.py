from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.http import Http404
from django.test import Client

from accounts.models import ApiToken, User
from accounts.services import api_token_create
from audit.models import AuditEvent
from migrants.models import ConsentGrant, DuplicateFlag, MigrantProfile, QualificationDocument
from migrants.permissions import profiles_visible_to
from migrants.rights.services import profile_erase, profile_export
from migrants.services import (
    consent_withdraw,
    profile_create_for_self,
    profile_update,
)
from migrants.tests.factories import (
    counsellor,
    document,
    fill_profile,
    grant,
    migrant_with_profile,
    profile_input,
    record_disability,
    registered_in_person,
    shared_with_authority,
)
from taxonomy.models import Occupation, Skill
from tests.erasure_support import MARKER_PASSWORD, PERSON_MARKERS, database_hits

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]

PASSWORD = MARKER_PASSWORD
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% MARKERPDF diploma scan\ntrailer<<>>\n%%EOF\n"
MARKERS = [*PERSON_MARKERS, "Marker Diploma Xq", "markerdisability"]


def _full_profile(user: User, profile: MigrantProfile) -> QualificationDocument:
    """Every kind of personal datum, several carrying a marker; the marked consents."""
    record_disability(
        user, profile, "markerdisability: low vision", "Large print, Zubeydaxq prefers e-mail"
    )
    diploma = fill_profile(
        user,
        profile,
        education={
            "institution": "Quorvendal Institute of Technology",
            "start_year": 2016,
            "end_year": 2019,
        },
        skill={"skill_id": Skill.objects.get(preferred_label="debug software").pk},
        language={"certificate_name": "DELF Zubeydaxq"},
        experience={
            "occupation_id": Occupation.objects.get(code="2512").pk,
            "started_on": date(2019, 9, 1),
            "ended_on": date(2022, 3, 1),
            "employer": "Quorvendal Software",
            "description": "Built the Zubeydaxq booking app",
        },
        qualification={
            "title": "Marker Diploma Xq",
            "institution": "Université Hassan II",
            "isced_level": 6,
            "field_code": "061",
            "awarded_on": date(2019, 7, 1),
        },
    )
    withdrawn = grant(user, profile, "statistics")
    consent_withdraw(actor=user, profile_id=profile.pk, consent_id=withdrawn.pk)
    grant(user, profile, "pool_destination", country="DE")
    return document(user, diploma, "zubeydaxq-diploma.pdf", PDF)


def test_migrant_exports_every_personal_datum_and_the_documents(private_media: Path) -> None:
    user, profile = migrant_with_profile()
    scan = _full_profile(user, profile)

    archive = zipfile.ZipFile(io.BytesIO(profile_export(actor=user, profile_id=profile.pk)))

    qualification_id = scan.qualification_id
    assert sorted(archive.namelist()) == [
        f"documents/{qualification_id}/zubeydaxq-diploma.pdf",
        "profile.json",
    ]
    assert archive.read(f"documents/{qualification_id}/zubeydaxq-diploma.pdf") == PDF
    data = json.loads(archive.read("profile.json"))
    # The profile's own records, then each other app's section (empty: none about this person).
    assert list(data) == [
        "format_version",
        "exported_at",
        "account",
        "profile",
        "disability",
        "education",
        "skills",
        "languages",
        "experience",
        "experience_years_by_occupation",
        "qualifications",
        "consents",
        "passport_shares",
        "notifications",
        "history",
        "training",
        "recognition_requests",
        "employer_interests",
        "matches",
    ]
    assert [data[k] for k in list(data)[-4:]] == [[], [], [], []]
    assert data["account"]["email"] == user.email
    assert {k: data["profile"][k] for k in ("given_names", "family_name", "phone")} == {
        "given_names": "Amina",
        "family_name": "Haddad",
        "phone": "+212612345678",
    }
    assert data["profile"]["date_of_birth"] == "1998-04-12"
    assert data["profile"]["nationality"] == {"code": "MA", "name": "Morocco"}
    assert [c["code"] for c in data["profile"]["preferred_destinations"]] == ["BE", "DE"]
    assert data["disability"]["description"] == "markerdisability: low vision"
    assert data["education"][0]["institution"] == "Quorvendal Institute of Technology"
    assert data["skills"] == [
        {
            "skill": "debug software",
            "esco_uri": Skill.objects.get(preferred_label="debug software").uri,
            "proficiency": "advanced",
            "evidence": "self_declared",
        }
    ]
    assert data["languages"][0]["speaking"] == "B2"
    assert data["experience"][0]["employer"] == "Quorvendal Software"
    assert data["experience_years_by_occupation"] == [
        {"isco_code": "2512", "title": data["experience"][0]["occupation"]["title"], "years": 2.5}
    ]
    [qualification] = data["qualifications"]
    assert qualification["title"] == "Marker Diploma Xq"
    assert qualification["documents"][0]["sha256"] == scan.sha256
    assert qualification["documents"][0]["file_in_archive"].endswith("zubeydaxq-diploma.pdf")
    consents = {c["purpose"]: c for c in data["consents"]}
    assert consents["statistics"]["withdrawn_at"] is not None
    assert consents["pool_destination"]["country"]["code"] == "DE"
    assert consents["pool_destination"]["notice_version"]
    actions = [e["action"] for e in data["history"]]
    assert actions[0] == "migrants.profile.created"
    assert "migrants.consent.withdrawn" in actions
    assert (
        AuditEvent.objects.for_target(profile).filter(action="migrants.profile.exported").exists()
    )


def test_others_cannot_export_or_erase_a_profile(
    migrant: User, government_officer: User, admin_user: User
) -> None:
    _, profile = migrant_with_profile()
    staff = counsellor()
    in_person = registered_in_person(staff, given_names="Karim", phone="+212600000001")
    for actor, profile_id in [
        (migrant, profile.pk),
        (government_officer, profile.pk),
        (admin_user, profile.pk),  # a superuser without a written request
        (staff, in_person.pk),  # the counsellor who registered them still may not
    ]:
        with pytest.raises(Http404):
            profile_export(actor=actor, profile_id=profile_id)
        with pytest.raises(Http404):
            profile_erase(actor=actor, profile_id=profile_id)
    assert MigrantProfile.objects.filter(state=MigrantProfile.State.ERASED).count() == 0


def test_superuser_erases_on_a_written_request(admin_user: User) -> None:
    staff = counsellor()
    profile = registered_in_person(staff)

    profile_erase(actor=admin_user, profile_id=profile.pk, request_reference="DPO-2026-017")

    profile.refresh_from_db()
    assert (profile.state, profile.given_names, profile.phone) == ("erased", "", "")
    assert not profile.consents.filter(withdrawn_at__isnull=True).exists()
    event = AuditEvent.objects.for_target(profile).get(action="migrants.profile.erased")
    assert event.data == {
        "consents_ended": 1,  # the counselling consent
        "documents_deleted": 0,
        "basis": "written_request",
        "request_reference": "DPO-2026-017",
    }
    assert not profiles_visible_to(staff).filter(pk=profile.pk).exists()


def _unfinished_imports_naming_the_marker_person() -> list[Any]:
    """A provider's participant files naming the person, checked but not imported: one ready
    to confirm (under a file name with their name), one refused because their row came first,
    where the header belongs (the error report quotes it)."""
    from training.tests.factories import (
        checked_import,
        make_cohort,
        make_setting,
        participant_file,
    )

    setting = make_setting()
    cohort = make_cohort(setting)
    row = {
        "given_names": "Zubeydaxq",
        "family_name": "Quorvendal",
        "date_of_birth": "1995-02-03",
        "sex": "female",
        "nationality": "MA",
        "email": "zq.marker@example.org",
        "phone": "+212655500123",
        "track": "away",
    }
    # The second file is stored but fails its check (a date that does not exist): erasure must
    # reach the content of an invalid import as well as a ready one.
    unfinished = [
        checked_import(setting.staff, cohort, "Zubeydaxq group.csv", participant_file(row)),
        checked_import(
            setting.staff,
            cohort,
            "Zubeydaxq late.csv",
            participant_file({**row, "date_of_birth": "1995-02-31"}),
        ),
    ]
    assert [i.status for i in unfinished] == ["ready", "invalid"]
    return unfinished


def test_after_erasure_nothing_identifying_remains_in_the_database_or_file_store(
    private_media: Path, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:

    user = User.objects.create_user(
        "zq.marker@example.org", PASSWORD, full_name="Zubeydaxq Quorvendal"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    marker_input = profile_input(
        given_names="Zubeydaxq",
        family_name="Quorvendal",
        phone="+212655500123",
        contact_email="zq.marker@example.org",
        date_of_birth=date(1995, 2, 3),
    )
    profile = profile_create_for_self(user=user, data=marker_input)
    authority_staff = shared_with_authority(user, _full_profile(user, profile).qualification)
    marker_input.available_from = date(2027, 6, 1)
    profile_update(actor=user, profile_id=profile.pk, data=marker_input)
    api_token_create(user=user, name="Zubeydaxq's phone")
    profile_export(actor=user, profile_id=profile.pk)
    # Someone else registers with the same phone (flagged), then corrects their number.
    other_user, other = migrant_with_profile(
        given_names="Layla", family_name="Mansouri", phone="+212655500123"
    )
    profile_update(
        actor=other_user,
        profile_id=other.pk,
        data=profile_input(given_names="Layla", family_name="Mansouri", phone="+212699999999"),
    )
    assert DuplicateFlag.objects.filter(status="open").count() == 1
    unfinished = _unfinished_imports_naming_the_marker_person()
    assert Client().login(email="zq.marker@example.org", password=PASSWORD)
    assert Session.objects.exists()
    assert database_hits("Zubeydaxq")  # the search does find what is there
    assert "training.ParticipantImport.content" in database_hits("655500123")
    assert any(b"MARKERPDF" in p.read_bytes() for p in private_media.rglob("*") if p.is_file())
    assert profiles_visible_to(authority_staff).filter(pk=profile.pk).exists()
    history_before = list(
        AuditEvent.objects.for_target(profile).order_by("pk").values_list("pk", "action")
    )

    with django_capture_on_commit_callbacks(execute=True):
        profile_erase(actor=user, profile_id=profile.pk)

    for marker in MARKERS:
        assert database_hits(marker) == [], marker
    for path in private_media.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            assert not any(m.lower().encode() in content for m in MARKERS), path

    for participant_import in unfinished:  # ended, their files deleted
        participant_import.refresh_from_db()
        assert participant_import.status == "cancelled"
        assert (participant_import.content, participant_import.plan) == (None, [])
    profile.refresh_from_db()
    assert profile.state == MigrantProfile.State.ERASED
    assert profile.erased_at is not None
    assert not profile.consents.filter(withdrawn_at__isnull=True).exists()
    assert profile.consents.count() == 3  # the ledger stays, ended
    assert not DuplicateFlag.objects.exists()
    for viewer in (user, User.objects.get(pk=user.pk), other_user, authority_staff):
        assert not profiles_visible_to(viewer).filter(pk=profile.pk).exists()
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email == f"erased-{profile.pseudonym.lower()}@invalid.example"
    assert not Client().login(email="zq.marker@example.org", password=PASSWORD)
    assert not Client().login(email=user.email, password=PASSWORD)
    assert not Session.objects.exists()
    assert not ApiToken.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    # Redacted, not deleted: the same events in the same order, and one more saying so.
    history_after = list(
        AuditEvent.objects.for_target(profile).order_by("pk").values_list("pk", "action")
    )
    assert history_after[:-1] == history_before
    assert history_after[-1][1] == "migrants.profile.erased"
    assert (
        AuditEvent.objects.for_target(profile)
        .get(action="migrants.consent.granted", data__purpose="statistics")
        .data["purpose"]
        == "statistics"
    )
    assert ConsentGrant.objects.filter(profile=profile, purpose="recognition_share").exists()
