"""The administration site signs people in through the portal's own sign-in, with its second
factor and its throttle; its own password form accepts nothing."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from tests.clients import assert_sent_to_sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-admin-password"


@pytest.fixture(autouse=True)
def _mfa_on(settings: SettingsWrapper) -> None:
    settings.SMP_MFA_REQUIRED = True


@pytest.fixture
def admin_with_totp(admin_user: User) -> tuple[User, str]:
    EmailAddress.objects.create(
        user=admin_user, email=admin_user.email, verified=True, primary=True
    )
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    return admin_user, secret


def _current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def _assert_signed_out(client: Client) -> None:
    assert SESSION_KEY not in client.session
    admin_index = client.get(reverse("admin:index"))
    assert admin_index.status_code == 302, "the administration site opened without a session"
    assert client.get(reverse("accounts:token-list")).status_code == 302
    assert client.get(reverse("partnerships:list")).status_code == 302
    assert client.get("/api/v1/accounts/me/").status_code in (401, 403)


def test_admin_with_totp_cannot_sign_in_at_admin_login_with_the_password_alone(
    admin_with_totp: tuple[User, str], client: Client
) -> None:
    admin, _secret = admin_with_totp
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    _assert_signed_out(client)


def test_admin_login_page_sends_to_the_portal_sign_in(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    assert_sent_to_sign_in(response)


def test_wrong_passwords_at_admin_login_never_reach_a_password_check(
    admin_with_totp: tuple[User, str], client: Client
) -> None:
    admin, _secret = admin_with_totp
    for _ in range(25):
        response = client.post(
            reverse("admin:login"), {"username": admin.email, "password": "wrong-guess"}
        )
        assert_sent_to_sign_in(response, "the admin form checked a password")
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    _assert_signed_out(client)


def test_admin_signs_in_through_the_portal_with_the_second_factor(
    admin_with_totp: tuple[User, str], client: Client
) -> None:
    admin, secret = admin_with_totp
    first = client.post(reverse("account_login"), {"login": admin.email, "password": PASSWORD})
    assert first.status_code == 302
    assert first["Location"] == reverse("mfa_authenticate")
    # Between the password and the code, the person has no session yet.
    _assert_signed_out(client)

    client.post(reverse("account_login"), {"login": admin.email, "password": PASSWORD})
    second = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert second.status_code == 302
    assert client.session[SESSION_KEY] == str(admin.pk)
    assert client.get(reverse("admin:index")).status_code == 200


def test_administration_site_refuses_signed_in_non_staff(migrant: User, client: Client) -> None:
    client.force_login(migrant)
    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
