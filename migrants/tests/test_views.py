"""The migrant profile pages, as people use them in a browser (on a phone, mostly)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries

from accounts.models import User
from accounts.tests.factories import UserFactory
from migrants.models import (
    ConsentGrant,
    DisabilityInformation,
    DuplicateFlag,
    MigrantProfile,
    QualificationDocument,
)
from migrants.presenters import PAGE_STEPS
from migrants.tests.factories import (
    DIPLOMA_PDF,
    counsellor,
    document,
    grant,
    migrant_with_profile,
    organisation_of,
    qualification,
    registered_in_person,
    shared_with_authority,
)
from taxonomy.models import Occupation, Skill
from tests.clients import ClientFor, assert_sent_to_sign_in, page_text

pytestmark = pytest.mark.django_db
PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) Mobile Safari/537.36"}


def _step(step: str, pk: int | None = None) -> str:
    if pk is None:
        return reverse("migrants:own-step", args=[step])
    return reverse("migrants:step", args=[pk, step])


# --- The migrant's own flow -------------------------------------------------------------------
def test_migrant_creates_a_profile_and_completes_every_step_on_a_phone(
    migrant: User, client_for: ClientFor, private_media: Path
) -> None:
    client = client_for(migrant)
    start = client.get(reverse("migrants:profile"), headers=PHONE)
    assert start.status_code == 200
    assert "I have a code from a counsellor" in page_text(start)

    response = client.post(
        reverse("migrants:profile"),
        {
            "given_names": "Amina",
            "family_name": "Haddad",
            "date_of_birth": "1998-04-12",
            "sex": "female",
            "nationality": "MA",
        },
        headers=PHONE,
    )
    assert response["Location"] == _step("contact")
    profile = MigrantProfile.objects.get(user=migrant)

    response = client.post(
        _step("contact"),
        {
            "phone": "+212 612 345 678",
            "contact_email": "amina@example.org",
            "contact_language": "fr",
        },
        headers=PHONE,
    )
    assert response["Location"] == _step("migration")
    welder = Occupation.objects.get(code="7212")
    response = client.post(
        _step("migration"),
        {
            "migration_status": "returned",
            "returned_from": "ES",
            "country_of_residence": "MA",
            "destination_0": "BE",
            "destination_1": "DE",
            "destination_2": "",
            "occupation_0": str(welder.pk),
            "occupation_1": "",
            "occupation_2": "",
            "available_from": "2027-01-01",
            "track_interest": "away",
        },
        headers=PHONE,
    )
    assert response["Location"] == _step("education")
    profile.refresh_from_db()
    assert profile.phone == "+212612345678"
    assert profile.returned_from_id == "ES"
    assert list(profile.preferred_destinations.values_list("code", flat=True)) == ["BE", "DE"]
    assert list(profile.preferred_occupations.all()) == [welder]

    client.post(
        _step("education"),
        {
            "isced_level": "4",
            "field_code": "071",
            "institution": "OFPPT Casablanca",
            "country": "MA",
            "start_year": "2014",
            "end_year": "2016",
            "completed": "on",
        },
        headers=PHONE,
    )
    search = client.get(_step("skills"), {"q": "tungsten"}, headers=PHONE)
    tig = Skill.objects.get(preferred_label="perform tungsten inert gas welding")
    assert f'value="{tig.pk}"' in page_text(search)
    assert "1 skill matches." in page_text(search)
    client.post(
        _step("skills"),
        {"q": "tungsten", "skill": str(tig.pk), "proficiency": "advanced", "evidence": "assessed"},
        headers=PHONE,
    )
    client.post(
        _step("languages"),
        {"language": "fr", "understanding": "C1", "speaking": "B2", "writing": "B2"},
        headers=PHONE,
    )
    client.post(
        _step("experience"),
        {
            "occupation_id": str(welder.pk),
            "employer": "Soldaduras Levante",
            "country": "ES",
            "started_on": "2018-01-01",
            "ended_on": "2021-01-01",
        },
        headers=PHONE,
    )
    assert "3 years" in page_text(client.get(_step("experience"), headers=PHONE))
    client.post(
        _step("qualifications"),
        {
            "title": "Technicien spécialisé en soudage",
            "institution": "OFPPT",
            "country": "MA",
            "isced_level": "5",
            "awarded_on": "2016-06-30",
        },
        headers=PHONE,
    )
    qualification = profile.qualifications.get()
    response = client.post(
        reverse("migrants:own-document-upload", args=[qualification.pk]),
        {f"doc{qualification.pk}-file": SimpleUploadedFile("diplome.pdf", DIPLOMA_PDF)},
        headers=PHONE,
    )
    assert response["Location"] == _step("qualifications")
    stored = QualificationDocument.objects.get()
    download = client.get(reverse("migrants:document-download", args=[profile.pk, stored.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == DIPLOMA_PDF  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="diplome.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"

    assert client.get(_step("consents"), headers=PHONE).status_code == 200
    response = client.post(
        _step("disability"),
        {"description": "Hearing loss", "needs_accommodation": "on", "accommodation_notes": ""},
        headers=PHONE,
    )
    assert response["Location"] == reverse("migrants:profile")
    assert DisabilityInformation.objects.get(profile=profile).needs_accommodation

    overview = client.get(reverse("migrants:profile"), headers=PHONE)
    assert 'value="100"' in page_text(overview)
    assert "Profile 100% complete" in page_text(overview)
    assert "private" in overview["Cache-Control"]
    assert (profile.education.count(), profile.skills.get().evidence) == (1, "assessed")
    assert profile.languages.get().understanding_id == "C1"


def test_every_step_page_renders_for_the_owner(client_for: ClientFor) -> None:
    user, _profile = migrant_with_profile()
    client = client_for(user)
    for step in PAGE_STEPS:
        response = client.get(_step(step))
        assert response.status_code == 200, step
        assert "Step " in page_text(response)
    assert client.get(_step("nonsense")).status_code == 404


def test_validation_errors_keep_what_was_typed(client_for: ClientFor) -> None:
    user, profile = migrant_with_profile()
    client = client_for(user)
    response = client.post(
        _step("contact"),
        {"phone": "0612 34", "contact_email": "amina.new@example.org", "contact_language": "ar"},
    )
    body = page_text(response)
    assert response.status_code == 200
    assert "Use the international format" in body
    assert 'value="0612 34"' in body
    assert 'value="amina.new@example.org"' in body
    assert '<option value="ar" selected>' in body
    profile.refresh_from_db()
    assert profile.contact_email == "amina.haddad@example.org"

    response = client.post(
        _step("experience"),
        {
            "occupation_id": str(Occupation.objects.get(code="7212").pk),
            "employer": "Atelier Nord",
            "country": "MA",
            "started_on": "2020-05-01",
            "ended_on": "2019-01-01",
        },
    )
    body = page_text(response)
    assert "The end date must not be before the start date." in body
    assert 'value="Atelier Nord"' in body
    assert 'value="2020-05-01"' in body
    assert not profile.experience.exists()

    response = client.post(_step("skills"), {"q": "weld", "proficiency": "basic"})
    body = page_text(response)
    assert "Search for a skill above, then choose it from the list." in body
    assert 'value="weld"' in body  # the search and its results are still there
    assert "use welding equipment" in body


def test_a_refused_document_shows_why_and_nothing_is_stored(
    client_for: ClientFor, private_media: Path
) -> None:
    user, profile = migrant_with_profile()
    diploma = qualification(user, profile)
    response = client_for(user).post(
        reverse("migrants:own-document-upload", args=[diploma.pk]),
        {f"doc{diploma.pk}-file": SimpleUploadedFile("cv.pdf", b"#!/bin/sh\necho hi")},
    )
    assert response.status_code == 200
    assert "Its content was checked, not its name." in page_text(response)
    assert not QualificationDocument.objects.exists()
    assert not any(p.is_file() for p in private_media.rglob("*"))


def test_skill_search_answers_htmx_with_a_fragment(client_for: ClientFor) -> None:
    user, _profile = migrant_with_profile()
    response = client_for(user).get(
        _step("skills"), {"q": "welding techniques"}, HTTP_HX_REQUEST="true"
    )
    body = page_text(response)
    assert "<html" not in body
    assert 'id="skill-results"' in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert "apply arc welding techniques" in body
    assert response["Vary"].count("HX-Request") == 1


def test_entry_remove_deletes_one_entry(client_for: ClientFor) -> None:
    user, profile = migrant_with_profile()
    client = client_for(user)
    client.post(
        _step("languages"),
        {"language": "ar", "understanding": "C2", "speaking": "C2", "writing": "C2"},
    )
    entry = profile.languages.get()
    response = client.post(reverse("migrants:own-entry-remove", args=["languages", entry.pk]))
    assert response["Location"] == _step("languages")
    assert not profile.languages.exists()
    other, _ = migrant_with_profile(given_names="Youssef", phone="+212699999999")
    client.post(
        _step("languages"),
        {"language": "ar", "understanding": "C2", "speaking": "C2", "writing": "C2"},
    )
    foreign = profile.languages.get()
    assert (
        client_for(other)
        .post(reverse("migrants:own-entry-remove", args=["languages", foreign.pk]))
        .status_code
        == 404
    )


def test_home_page_invites_a_migrant_without_a_profile(
    migrant: User, client_for: ClientFor
) -> None:
    body = page_text(client_for(migrant).get(reverse("home")))
    assert "Start your profile" in body
    assert reverse("migrants:profile") in body
    user, _profile = migrant_with_profile(given_names="Youssef", phone="+212699999999")
    body = page_text(client_for(user).get(reverse("home")))
    assert "Start your profile" not in body
    assert "Open my profile" in body


def test_staff_do_not_start_a_profile_of_their_own(client_for: ClientFor) -> None:
    assert client_for(counsellor()).get(reverse("migrants:profile")).status_code == 403


# --- Permission matrix ------------------------------------------------------------------------
@pytest.fixture
def shared_profile(private_media: Path) -> dict[str, Any]:
    """A profile with a document, consented to a counsellor and to a recognition authority."""
    owner, profile = migrant_with_profile()
    nursing = qualification(owner, profile)
    counselling = counsellor()
    grant(owner, profile, "counselling", organisation_id=organisation_of(counselling).pk)
    other, _ = migrant_with_profile(given_names="Youssef", phone="+212699999999")
    return {
        "profile": profile,
        "document": document(owner, nursing),
        "owner": owner,
        "other_migrant": other,
        "counsellor": counselling,
        "recognition": shared_with_authority(owner, nursing),
        "officer": counsellor(kind="national_government", country="MA"),
        "employer": counsellor(kind="employer", country="BE"),
    }


# actor -> (read status, edit status)
MATRIX = {
    "owner": (200, 302),
    "other_migrant": (404, 404),
    "officer": (404, 404),
    "counsellor": (200, 302),
    "recognition": (200, 403),
    "employer": (403, 403),  # refused by role: employers never reach these pages
}


@pytest.mark.parametrize("actor", list(MATRIX))
def test_profile_pages_answer_by_relationship(
    actor: str, shared_profile: dict[str, Any], client_for: ClientFor
) -> None:
    profile, scan = shared_profile["profile"], shared_profile["document"]
    client = client_for(shared_profile[actor])
    read, edit = MATRIX[actor]
    urls = [
        reverse("migrants:detail", args=[profile.pk]),
        _step("languages", profile.pk),
        reverse("migrants:document-download", args=[profile.pk, scan.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == read, url
    response = client.post(
        _step("languages", profile.pk),
        {"language": "tl", "understanding": "C2", "speaking": "C2", "writing": "C2"},
    )
    assert response.status_code == edit
    assert profile.languages.exists() == (edit == 302)


def test_reader_sees_the_step_without_forms(
    shared_profile: dict[str, Any], client_for: ClientFor
) -> None:
    profile = shared_profile["profile"]
    body = page_text(
        client_for(shared_profile["recognition"]).get(_step("qualifications", profile.pk))
    )
    assert "BSc Nursing" in body
    assert "diploma.pdf" in body
    assert "Upload a document" not in body
    assert "csrfmiddlewaretoken" not in body.split("<main", 1)[1]
    # The consent ledger would tell the reader who else holds the person's data.
    assert _step("consents", profile.pk) not in body
    reader = client_for(shared_profile["recognition"])
    assert reader.get(_step("consents", profile.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(shared_profile: dict[str, Any]) -> None:
    profile, scan = shared_profile["profile"], shared_profile["document"]
    client = Client()
    for url in (
        reverse("migrants:profile"),
        reverse("migrants:detail", args=[profile.pk]),
        _step("languages", profile.pk),
        reverse("migrants:document-download", args=[profile.pk, scan.pk]),
    ):
        response = client.get(url)
        assert_sent_to_sign_in(response)


def test_disability_step_is_hidden_from_staff_without_a_disability_consent(
    shared_profile: dict[str, Any], client_for: ClientFor
) -> None:
    profile = shared_profile["profile"]
    client = client_for(shared_profile["counsellor"])
    assert client.get(_step("disability", profile.pk)).status_code == 404
    assert _step("disability", profile.pk) not in page_text(
        client.get(_step("identity", profile.pk))
    )


# --- Consent ----------------------------------------------------------------------------------
def test_migrant_grants_and_withdraws_consent_and_access_ends_at_once(
    client_for: ClientFor,
) -> None:
    user, profile = migrant_with_profile()
    staff = counsellor()
    organisation = organisation_of(staff)
    client = client_for(user)
    chooser = client.get(_step("consents"), {"purpose": "counselling"})
    assert organisation.name in page_text(chooser)
    assert "2026-11" in page_text(chooser)
    detail = reverse("migrants:detail", args=[profile.pk])
    assert client_for(staff).get(detail).status_code == 404

    response = client.post(
        _step("consents"), {"purpose": "counselling", "organisation": str(organisation.pk)}
    )
    assert response["Location"] == _step("consents")
    grant = ConsentGrant.objects.get(profile=profile)
    assert (grant.channel, grant.notice_version) == ("web", "2026-11")
    assert client_for(staff).get(detail).status_code == 200
    listing = page_text(client.get(_step("consents")))
    assert organisation.name in listing
    assert "Withdraw" in listing

    response = client.post(reverse("migrants:own-consent-withdraw", args=[grant.pk]))
    assert response["Location"] == _step("consents")
    grant.refresh_from_db()
    assert grant.withdrawn_at is not None
    assert client_for(staff).get(detail).status_code == 404
    assert "Withdrawn on" in page_text(client.get(_step("consents")))


def test_consent_form_names_what_is_missing(client_for: ClientFor) -> None:
    user, _profile = migrant_with_profile()
    response = client_for(user).post(_step("consents"), {"purpose": "pool_destination"})
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert not ConsentGrant.objects.exists()
    response = client_for(user).post(_step("consents"), {"purpose": "statistics"})
    assert ConsentGrant.objects.get().purpose == "statistics"


def test_counsellor_cannot_decide_consents_after_handover(
    shared_profile: dict[str, Any], client_for: ClientFor
) -> None:
    profile = shared_profile["profile"]
    client = client_for(shared_profile["counsellor"])
    page = client.get(_step("consents", profile.pk), {"purpose": "statistics"})
    assert page.status_code == 200
    assert "give this consent" not in page_text(page)
    response = client.post(_step("consents", profile.pk), {"purpose": "statistics"})
    assert response.status_code == 403
    assert not ConsentGrant.objects.filter(purpose="statistics").exists()


# --- Intake and handover ----------------------------------------------------------------------
def _intake_form(**overrides: str) -> dict[str, str]:
    data = {
        "given_names": "Fatima",
        "family_name": "Zahra",
        "date_of_birth": "2001-02-03",
        "sex": "female",
        "nationality": "MA",
        "phone": "+212611111111",
    }
    data.update(overrides)
    return data


def test_intake_requires_the_in_person_consent(client_for: ClientFor) -> None:
    staff = counsellor()
    client = client_for(staff)
    response = client.post(reverse("migrants:intake-create"), _intake_form())
    assert response.status_code == 200
    assert "Record the person&#x27;s agreement" in page_text(response)
    assert 'value="Fatima"' in page_text(response)
    assert not MigrantProfile.objects.exists()

    response = client.post(reverse("migrants:intake-create"), _intake_form(agreed="on"))
    profile = MigrantProfile.objects.get()
    assert response["Location"] == reverse("migrants:detail", args=[profile.pk])
    grant = profile.consents.get()
    assert (grant.purpose, grant.channel, grant.organisation) == (
        "counselling",
        "in_person",
        organisation_of(staff),
    )
    listing = client.get(reverse("migrants:intake-list"))
    assert "Fatima Zahra" in page_text(listing)
    assert client.get(_step("contact", profile.pk)).status_code == 200


def test_only_intake_staff_register_migrants(
    client_for: ClientFor, migrant: User, employer_staff: User, recognition_officer: User
) -> None:
    for user in (migrant, employer_staff, recognition_officer):
        assert client_for(user).get(reverse("migrants:intake-create")).status_code == 403
        assert client_for(user).get(reverse("migrants:intake-list")).status_code == 403


def test_counsellor_records_consent_in_person_before_handover(client_for: ClientFor) -> None:
    staff = counsellor()
    profile = registered_in_person(staff)
    client = client_for(staff)
    response = client.post(_step("consents", profile.pk), {"purpose": "statistics"})
    assert response.status_code == 200
    assert "Tick this box" in page_text(response)
    client.post(_step("consents", profile.pk), {"purpose": "statistics", "agreed": "on"})
    assert profile.consents.get(purpose="statistics").channel == "in_person"


def test_handover_code_is_shown_once_and_works_once(client_for: ClientFor) -> None:
    staff = counsellor()
    profile = registered_in_person(staff)
    page = client_for(staff).post(reverse("migrants:handover", args=[profile.pk]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    match = re.search(r'id="handover-code" type="text" value="([^"]+)"', page_text(page))
    assert match is not None
    code = match.group(1)

    newcomer: User = UserFactory.create()
    client = client_for(newcomer)
    assert client.get(reverse("migrants:profile")).status_code == 200
    response = client.post(reverse("migrants:claim"), {"code": code})
    assert response["Location"] == reverse("migrants:profile")
    profile.refresh_from_db()
    assert profile.user == newcomer
    assert "Amina Haddad" in page_text(client.get(reverse("migrants:profile")))

    second = client_for(UserFactory.create()).post(reverse("migrants:claim"), {"code": code})
    assert second.status_code == 200
    assert "This code is not valid or has expired." in page_text(second)
    # Once handed over, no new code can be made.
    again = client_for(staff).post(reverse("migrants:handover", args=[profile.pk]))
    assert again["Location"] == reverse("migrants:detail", args=[profile.pk])


# --- Duplicates -------------------------------------------------------------------------------
def test_officer_reviews_a_possible_duplicate(client_for: ClientFor) -> None:
    migrant_with_profile(given_names="Amína", family_name="HADDAD", phone="+212600000001")
    registered_in_person(counsellor(), phone="+212600000002")
    flag = DuplicateFlag.objects.get()
    officer = counsellor(kind="national_government", country="MA")
    client = client_for(officer)
    body = page_text(client.get(reverse("migrants:duplicate-list")))
    assert "Amína HADDAD" in body
    assert "+212600000002" in body
    assert "Same name and date of birth" in body

    response = client.post(
        reverse("migrants:duplicate-review", args=[flag.pk]), {"status": "dismissed"}
    )
    assert response["Location"] == reverse("migrants:duplicate-list")
    flag.refresh_from_db()
    assert (flag.status, flag.reviewed_by) == ("dismissed", officer)
    assert "Nothing to review." in page_text(client.get(reverse("migrants:duplicate-list")))
    assert "Amína HADDAD" in page_text(
        client.get(reverse("migrants:duplicate-list"), {"show": "reviewed"})
    )


def test_officers_of_another_country_do_not_see_the_flag(
    client_for: ClientFor, migrant: User
) -> None:
    migrant_with_profile(phone="+212600000001")
    migrant_with_profile(phone="+212600000002")
    flag = DuplicateFlag.objects.get()
    outsider = counsellor(kind="national_government", country="BE")
    client = client_for(outsider)
    assert "Nothing to review." in page_text(client.get(reverse("migrants:duplicate-list")))
    response = client.post(
        reverse("migrants:duplicate-review", args=[flag.pk]), {"status": "confirmed"}
    )
    assert response.status_code == 404
    assert client_for(migrant).get(reverse("migrants:duplicate-list")).status_code == 403


def test_counsellor_is_not_shown_a_stranger_who_looks_like_the_person_they_registered(
    client_for: ClientFor,
) -> None:
    migrant_with_profile(given_names="Amína", family_name="HADDAD", phone="+212600000001")
    staff = counsellor()
    registered_in_person(staff, phone="+212600000002")
    assert DuplicateFlag.objects.count() == 1
    body = page_text(client_for(staff).get(reverse("migrants:duplicate-list")))
    assert "Nothing to review." in body
    assert "Amína HADDAD" not in body and "+212600000001" not in body
    # Two people the counsellor registered: theirs to review.
    registered_in_person(staff, given_names="Karim", phone="+212600000002")
    assert "Karim" in page_text(client_for(staff).get(reverse("migrants:duplicate-list")))


def test_duplicate_list_queries_do_not_grow_with_the_page(
    client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    officer = counsellor(kind="national_government", country="MA")
    client = client_for(officer)
    migrant_with_profile(phone="+212600000000")
    for i in range(1, 6):
        migrant_with_profile(phone=f"+21260000000{i}")
    assert DuplicateFlag.objects.count() > 5
    with django_assert_max_num_queries(12):
        response = client.get(reverse("migrants:duplicate-list"))
    assert response.status_code == 200


def test_intake_list_queries_do_not_grow_with_the_page(
    client_for: ClientFor, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    staff = counsellor()
    client = client_for(staff)
    for i in range(8):
        registered_in_person(staff, given_names=f"Person{i}", phone=f"+21261000000{i}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("migrants:intake-list"))
    assert "Person7" in page_text(response)


def test_authority_sees_only_the_shared_qualification_and_its_documents(
    shared_profile: dict[str, Any], client_for: ClientFor
) -> None:
    profile = shared_profile["profile"]
    owner = shared_profile["owner"]
    private = qualification(
        owner, profile, title="Unshared Masters", institution="Elsewhere", isced_level=7
    )
    private_document = document(owner, private, "masters.pdf")
    authority = client_for(shared_profile["recognition"])
    page = page_text(authority.get(reverse("migrants:step", args=[profile.pk, "qualifications"])))
    assert "BSc Nursing" in page
    assert "Unshared Masters" not in page
    shared_url = reverse(
        "migrants:document-download", args=[profile.pk, shared_profile["document"].pk]
    )
    private_url = reverse("migrants:document-download", args=[profile.pk, private_document.pk])
    assert authority.get(shared_url).status_code == 200
    assert authority.get(private_url).status_code == 404
    assert client_for(owner).get(private_url).status_code == 200


def test_migrant_downloads_their_data_and_erases_their_account(
    client_for: ClientFor, private_media: Path
) -> None:
    import io
    import json
    import zipfile

    owner, profile = migrant_with_profile(given_names="Exportina")
    client = client_for(owner)
    overview = page_text(client.get(reverse("migrants:profile")))
    assert reverse("migrants:export") in overview
    assert reverse("migrants:erase") in overview

    response = client.get(reverse("migrants:export"))
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("profile.json"))
    assert "Exportina" in json.dumps(data)

    refused = client.post(reverse("migrants:erase"), {"password": "wrong", "understood": "on"})
    assert "The password is not right." in page_text(refused)
    profile.refresh_from_db()
    assert profile.state == "active"

    done = client.post(
        reverse("migrants:erase"), {"password": "a-long-test-password", "understood": "on"}
    )
    assert done.status_code == 302
    profile.refresh_from_db()
    assert profile.state == "erased"
    assert profile.given_names == ""
    assert not Client().login(email=owner.email, password="a-long-test-password")


def test_nobody_else_can_export_or_erase_a_profile(
    shared_profile: dict[str, Any], client_for: ClientFor
) -> None:
    counsellor_client = client_for(shared_profile["counsellor"])
    # Staff keep no profile of their own: both pages refuse them, never show someone else's data.
    assert counsellor_client.get(reverse("migrants:export")).status_code == 403
    assert counsellor_client.post(reverse("migrants:erase"), {}).status_code == 403
    assert (
        shared_profile["profile"].__class__.objects.get(pk=shared_profile["profile"].pk).state
        == "active"
    )
