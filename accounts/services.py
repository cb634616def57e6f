from __future__ import annotations

import base64
import secrets
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import ApiToken, Membership, Notification, Organisation, User
from accounts.permissions import can_revoke_api_token
from audit.services import audit_record
from smp_portal.errors import DomainValidationError
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
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never stored and never shown again."""
    name = name.strip()
    if not name:
        raise DomainValidationError(
            "Give the token a name, so you can recognise it later.", field="name"
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainValidationError("The expiry date must be in the future.", field="expires_at")
    raw_key = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=ApiToken.hash_key(raw_key),
        key_hint=raw_key[: len(ApiToken.PREFIX) + 6],
        expires_at=expires_at,
    )
    audit_record(
        actor=user, action="accounts.api_token.created", target=token, data={"name": token.name}
    )
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    token = get_object_or_404(
        ApiToken.objects.select_for_update(), pk=token_id, revoked_at__isnull=True
    )
    if not can_revoke_api_token(actor, token):
        # Someone else's token does not exist as far as this user knows.
        raise ApiToken.DoesNotExist
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.api_token.revoked", target=token)
    return token


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


def email_deliver(*, payload: dict[str, Any]) -> int:
    """Send one serialised message with the real delivery backend (SMTP, file, console)."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
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
