from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from tests.clients import ApiClientFor, ClientFor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_on(settings: SettingsWrapper) -> None:
    settings.SMP_MFA_REQUIRED = True


def test_officer_without_authenticator_is_sent_to_set_one_up(
    government_officer: User, client_for: ClientFor
) -> None:
    response = client_for(government_officer).get(reverse("taxonomy:browse"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_officer_without_authenticator_is_refused_by_the_api(
    recognition_officer: User, api_client_for: ApiClientFor
) -> None:
    client = Client()
    client.force_login(recognition_officer)
    response = client.get("/api/v1/accounts/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_officer_with_authenticator_works_normally(
    government_officer: User, client_for: ClientFor
) -> None:
    Authenticator.objects.create(
        user=government_officer, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client_for(government_officer).get(reverse("taxonomy:browse")).status_code == 200


def test_migrant_and_employer_are_not_asked_for_mfa(
    migrant: User, employer_staff: User, client_for: ClientFor
) -> None:
    assert client_for(migrant).get(reverse("taxonomy:browse")).status_code == 200
    assert client_for(employer_staff).get(reverse("taxonomy:browse")).status_code == 200


def test_setup_page_itself_stays_reachable(government_officer: User, client_for: ClientFor) -> None:
    # allauth may first ask for the password again (reauthentication); that page is open too.
    response = client_for(government_officer).get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert all(url.startswith("/accounts/") for url, _ in response.redirect_chain)
