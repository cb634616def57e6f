"""Reads of special-category data (disability, GDPR art. 9) by anyone but the person are
audited, on every way in: the profile's disability page and the API's profile detail. The
administration site does not show the data at all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from migrants.models import MigrantProfile
from migrants.tests.factories import (
    counsellor,
    grant,
    migrant_with_profile,
    organisation_of,
    record_disability,
)
from tests.clients import ApiClientFor, ClientFor

pytestmark = pytest.mark.django_db
VIEWED = "migrants.disability.viewed"


@pytest.fixture
def shared() -> tuple[User, MigrantProfile, User]:
    """A migrant who recorded a disability and shared it with a counsellor's organisation:
    (owner, profile, counsellor)."""
    owner, profile = migrant_with_profile()
    record_disability(owner, profile, "Low vision in the left eye", "Large print")
    staff = counsellor()
    for purpose in ("counselling", "disability_share"):
        grant(owner, profile, purpose, organisation_id=organisation_of(staff).pk)
    return owner, profile, staff


def _page(profile: MigrantProfile) -> str:
    return reverse("migrants:step", args=[profile.pk, "disability"])


def _api(profile: MigrantProfile) -> str:
    return f"/api/v1/migrants/profiles/{profile.pk}/"


def test_each_read_by_an_organisation_is_audited_with_who_and_how(
    shared: tuple[User, MigrantProfile, User], client_for: ClientFor, api_client_for: ApiClientFor
) -> None:
    _owner, profile, staff = shared

    page = client_for(staff).get(_page(profile))
    assert page.status_code == 200
    assert "Low vision" in page.content.decode()
    api = api_client_for(staff).get(_api(profile))
    assert api.json()["disability"]["description"] == "Low vision in the left eye"

    events = AuditEvent.objects.filter(action=VIEWED).order_by("pk")
    assert [(e.actor_id, e.target_id, e.data["channel"]) for e in events] == [
        (staff.pk, str(profile.pk), "page"),
        (staff.pk, str(profile.pk), "api"),
    ]
    assert all(e.data["recorded"] is True for e in events)


def test_the_persons_own_reads_are_not_audited(
    shared: tuple[User, MigrantProfile, User], client_for: ClientFor, api_client_for: ApiClientFor
) -> None:
    owner, profile, _staff = shared
    assert "Low vision" in client_for(owner).get(_page(profile)).content.decode()
    assert api_client_for(owner).get("/api/v1/migrants/me/").json()["disability"] is not None
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_without_the_consent_nothing_is_shown_or_recorded_as_read(
    shared: tuple[User, MigrantProfile, User], client_for: ClientFor, api_client_for: ApiClientFor
) -> None:
    owner, profile, _staff = shared
    other = counsellor()  # sees the profile, not the disability
    grant(owner, profile, "counselling", organisation_id=organisation_of(other).pk)
    assert client_for(other).get(_page(profile)).status_code == 404
    assert "disability" not in api_client_for(other).get(_api(profile)).json()
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_the_administration_site_does_not_show_it(
    shared: tuple[User, MigrantProfile, User], admin_user: User, client_for: ClientFor
) -> None:
    _owner, profile, _staff = shared
    info = profile.disability
    url = reverse("admin:migrants_disabilityinformation_change", args=[info.pk])
    page = client_for(admin_user).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Low vision" not in body
    assert "Large print" not in body
