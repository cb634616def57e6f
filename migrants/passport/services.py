"""The passport's share links: made and revoked by the person only, and opened by anyone who
holds one (each opening is counted)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainValidationError, InvalidTransition
from migrants.models import MigrantProfile, PassportShare
from migrants.passport.selectors import PassportItem, passport_items
from migrants.permissions import own_profile


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _owned_profile(actor: User, profile_id: int) -> MigrantProfile:
    """Only the person shares their passport: not a counsellor, not an officer."""
    profile = own_profile(actor)
    if profile is None or profile.pk != profile_id:
        raise Http404("No such profile.")
    return profile


def _unique_keys(item_keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(k).strip() for k in item_keys if str(k).strip()))


def _expiry(expires_on: date) -> datetime:
    """The link works through the whole expiry day, in the portal's time zone."""
    today = timezone.localdate()
    if expires_on < today:
        raise DomainValidationError(_("Choose a date from today on."), field="expires_on")
    if expires_on > today + timedelta(days=PassportShare.MAX_DAYS):
        raise DomainValidationError(
            _("A link can work for at most %(days)s days.") % {"days": PassportShare.MAX_DAYS},
            field="expires_on",
        )
    return timezone.make_aware(datetime.combine(expires_on + timedelta(days=1), time.min))


@transaction.atomic
def share_create(
    *, actor: User, profile_id: int, item_keys: Iterable[str], expires_on: date, label: str = ""
) -> tuple[PassportShare, str]:
    """A share link for the chosen items; returns the share and its token, which is never
    stored nor shown again."""
    profile = _owned_profile(actor, profile_id)
    keys = _unique_keys(item_keys)
    if not keys:
        raise DomainValidationError(_("Choose at least one item to share."), field="item_keys")
    available = {item.key for item in passport_items(profile)}
    if not set(keys) <= available:
        raise DomainValidationError(_("Choose items from your own passport."), field="item_keys")
    expires_at = _expiry(expires_on)
    token = secrets.token_urlsafe(24)
    share = PassportShare.objects.create(
        profile=profile,
        token_hash=_digest(token),
        item_keys=keys,
        label=label.strip()[: PassportShare._meta.get_field("label").max_length],
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action="migrants.passport_share.created",
        target=share,
        data={"profile": profile.pk, "items": keys, "expires_on": expires_on.isoformat()},
    )
    return share, token


@transaction.atomic
def share_revoke(*, actor: User, profile_id: int, share_id: int) -> PassportShare:
    profile = _owned_profile(actor, profile_id)
    share = PassportShare.objects.select_for_update().filter(pk=share_id, profile=profile).first()
    if share is None:
        raise Http404("No such link.")
    if share.revoked_at is not None:
        raise InvalidTransition(_("This link is already revoked."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="migrants.passport_share.revoked",
        target=share,
        data={"profile": profile.pk},
    )
    return share


def shared_passport(token: str) -> tuple[PassportShare, list[PassportItem]] | None:
    """What a share link shows, counting the view; None once expired, revoked or erased."""
    if not token or len(token) > 64:
        return None
    share = (
        PassportShare.objects.select_related("profile").filter(token_hash=_digest(token)).first()
    )
    if share is None or not share.is_active() or share.profile.state != MigrantProfile.State.ACTIVE:
        return None
    chosen = set(share.item_keys)
    items = [item for item in passport_items(share.profile) if item.key in chosen]
    now = timezone.now()
    PassportShare.objects.filter(pk=share.pk).update(
        view_count=F("view_count") + 1, last_viewed_at=now
    )
    return share, items
