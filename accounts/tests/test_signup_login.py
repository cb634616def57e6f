from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def _signup_form(**fields: str) -> dict[str, str]:
    """The sign-up form as Fatima fills it in, with ``fields`` changed."""
    return {
        "email": "Fatima.Z@example.org",
        "password1": "correct-horse-battery-42",
        "password2": "correct-horse-battery-42",
        "full_name": "Fatima Zahra",
        "preferred_language": "fr",
        **fields,
    }


def test_migrant_signs_up_verifies_email_and_signs_in(client: Client) -> None:
    response = client.post(reverse("account_signup"), _signup_form())
    assert response.status_code == 302
    user = User.objects.get(email="fatima.z@example.org")
    assert (user.full_name, user.preferred_language) == ("Fatima Zahra", "fr")

    # Verification is mandatory: the confirmation link arrives by e-mail.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    confirm_page = client.get(link.group(1))
    assert confirm_page.status_code == 200
    client.post(link.group(1))
    client.logout()

    assert client.login(email="fatima.z@example.org", password="correct-horse-battery-42")
    home = client.get(reverse("home"))
    assert "Migrant" in home.content.decode()


def test_signup_form_shows_field_errors_and_keeps_input(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        _signup_form(
            email="not-an-email",
            password1="short",
            password2="different",
            full_name="Keep Me",
            preferred_language="es",
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert 'value="Keep Me"' in body
    assert not User.objects.exists()


def test_unverified_user_cannot_sign_in(client: Client) -> None:
    User.objects.create_user("new@example.org", "a-long-test-password")
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
