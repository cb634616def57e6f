"""Wrong passwords slow further attempts down progressively, never lock an owner out for good,
tell the owner once, and answer an unknown address exactly like a real one."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.lockout import login_attempt_allowed, login_failure_record
from accounts.models import Notification, User
from accounts.tests.support import reset_password_by_email
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
OnCommit = Callable[..., AbstractContextManager[list[Any]]]
PASSWORD = "a-long-test-password"
THROTTLED = "Too many failed login attempts"
WRONG = "not correct"


def _sign_in(client: Client, email: str, password: str, ip: str = "10.0.0.1") -> str:
    response = client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )
    if response.status_code == 302:
        return "signed in"
    errors = " ".join(response.context["form"].non_field_errors())
    return "throttled" if THROTTLED in errors else "wrong" if WRONG in errors else errors


def _lockout_mails(to: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if to in m.to and "Failed sign-in attempts" in m.subject]


def test_twenty_five_wrong_passwords_are_throttled_and_the_owner_is_told_once(
    migrant: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [_sign_in(client, migrant.email, "wrong-guess") for _ in range(25)]
    assert outcomes[:5] == ["wrong"] * 5
    assert set(outcomes[5:]) == {"throttled"}
    assert _sign_in(client, migrant.email, PASSWORD) == "throttled"
    assert SESSION_KEY not in client.session

    mails = _lockout_mails(migrant.email)
    assert len(mails) == 1, "the owner was not told about the failed attempts"
    assert reverse("account_reset_password") in str(mails[0].body)
    assert Notification.objects.filter(user=migrant).count() == 1
    assert (
        AuditEvent.objects.for_target(migrant)
        .filter(action="accounts.user.sign_in_throttled")
        .exists()
    )


def test_an_unknown_address_is_answered_exactly_like_a_real_one(
    migrant: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    unknown = "nobody-has-this@example.org"
    real_client, unknown_client = Client(), Client()
    for _ in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            real = real_client.post(
                reverse("account_login"),
                {"login": migrant.email, "password": "wrong-guess"},
                REMOTE_ADDR="10.0.0.1",
            )
            other = unknown_client.post(
                reverse("account_login"),
                {"login": unknown, "password": "wrong-guess"},
                REMOTE_ADDR="10.0.0.2",
            )
        assert real.status_code == other.status_code
        assert real.context["form"].errors == other.context["form"].errors
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [migrant.email]


def test_delay_doubles_after_five_failures_up_to_fifteen_minutes() -> None:
    delays = [login_failure_record(login="someone@example.org") for _ in range(16)]
    assert delays == [0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]


def test_once_a_delay_has_run_out_one_attempt_goes_through_and_parallel_ones_wait() -> None:
    login = "someone@example.org"
    for _ in range(5):
        login_failure_record(login=login)
    assert not login_attempt_allowed(login=login)
    time.sleep(2.1)
    assert login_attempt_allowed(login=login)
    assert not login_attempt_allowed(login=login), "a parallel attempt slipped past the delay"


def test_the_owner_signs_in_once_the_delay_is_over(migrant: User) -> None:
    client = Client()
    for _ in range(5):
        assert _sign_in(client, migrant.email, "wrong-guess") == "wrong"
    assert _sign_in(client, migrant.email, PASSWORD) == "throttled"
    time.sleep(2.1)
    assert _sign_in(client, migrant.email, PASSWORD) == "signed in"


def test_a_successful_sign_in_forgets_earlier_failures(migrant: User) -> None:
    for _ in range(4):
        assert _sign_in(Client(), migrant.email, "wrong-guess") == "wrong"
    assert _sign_in(Client(), migrant.email, PASSWORD) == "signed in"
    for _ in range(4):
        assert _sign_in(Client(), migrant.email, "wrong-guess") == "wrong"
    assert _sign_in(Client(), migrant.email, PASSWORD) == "signed in"


def test_failures_are_forgotten_after_a_quiet_period(settings: SettingsWrapper) -> None:
    settings.SMP_LOGIN_FAILURES_FORGOTTEN_AFTER_SECONDS = 1
    login = "someone@example.org"
    for _ in range(4):
        login_failure_record(login=login)
    time.sleep(1.2)
    assert login_failure_record(login=login) == 0


def test_a_password_reset_lifts_the_delay(migrant: User) -> None:
    client = Client()
    for _ in range(6):
        _sign_in(client, migrant.email, "wrong-guess")
    assert _sign_in(client, migrant.email, PASSWORD) == "throttled"

    reset_password_by_email(client, migrant.email, "a-brand-new-passphrase-7")
    assert _sign_in(Client(), migrant.email, "a-brand-new-passphrase-7") == "signed in"
