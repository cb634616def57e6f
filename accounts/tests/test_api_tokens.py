from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory

from accounts.models import ApiToken, User
from accounts.services import api_token_create
from accounts.tests.support import reset_password_by_email
from audit.models import AuditEvent
from core.errors import DomainValidationError
from partnerships.tests.factories import make_partnership
from tests.clients import ClientFor

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
    migrant: User, client_for: ClientFor
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
    migrant: User, government_officer: User, client_for: ClientFor
) -> None:
    token, key = api_token_create(user=government_officer, name="officer's")
    response = client_for(migrant).post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    assert _bearer(key).get(ME).status_code == 200


def test_token_form_rejects_a_past_expiry_with_a_message(
    migrant: User, client_for: ClientFor
) -> None:
    page = client_for(migrant).post(
        reverse("accounts:token-list"), {"name": "x", "expires_on": "2000-01-01"}
    )
    assert "Choose a date after today." in page.content.decode()
    assert not ApiToken.objects.exists()


# --- Tokens and the second factor --------------------------------------------------------------
@pytest.fixture
def mfa_on(settings: SettingsWrapper) -> None:
    settings.SMP_MFA_REQUIRED = True


def _add_totp(user: User) -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )


@pytest.mark.usefixtures("mfa_on")
def test_officer_without_authenticator_cannot_create_a_token(
    government_officer: User, client_for: ClientFor
) -> None:
    with pytest.raises(DomainValidationError, match="two-factor"):
        api_token_create(user=government_officer, name="statistics export")

    client = client_for(government_officer)
    page = client.get(reverse("accounts:token-list"))
    body = page.content.decode()
    assert "Set up two-factor authentication" in body
    assert reverse("mfa_activate_totp") in body
    posted = client.post(reverse("accounts:token-list"), {"name": "statistics export"})
    assert posted.status_code == 200
    assert not ApiToken.objects.exists(), "an officer without an authenticator got a token"


@pytest.mark.usefixtures("mfa_on")
def test_officer_with_authenticator_creates_a_token(
    government_officer: User, client_for: ClientFor
) -> None:
    _add_totp(government_officer)
    client = client_for(government_officer)
    client.post(reverse("accounts:token-list"), {"name": "statistics export"})
    assert ApiToken.objects.filter(user=government_officer).count() == 1


@pytest.mark.usefixtures("mfa_on")
def test_officer_token_is_refused_everywhere_while_the_officer_has_no_authenticator(
    government_officer: User,
) -> None:
    authenticator = _add_totp(government_officer)
    _token, key = api_token_create(user=government_officer, name="statistics export")
    partnership = make_partnership(government_officer)
    client = _bearer(key)
    assert client.get(f"/api/v1/partnerships/{partnership.pk}/").status_code == 200

    authenticator.delete()
    for url in (
        ME,
        "/api/v1/recognition/requests/",
        "/api/v1/migrants/profiles/",
        f"/api/v1/partnerships/{partnership.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 403, f"{url} answered {response.status_code}"
        assert response.json()["code"] == "mfa_required"
    edit = client.patch(
        f"/api/v1/partnerships/{partnership.pk}/", {"title": "Changed by a token"}, format="json"
    )
    assert edit.status_code == 403
    partnership.refresh_from_db()
    assert partnership.title != "Changed by a token"

    _add_totp(government_officer)
    assert client.get(ME).status_code == 200


@pytest.mark.usefixtures("mfa_on")
def test_mfa_check_covers_views_that_let_anyone_in(recognition_officer: User) -> None:
    # A view open to everyone that still reads request.user must not see the officer's token.
    @api_view(["GET"])
    @permission_classes([AllowAny])
    def whoami(request: Request) -> Response:
        return Response({"email": getattr(request.user, "email", None)})

    authenticator = _add_totp(recognition_officer)
    _token, key = api_token_create(user=recognition_officer, name="script")
    authenticator.delete()
    request = APIRequestFactory().get("/api/v1/whoami/", HTTP_AUTHORIZATION=f"Bearer {key}")
    response = whoami(request)
    assert response.status_code == 403
    assert response.data["code"] == "mfa_required"


def test_migrant_tokens_need_no_authenticator(migrant: User, settings: SettingsWrapper) -> None:
    settings.SMP_MFA_REQUIRED = True
    _token, key = api_token_create(user=migrant, name="my script")
    assert _bearer(key).get(ME).status_code == 200


# --- Expiry, scope, revocation ------------------------------------------------------------------
def test_token_without_an_expiry_lasts_ninety_days(migrant: User) -> None:
    token, _key = api_token_create(user=migrant, name="my script")
    assert token.expires_at is not None
    lifetime = token.expires_at - timezone.now()
    assert timedelta(days=89, hours=23) < lifetime <= timedelta(days=90)


def test_token_page_shows_the_default_expiry_and_the_read_only_choice(
    migrant: User, client_for: ClientFor
) -> None:
    client = client_for(migrant)
    body = client.get(reverse("accounts:token-list")).content.decode()
    assert "90 days" in body
    assert 'name="read_only"' in body
    client.post(reverse("accounts:token-list"), {"name": "export", "read_only": "on"})
    token = ApiToken.objects.get(user=migrant)
    assert token.read_only
    assert token.expires_at is not None
    listing = client.get(reverse("accounts:token-list")).content.decode()
    assert "Read only" in listing
    assert token.expires_at.strftime("%Y-%m-%d") in listing


def test_read_only_token_reads_but_cannot_change_anything(government_officer: User) -> None:
    partnership = make_partnership(government_officer)
    _token, key = api_token_create(user=government_officer, name="dashboard", read_only=True)
    client = _bearer(key)
    assert client.get(f"/api/v1/partnerships/{partnership.pk}/").status_code == 200
    refused = [
        client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "X"}, format="json"),
        client.post("/api/v1/partnerships/", {}, format="json"),
        client.post(f"/api/v1/partnerships/{partnership.pk}/members/", {}, format="json"),
        client.delete(f"/api/v1/partnerships/{partnership.pk}/"),
        client.put(ME, {}, format="json"),
    ]
    for response in refused:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "token_read_only"
    partnership.refresh_from_db()
    assert partnership.title != "X"
    # The same person with a full token, or in the browser, can still make the change.
    _full, full_key = api_token_create(user=government_officer, name="full")
    changed = _bearer(full_key).patch(
        f"/api/v1/partnerships/{partnership.pk}/", {"title": "Renamed"}, format="json"
    )
    assert changed.status_code == 200


