"""The skills passport: everything verified about a person, in one place they can share.

Items come from *sources*. The migrants app contributes the language test results on the
profile; training (certificates) and recognition (decisions) register theirs in their
``AppConfig.ready`` (this module imports neither). Each item has a stable key such as
``"certificate:12"``, ``"decision:5"`` or ``"language:3"``.

The migrant shares a chosen set of items through a link with an expiry of at most
``PassportShare.MAX_DAYS`` days, which they can revoke. The link carries a random token, shown
once; the database keeps only its SHA-256 hash. A shared page re-reads the items live, so a
certificate revoked after sharing shows as revoked, and it shows the holder's initials only.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainValidationError, InvalidTransition
from core.verification import VerifiedDocument
from migrants.models import LanguageSkill, MigrantProfile, PassportShare
from migrants.permissions import own_profile

VALID = "valid"
REVOKED = "revoked"


@dataclass(frozen=True)
class PassportItem:
    """One verified item of a passport, as the owner's and the shared pages show it."""

    key: str  # stable: "<kind>:<id>", e.g. "certificate:12"
    kind: str  # "training_certificate", "recognition_decision", "language_test"
    kind_label: str
    title: str
    issuer: str
    issued_on: date | None
    status: str = VALID  # "valid" or "revoked"
    verify_code: str | None = None  # for the public /verify/<code>/ page
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.status == VALID

    @classmethod
    def from_document(cls, key: str, document: VerifiedDocument) -> PassportItem:
        """An item from the public essentials of a verifiable document."""
        return cls(
            key=key,
            kind=document.kind,
            kind_label=document.kind_label,
            title=document.title,
            issuer=document.issuer_name,
            issued_on=document.issued_on,
            status=document.status,
            verify_code=document.code,
            details=list(document.details),
        )


PassportSource = Callable[[MigrantProfile], list[PassportItem]]


def language_items(profile: MigrantProfile) -> list[PassportItem]:
    """Language test results: the languages on the profile that name a certificate."""
    rows = (
        LanguageSkill.objects.filter(profile=profile)
        .exclude(certificate_name="")
        .select_related("language")
        .order_by("language__name", "pk")
    )
    items = []
    for row in rows:
        details = [
            (_("Understanding"), row.understanding_id),
            (_("Speaking"), row.speaking_id),
            (_("Writing"), row.writing_id),
        ]
        if row.certificate_score:
            details.append((_("Score"), row.certificate_score))
        details.append((_("Source"), _("Declared by the holder")))
        items.append(
            PassportItem(
                key=f"language:{row.pk}",
                kind="language_test",
                kind_label=_("Language test result"),
                title=f"{row.language.name} ({row.speaking_id})",
                issuer=row.certificate_name,
                issued_on=row.certificate_date,
                details=details,
            )
        )
    return items


# The sources, in the order the passport lists their kinds: other apps append theirs.
PASSPORT_SOURCES: list[PassportSource] = [language_items]


def register_passport_source(source: PassportSource) -> None:
    if source not in PASSPORT_SOURCES:
        PASSPORT_SOURCES.append(source)


def passport_items(profile: MigrantProfile) -> list[PassportItem]:
    """Every item of the person's passport, newest first."""
    items = [item for source in PASSPORT_SOURCES for item in source(profile)]
    undated = [item for item in items if item.issued_on is None]
    dated = [item for item in items if item.issued_on is not None]
    return sorted(dated, key=lambda item: item.issued_on or date.min, reverse=True) + undated


# --- Share links ------------------------------------------------------------------------------
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


def share_list_for_profile(*, profile: MigrantProfile) -> list[PassportShare]:
    return list(PassportShare.objects.filter(profile=profile).order_by("-created_at", "-id"))


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
