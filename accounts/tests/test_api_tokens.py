from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.services import api_token_create
from audit.models import AuditEvent
from smp_portal.errors import DomainValidationError

pytestmark = pytest.mark.django_db
ME = "/api/v1/accounts/me/"


def _bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_token_authenticates_its_owner_and_only_its_digest_is_stored(migrant: User) -> None:
    token, key = api_token_create(user=migrant, name="my script")
    assert key.startswith("smp_")
    assert key not in token.key_hash
    response = _bearer(key).get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == migrant.email
    assert response.json()["roles"] == ["migrant"]


def test_unauthenticated_and_bad_tokens_are_refused_with_401(migrant: User) -> None:
    assert APIClient().get(ME).status_code == 401
    assert _bearer("smp_not-a-real-token").get(ME).status_code == 401


def test_revoked_and_expired_tokens_stop_working(migrant: User) -> None:
    token, key = api_token_create(user=migrant, name="short-lived")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert _bearer(key).get(ME).status_code == 401

    token2, key2 = api_token_create(
        user=migrant, name="expiring", expires_at=timezone.now() + timedelta(minutes=5)
    )
    ApiToken.objects.filter(pk=token2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _bearer(key2).get(ME).status_code == 401


def test_token_needs_a_name_and_a_future_expiry(migrant: User) -> None:
    with pytest.raises(DomainValidationError, match="name"):
        api_token_create(user=migrant, name="  ")
    with pytest.raises(DomainValidationError, match="future"):
        api_token_create(user=migrant, name="x", expires_at=timezone.now() - timedelta(days=1))


def test_user_creates_token_in_browser_sees_it_once_and_revokes_it(
    migrant: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(migrant)
    page = client.post(reverse("accounts:token-list"), {"name": "statistics export"}, follow=True)
    assert page.redirect_chain == [(reverse("accounts:token-list"), 302)]
    assert "no-store" in page["Cache-Control"]
    key = page.context["new_key"]
    assert key and key in page.content.decode()
    assert key not in client.get(reverse("accounts:token-list")).content.decode()
    assert _bearer(key).get(ME).status_code == 200

    token = ApiToken.objects.get(user=migrant)
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert _bearer(key).get(ME).status_code == 401
    actions = set(AuditEvent.objects.for_target(token).values_list("action", flat=True))
    assert actions == {"accounts.api_token.created", "accounts.api_token.revoked"}


def test_user_cannot_revoke_someone_elses_token(
    migrant: User, government_officer: User, client_for: Callable[[User], Client]
) -> None:
    token, key = api_token_create(user=government_officer, name="officer's")
    response = client_for(migrant).post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    assert _bearer(key).get(ME).status_code == 200


def test_token_form_rejects_a_past_expiry_with_a_message(
    migrant: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(migrant).post(
        reverse("accounts:token-list"), {"name": "x", "expires_on": "2000-01-01"}
    )
    assert "Choose a date after today." in page.content.decode()
    assert not ApiToken.objects.exists()
