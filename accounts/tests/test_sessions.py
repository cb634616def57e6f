"""Staff sessions end after 30 idle minutes, after 12 hours in all, and with the browser;
migrants keep the normal session."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.middleware import STAFF_SEEN_AT, STAFF_SIGNED_IN_AT
from accounts.models import User
from smp_portal.env import env_int
from tests.clients import ClientFor, assert_sent_to_sign_in

pytestmark = pytest.mark.django_db
PAGE = "/reference/"
PASSWORD = "a-long-test-password"


def _age_session(client: Client, *, idle_seconds: int = 0, age_seconds: int = 0) -> None:
    """Pretend the last request was ``idle_seconds`` ago and sign-in ``age_seconds`` ago."""
    now = int(time.time())
    session = client.session
    session[STAFF_SEEN_AT] = now - idle_seconds
    session[STAFF_SIGNED_IN_AT] = now - max(age_seconds, idle_seconds)
    session.save()


def test_officer_is_signed_out_after_thirty_idle_minutes(
    government_officer: User, client_for: ClientFor
) -> None:
    client = client_for(government_officer)
    assert client.get(PAGE).status_code == 200
    _age_session(client, idle_seconds=29 * 60)
    assert client.get(PAGE).status_code == 200, "signed out before the idle limit"

    _age_session(client, idle_seconds=31 * 60)
    response = client.get(PAGE)
    assert_sent_to_sign_in(response)
    assert SESSION_KEY not in client.session
    sign_in_page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in sign_in_page
    assert client.get(reverse("accounts:token-list")).status_code == 302


def test_activity_keeps_an_officer_signed_in_but_not_beyond_twelve_hours(
    recognition_officer: User, client_for: ClientFor
) -> None:
    client = client_for(recognition_officer)
    _age_session(client, idle_seconds=5 * 60, age_seconds=11 * 3600)
    assert client.get(PAGE).status_code == 200
    _age_session(client, idle_seconds=60, age_seconds=12 * 3600 + 60)
    assert client.get(PAGE).status_code == 302
    assert SESSION_KEY not in client.session


def test_expired_staff_session_gets_json_from_the_api(
    employer_staff: User, client_for: ClientFor
) -> None:
    client = client_for(employer_staff)
    assert client.get("/api/v1/accounts/me/").status_code == 200
    _age_session(client, idle_seconds=31 * 60)
    response = client.get("/api/v1/accounts/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"
    assert SESSION_KEY not in client.session


def test_administrator_session_has_the_same_limits(admin_user: User, client_for: ClientFor) -> None:
    client = client_for(admin_user)
    _age_session(client, idle_seconds=31 * 60)
    assert client.get(reverse("admin:index")).status_code == 302
    assert SESSION_KEY not in client.session


def test_migrant_keeps_the_normal_session(migrant: User, client_for: ClientFor) -> None:
    client = client_for(migrant)
    _age_session(client, idle_seconds=3 * 3600, age_seconds=20 * 3600)
    assert client.get(PAGE).status_code == 200
    assert client.session[SESSION_KEY] == str(migrant.pk)


def test_staff_session_ends_with_the_browser_even_when_remembered(
    provider_staff: User, migrant: User
) -> None:
    EmailAddress.objects.create(
        user=provider_staff, email=provider_staff.email, verified=True, primary=True
    )
    staff_client, migrant_client = Client(), Client()
    sign_in_page = staff_client.get(reverse("account_login")).content.decode()
    assert "Not for staff accounts" in sign_in_page
    for client, user in ((staff_client, provider_staff), (migrant_client, migrant)):
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": PASSWORD, "remember": "on"},
        )
        assert response.status_code == 302
    assert staff_client.session.get_expire_at_browser_close()
    assert staff_client.cookies["sessionid"]["max-age"] == ""
    assert not migrant_client.session.get_expire_at_browser_close()
    assert migrant_client.cookies["sessionid"]["max-age"]


def test_limits_come_from_the_settings(
    government_officer: User, client_for: ClientFor, settings: SettingsWrapper
) -> None:
    settings.SMP_STAFF_IDLE_MINUTES = 5
    client = client_for(government_officer)
    _age_session(client, idle_seconds=6 * 60)
    assert client.get(PAGE).status_code == 302


def test_expired_fragment_request_sends_the_whole_page_to_sign_in(
    government_officer: User, client_for: ClientFor
) -> None:
    client = client_for(government_officer)
    _age_session(client, idle_seconds=31 * 60)
    response = client.get(PAGE, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("account_login")


def test_a_limit_below_one_stops_start_up() -> None:
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SMP_STAFF_IDLE_MINUTES", 30, environ={"SMP_STAFF_IDLE_MINUTES": "0"}, minimum=1)
