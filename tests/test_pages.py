"""What people see: the home page per role, the language switch, private media."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.clients import ClientFor

pytestmark = pytest.mark.django_db


def test_anonymous_home_invites_migrants_to_sign_up(client: Client) -> None:
    body = client.get(reverse("home")).content.decode()
    assert reverse("account_signup") in body
    assert reverse("account_login") in body
    assert 'href="#main"' in body  # skip link


def test_signed_in_home_names_the_role_and_organisation(
    government_officer: User, client_for: ClientFor
) -> None:
    body = client_for(government_officer).get(reverse("home")).content.decode()
    organisation = government_officer.memberships.get().organisation.name
    assert "Government officer" in body
    assert organisation in body
    assert reverse("admin:index") not in body


def test_administrator_sees_the_administration_link(
    admin_user: User, client_for: ClientFor
) -> None:
    assert reverse("admin:index") in client_for(admin_user).get(reverse("home")).content.decode()


def test_arabic_is_served_right_to_left(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="ar" dir="rtl"' in body


def test_pages_load_no_asset_from_the_internet(client: Client) -> None:
    body = client.get(reverse("account_login")).content.decode()
    assert "https://" not in body.split("<body")[0]
    assert "/static/" in body


def test_uploaded_files_are_not_served_by_url(client: Client) -> None:
    assert client.get("/private-media-is-not-served/anything.pdf").status_code == 404
    assert client.get("/media/anything.pdf").status_code == 404


def test_everyone_can_reach_the_public_registry(
    client: Client, migrant: User, client_for: ClientFor
) -> None:
    registry = reverse("registry:list")
    assert registry in client.get(reverse("home")).content.decode()
    assert registry in client_for(migrant).get(reverse("home")).content.decode()
    assert client.get(registry).status_code == 200
