from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Membership, Notification, Organisation, User
from accounts.permissions import can_create_api_token, get_api_token_for_user
from audit.services import audit_record, audit_record_many
from core.errors import DomainValidationError
from taxonomy.models import Country


@transaction.atomic
def organisation_create(
    *, actor: User | None, name: str, kind: str, country_code: str, city: str = ""
) -> Organisation:
    if kind not in Organisation.Kind.values:
        raise DomainValidationError(f"Unknown organisation kind {kind!r}.", field="kind")
    country = Country.objects.filter(pk=country_code.upper()).first()
    if country is None:
        raise DomainValidationError(
            f"{country_code!r} is not an ISO 3166-1 country code.", field="country"
        )
    if Organisation.objects.filter(name__iexact=name.strip(), country=country).exists():
        raise DomainValidationError(
            f"An organisation named {name!r} already exists in {country.name}.", field="name"
        )
    org = Organisation.objects.create(name=name.strip(), kind=kind, country=country, city=city)
    audit_record(
        actor=actor,
        action="accounts.organisation.created",
        target=org,
        data={"kind": kind, "country": country.code},
    )
    return org


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, organisation: Organisation, role: str, job_title: str = ""
) -> Membership:
    """Make ``user`` a member of ``organisation`` with ``role``, or change their role."""
    if role not in Membership.Role.values:
        raise DomainValidationError(f"Unknown membership role {role!r}.", field="role")
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": role, "job_title": job_title},
    )
    previous = "" if created else membership.role
    if not created and (membership.role, membership.is_active) != (role, True):
        membership.role = role
        membership.is_active = True
        membership.save(update_fields=["role", "is_active"])
    if created or previous != role:
        audit_record(
            actor=actor,
            action="accounts.membership.granted",
            target=membership,
            from_state=previous,
            to_state=role,
            data={"user": user.pk, "organisation": organisation.pk},
        )
    return membership


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never stored and never shown again.

    Without an expiry the token lasts ``SMP_API_TOKEN_DAYS``. A role that must use two factors
    gets a token only once its authenticator is set up: a token must not open the door that the
    second factor keeps shut.
    """
    if not can_create_api_token(user):
        raise DomainValidationError(
            _(
                "Your role needs two-factor authentication. Set up an authenticator app before "
                "you create a token."
            )
        )
    name = name.strip()
    if not name:
        raise DomainValidationError(
            "Give the token a name, so you can recognise it later.", field="name"
        )
    now = timezone.now()
    if expires_at is None:
        expires_at = now + timedelta(days=settings.SMP_API_TOKEN_DAYS)
    elif expires_at <= now:
        raise DomainValidationError("The expiry date must be in the future.", field="expires_at")
    raw_key = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=ApiToken.hash_key(raw_key),
        key_hint=raw_key[: len(ApiToken.PREFIX) + 6],
        expires_at=expires_at,
        read_only=read_only,
    )
    audit_record(
        actor=user,
        action="accounts.api_token.created",
        target=token,
        data={"name": token.name, "read_only": read_only, "expires_at": expires_at},
    )
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    get_api_token_for_user(actor, token_id)
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.api_token.revoked", target=token)
    return token


@transaction.atomic
def api_token_revoke_all_for_user(*, user: User, reason: str, actor: User | None = None) -> int:
    """Revoke every live token of ``user`` (their password changed, was reset, or they asked).

    A token outlives the session it was made in, so whoever learnt the old password could
    otherwise keep a door open after the owner has taken the account back.
    """
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not tokens:
        return 0
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
    ApiToken.objects.bulk_update(tokens, ["revoked_at"])
    audit_record_many(
        actor=actor or user,
        action="accounts.api_token.revoked",
        targets=tokens,
        data_for=lambda _token: {"reason": reason},
    )
    return len(tokens)


@transaction.atomic
def api_token_purge(*, older_than_days: int) -> int:
    """Delete tokens that expired or were revoked more than ``older_than_days`` ago.

    Their audit events stay: they name the token, so its history can still be read.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    stale = ApiToken.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
    deleted, _per_model = stale.delete()
    if deleted:
        audit_record(
            actor=None,
            action="accounts.api_token.purged",
            data={"count": deleted, "older_than_days": older_than_days},
        )
    return deleted


def api_token_authenticate(*, raw_key: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(raw_key)).first()
    )
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    # Record use at most every few minutes, so a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# --- E-mail -----------------------------------------------------------------------------------
def email_serialize(message: EmailMessage) -> dict[str, Any]:
    """A JSON-safe form of a message, so a Celery worker can deliver it."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise ValueError(
                "MIME attachments cannot be queued; pass (filename, content, mimetype)"
            )
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


# The serialised message's keys that ``EmailMultiAlternatives`` takes as they are.
_MESSAGE_FIELDS = ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "headers")


def email_deliver(*, payload: dict[str, Any]) -> int:
    """Send one serialised message with the real delivery backend (SMTP, file, console)."""
    message = EmailMultiAlternatives(
        **{name: payload[name] for name in _MESSAGE_FIELDS},
        connection=get_connection(settings.SMP_EMAIL_DELIVERY_BACKEND),
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content_b64, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content_b64), mimetype)
    return message.send()


# --- Notifications ----------------------------------------------------------------------------
def notification_send(
    *, user_id: int, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Store an in-app notification and e-mail it. Called from a Celery task, after commit."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    notification = Notification.objects.create(user=user, title=title[:200], body=body, url=url)
    link = f"\n\n{settings.SMP_SITE_URL.rstrip('/')}{url}" if url else ""
    EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{title}",
        body=f"{body}{link}",
        to=[user.email],
    ).send()
    return notification


def login_throttled_notify(*, login: str, failures: int) -> Notification | None:
    """Tell the owner of ``login``, if there is one, that sign-in to their account is being
    slowed down after wrong passwords. Runs in a task, so the sign-in page never waits on the
    look-up and answers the same for an unknown address."""
    user = (
        User.objects.filter(
            Q(email__iexact=login) | Q(emailaddress__email__iexact=login), is_active=True
        )
        .distinct()
        .first()
    )
    if user is None:
        return None
    with translation.override(user.preferred_language):
        title = _("Failed sign-in attempts on your account")
        body = _(
            "Someone entered a wrong password for %(email)s %(count)d times in a row. To stop "
            "guessing, each further attempt now waits a little longer, at most %(minutes)d "
            "minutes; you can sign in as usual once the wait is over.\n\n"
            "If this was you, there is nothing to do. If it was not, choose a new password: "
            "that also ends your other sessions and revokes your API tokens."
        ) % {
            "email": login,
            "count": failures,
            "minutes": max(1, settings.SMP_LOGIN_DELAY_MAX_SECONDS // 60),
        }
    audit_record(
        actor=None,
        action="accounts.user.sign_in_throttled",
        target=user,
        data={"failures": failures},
    )
    return notification_send(
        user_id=user.pk, title=title, body=body, url=reverse("account_reset_password")
    )


def notify_on_commit(*, user_id: int | None, title: str, body: str = "", url: str = "") -> None:
    """Queue a notification to be sent only if the surrounding transaction commits."""
    if user_id is None:
        return
    from accounts.tasks import notification_send_task

    transaction.on_commit(
        lambda: notification_send_task.delay(
            user_id=user_id, title=str(title), body=str(body), url=url
        )
    )


def sessions_purge_expired() -> None:
    """Delete expired sessions. The database engine keeps them, with their user id, until
    someone does; ``SESSION_ENGINE``'s own ``clear_expired`` knows how (a no-op for caches)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