def test_password_change_revokes_every_token(migrant: User, client: Client) -> None:
    token, key = api_token_create(user=migrant, name="phone")
    other, other_key = api_token_create(user=migrant, name="laptop")
    client.force_login(migrant)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a-long-test-password",
            "password1": "a-brand-new-passphrase-7",
            "password2": "a-brand-new-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert _bearer(key).get(ME).status_code == 401
    assert _bearer(other_key).get(ME).status_code == 401
    for revoked in (token, other):
        actions = list(
            AuditEvent.objects.for_target(revoked)
            .filter(action="accounts.api_token.revoked")
            .values_list("data", flat=True)
        )
        assert actions == [{"reason": "password_changed"}]


def test_password_reset_revokes_every_token(migrant: User, client: Client) -> None:
    _token, key = api_token_create(user=migrant, name="phone")
    reset_password_by_email(client, migrant.email, "a-brand-new-passphrase-7")
    migrant.refresh_from_db()
    assert migrant.check_password("a-brand-new-passphrase-7")
    assert _bearer(key).get(ME).status_code == 401


def test_stale_tokens_are_purged_and_live_ones_kept(migrant: User) -> None:
    now = timezone.now()
    api_token_create(user=migrant, name="live")
    long_expired, _ = api_token_create(user=migrant, name="long expired")
    just_expired, _ = api_token_create(user=migrant, name="just expired")
    long_revoked, _ = api_token_create(user=migrant, name="long revoked")
    just_revoked, _ = api_token_create(user=migrant, name="just revoked")
    ApiToken.objects.filter(pk=long_expired.pk).update(expires_at=now - timedelta(days=31))
    ApiToken.objects.filter(pk=just_expired.pk).update(expires_at=now - timedelta(days=1))
    ApiToken.objects.filter(pk=long_revoked.pk).update(revoked_at=now - timedelta(days=31))
    ApiToken.objects.filter(pk=just_revoked.pk).update(revoked_at=now - timedelta(days=1))

    from accounts.tasks import api_token_purge_task

    api_token_purge_task.delay()

    left = set(ApiToken.objects.values_list("name", flat=True))
    assert left == {"live", "just expired", "just revoked"}


def test_administrator_setting_a_new_password_revokes_the_tokens(
    migrant: User, admin_user: User, client_for: ClientFor
) -> None:
    token, key = api_token_create(user=migrant, name="phone")
    response = client_for(admin_user).post(
        reverse("admin:auth_user_password_change", args=[migrant.pk]),
        {
            "password1": "a-brand-new-passphrase-7",
            "password2": "a-brand-new-passphrase-7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert _bearer(key).get(ME).status_code == 401
    event = AuditEvent.objects.for_target(token).get(action="accounts.api_token.revoked")
    assert event.actor_id == admin_user.pk
