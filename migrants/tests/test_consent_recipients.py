"""Who a consent may name. The service decides, for the HTML form, the API and every caller
alike, and the reads honour a grant only when its recipient is of a kind its purpose allows."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from accounts.models import Organisation
from migrants.forms import ConsentForm
from migrants.models import ConsentGrant, MigrantProfile
from migrants.permissions import (
    can_edit_profile,
    can_view_disability,
    editable_profile_ids,
    profiles_visible_to,
)
from migrants.tests.factories import (
    counsellor,
    migrant_with_profile,
    organisation_of,
    record_disability,
    registered_in_person,
)
from tests.clients import ApiClientFor, ClientFor

pytestmark = pytest.mark.django_db
ROOT = "/api/v1/migrants/"
K = Organisation.Kind


def _refused_field(response: object) -> str:
    assert response.status_code == 400, response.content  # type: ignore[attr-defined]
    return str(response.json()["field"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("purpose", ["counselling", "disability_share"])
def test_migrant_cannot_grant_an_employer_access_to_the_profile_through_the_api(
    purpose: str, api_client_for: ApiClientFor
) -> None:
    owner, profile = migrant_with_profile()
    employer = counsellor(K.EMPLOYER)

    response = api_client_for(owner).post(
        f"{ROOT}me/consents/", {"purpose": purpose, "organisation": organisation_of(employer).pk}
    )

    assert _refused_field(response) == "organisation"
    assert not ConsentGrant.objects.filter(profile=profile, purpose=purpose).exists()
    employer_api = api_client_for(employer)
    assert employer_api.get(f"{ROOT}profiles/{profile.pk}/").status_code == 403
    assert employer_api.get(f"{ROOT}profiles/").status_code == 403


def test_each_purpose_names_only_the_organisations_it_may(
    api_client_for: ApiClientFor,
) -> None:
    owner, _profile = migrant_with_profile()
    client = api_client_for(owner)
    ids = {kind: organisation_of(counsellor(kind)).pk for kind in K.values}

    def answer(purpose: str, kind: str) -> int:
        body = {"purpose": purpose, "organisation": ids[kind]}
        if purpose == "recognition_share":
            body["qualification"] = client.post(
                f"{ROOT}me/qualifications/",
                {"title": "BTS", "institution": "OFPPT", "country": "MA", "isced_level": 5},
            ).json()["id"]
        return int(client.post(f"{ROOT}me/consents/", body).status_code)

    for purpose, allowed in ConsentGrant.RECIPIENT_KINDS.items():
        for kind in K.values:
            assert answer(purpose, kind) == (201 if kind in allowed else 400), (purpose, kind)
    assert set(ConsentGrant.RECIPIENT_KINDS[ConsentGrant.Purpose.COUNSELLING]) == {
        K.TRAINING_PROVIDER,
        K.NATIONAL_GOVERNMENT,
        K.LOCAL_GOVERNMENT,
    }


def test_the_consent_form_offers_the_same_organisations_the_service_accepts() -> None:
    owner, profile = migrant_with_profile()
    for kind in K.values:
        counsellor(kind)
    for purpose, allowed in ConsentGrant.RECIPIENT_KINDS.items():
        field = ConsentForm(purpose=purpose, profile=profile, user=owner).fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        offered = {pk for pk, _label in field.widget.choices if pk != ""}
        expected = set(
            Organisation.objects.filter(kind__in=allowed, is_active=True).values_list(
                "pk", flat=True
            )
        )
        assert offered == expected, purpose


def test_counsellor_records_in_person_only_what_intake_allows(
    api_client_for: ApiClientFor,
) -> None:
    staff = counsellor()
    profile = registered_in_person(staff)  # no login yet: the counsellor records consents
    client = api_client_for(staff)
    url = f"{ROOT}profiles/{profile.pk}/consents/"
    own = organisation_of(staff).pk
    other_provider = organisation_of(counsellor()).pk
    employer = organisation_of(counsellor(K.EMPLOYER)).pk
    authority = organisation_of(counsellor(K.RECOGNITION_AUTHORITY, country="BE")).pk

    refused = {
        # Another organisation, even one that could counsel: intake only records one's own.
        ("counselling", other_provider): "organisation",
        ("disability_share", other_provider): "organisation",
        ("counselling", employer): "organisation",
        ("disability_share", employer): "organisation",
    }
    for (purpose, organisation), field in refused.items():
        response = client.post(url, {"purpose": purpose, "organisation": organisation})
        assert _refused_field(response) == field, (purpose, organisation)
    # Identity to an employer is the person's own answer to an expression of interest, and a
    # recognition share their own request: not the counsellor's to record (403, as everywhere).
    for purpose, organisation in (
        ("employer_identity", employer),
        ("recognition_share", authority),
    ):
        response = client.post(url, {"purpose": purpose, "organisation": organisation})
        assert response.status_code == 403, (purpose, response.content)

    for body in (
        {"purpose": "statistics"},
        {"purpose": "pool_destination", "country": "DE"},
        {"purpose": "disability_share", "organisation": own},
    ):
        assert client.post(url, body).status_code == 201, body
    assert set(
        profile.consents.filter(withdrawn_at__isnull=True).values_list("purpose", "organisation")
    ) == {
        ("counselling", own),
        ("statistics", None),
        ("pool_destination", None),
        ("disability_share", own),
    }


def test_counsellor_cannot_record_beyond_intake_on_the_consent_page(
    client_for: ClientFor,
) -> None:
    staff = counsellor()
    profile = registered_in_person(staff)
    employer = organisation_of(counsellor(K.EMPLOYER)).pk
    page = reverse("migrants:step", args=[profile.pk, "consents"])

    client = client_for(staff)
    client.post(page, {"purpose": "employer_identity", "organisation": employer, "agreed": "on"})

    assert not profile.consents.filter(purpose="employer_identity").exists()
    offered = client.get(page).content.decode()
    assert "?purpose=statistics" in offered
    assert "?purpose=employer_identity" not in offered
    assert "?purpose=recognition_share" not in offered


def _bad_grants(profile: MigrantProfile, organisation: Organisation) -> None:
    """What the API let through before the service checked recipients."""
    for purpose in ("counselling", "disability_share"):
        ConsentGrant.objects.create(
            profile=profile,
            purpose=purpose,
            organisation=organisation,
            notice_version="2026-01",
            channel=ConsentGrant.Channel.API,
        )


def test_a_grant_to_an_employer_made_before_the_fix_opens_nothing(
    client_for: ClientFor, api_client_for: ApiClientFor
) -> None:
    owner, profile = migrant_with_profile()
    record_disability(owner, profile, "low vision")
    employer = counsellor(K.EMPLOYER)
    _bad_grants(profile, organisation_of(employer))

    pages = client_for(employer)
    for url in (
        reverse("migrants:detail", args=[profile.pk]),
        reverse("migrants:step", args=[profile.pk, "identity"]),
        reverse("migrants:step", args=[profile.pk, "disability"]),
    ):
        assert pages.get(url).status_code == 403, url
    edit = pages.post(reverse("migrants:step", args=[profile.pk, "identity"]), {"given_names": "X"})
    assert edit.status_code == 403
    api = api_client_for(employer)
    assert api.get(f"{ROOT}profiles/{profile.pk}/").status_code == 403
    assert api.patch(f"{ROOT}profiles/{profile.pk}/", {"given_names": "X"}).status_code == 403
    assert api.get(f"{ROOT}profiles/").status_code == 403
    assert not profiles_visible_to(employer).filter(pk=profile.pk).exists()
    assert not can_edit_profile(employer, profile)
    assert not can_view_disability(employer, profile)
    assert editable_profile_ids(employer, [profile.pk]) == set()
    profile.refresh_from_db()
    assert profile.given_names == "Amina"
