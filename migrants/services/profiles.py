"""Profiles: created by the person or registered by a counsellor, changed, handed over, and the
special-category disability record.

Audit events about a profile carry no personal data in ``data`` (field names, not values), so
erasure has little to redact and the history still shows what happened.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import active_memberships
from audit.services import audit_record
from core.access import AnyUser, locked_for_write
from core.errors import DomainValidationError
from core.versions import ensure_version
from migrants.models import ConsentGrant, DisabilityInformation, MigrantProfile
from migrants.permissions import can_view_disability, get_profile_for_user, intake_organisation_for
from migrants.services.duplicates import duplicates_flag
from migrants.services.reference import country_or_none, language_or_none
from migrants.signals import profile_changed
from taxonomy.models import Country, Language, Occupation

CURRENT_NOTICE_VERSION = "2026-11"
HANDOVER_DAYS = 30


def normalize_name(given_names: str, family_name: str) -> str:
    """Lower-case, accents removed, single spaces: 'Amína  EL-Idrissi' -> 'amina el-idrissi'."""
    text = unicodedata.normalize("NFKD", f"{given_names} {family_name}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def normalize_phone(phone: str) -> str:
    """Spaces and dashes removed: '+212 612-345678' -> '+212612345678'."""
    return phone.replace(" ", "").replace("-", "")


def is_international_phone(phone: str) -> bool:
    """A normalised phone number in the international (E.164) form."""
    return phone.startswith("+") and phone[1:].isdigit() and 8 <= len(phone) <= 16


def oldest_birth_date(today: date) -> date:
    """Profiles are for people aged up to about 100: born on or after this date."""
    return date(today.year - 100, 1, 1)


@dataclass
class ProfileInput:
    given_names: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = MigrantProfile.Sex.UNDISCLOSED
    nationality: str | None = None
    country_of_residence: str | None = None
    phone: str = ""
    contact_email: str = ""
    contact_language: str | None = None
    migration_status: str = MigrantProfile.MigrationStatus.PROSPECTIVE
    returned_from: str | None = None
    preferred_destinations: list[str] = field(default_factory=list)
    preferred_occupations: list[int] = field(default_factory=list)
    available_from: date | None = None
    track_interest: str = MigrantProfile.TrackInterest.BOTH


def _choice(value: str, choices: list[str], field_name: str) -> None:
    if value not in choices:
        raise DomainValidationError(_("Choose one of the options."), field=field_name)


def profile_values(
    data: ProfileInput,
    *,
    country: Callable[[str | None, str], Country | None] = country_or_none,
    language: Callable[[str], Language | None] = language_or_none,
) -> dict[str, Any]:
    """The field rules of a profile, in one place: validate ``data`` and return the values to
    store (many-to-many preferences aside). ``country`` and ``language`` look codes up; a bulk
    registration passes preloaded lookups instead of one query per code."""
    if not data.given_names.strip() or not data.family_name.strip():
        raise DomainValidationError(
            _("Give both given names and family name."), field="given_names"
        )
    if data.date_of_birth is not None:
        today = timezone.localdate()
        if data.date_of_birth > today or data.date_of_birth < oldest_birth_date(today):
            raise DomainValidationError(_("Check the date of birth."), field="date_of_birth")
    _choice(data.sex, MigrantProfile.Sex.values, "sex")
    _choice(data.migration_status, MigrantProfile.MigrationStatus.values, "migration_status")
    _choice(data.track_interest, MigrantProfile.TrackInterest.values, "track_interest")
    phone = normalize_phone(data.phone)
    if phone and not is_international_phone(phone):
        raise DomainValidationError(
            _("Use the international format, e.g. +212612345678."), field="phone"
        )
    returned_from = country(data.returned_from, "returned_from")
    if data.migration_status == MigrantProfile.MigrationStatus.RETURNED and returned_from is None:
        raise DomainValidationError(
            _("Say which country you returned from."), field="returned_from"
        )
    contact_language = None
    if data.contact_language:
        contact_language = language(data.contact_language)
        if contact_language is None:
            raise DomainValidationError(_("Unknown language."), field="contact_language")
    return {
        "given_names": data.given_names.strip(),
        "family_name": data.family_name.strip(),
        "date_of_birth": data.date_of_birth,
        "sex": data.sex,
        "nationality": country(data.nationality, "nationality"),
        "country_of_residence": country(data.country_of_residence, "country_of_residence"),
        "phone": phone,
        "contact_email": data.contact_email.strip().lower(),
        "contact_language": contact_language,
        "migration_status": data.migration_status,
        "returned_from": returned_from,
        "available_from": data.available_from,
        "track_interest": data.track_interest,
    }


def _apply_profile(profile: MigrantProfile, data: ProfileInput) -> list[str]:
    """Validate and copy ``data`` onto ``profile``; return the names of the fields that changed."""
    values = profile_values(data)
    destinations = [
        country_or_none(c, "preferred_destinations") for c in data.preferred_destinations
    ]
    occupations = list(Occupation.objects.filter(pk__in=data.preferred_occupations))
    if len(occupations) != len(set(data.preferred_occupations)):
        raise DomainValidationError(
            _("Some occupations are unknown."), field="preferred_occupations"
        )
    changed = [k for k, v in values.items() if getattr(profile, k) != v]
    for key, value in values.items():
        setattr(profile, key, value)
    profile.normalized_name = normalize_name(profile.given_names, profile.family_name)
    profile.save()
    before_dest = set(profile.preferred_destinations.values_list("code", flat=True))
    before_occ = set(profile.preferred_occupations.values_list("pk", flat=True))
    profile.preferred_destinations.set([d for d in destinations if d is not None])
    profile.preferred_occupations.set(occupations)
    if before_dest != {d.code for d in destinations if d is not None}:
        changed.append("preferred_destinations")
    if before_occ != {o.pk for o in occupations}:
        changed.append("preferred_occupations")
    return changed


IN_PERSON = ConsentGrant.Channel.IN_PERSON


def counselling_consent(
    profile: MigrantProfile,
    organisation: Organisation,
    *,
    actor: User,
    notice_version: str,
    channel: str,
    granted_at: datetime | None = None,
) -> ConsentGrant:
    """The consent a registration records, unsaved: the registering organisation keeps and
    updates the profile (given in person, or collected by a provider and imported)."""
    return ConsentGrant(
        profile=profile,
        purpose=ConsentGrant.Purpose.COUNSELLING,
        organisation=organisation,
        notice_version=notice_version,
        channel=channel,
        granted_at=granted_at or timezone.now(),
        granted_by=actor,
    )


@transaction.atomic
def profile_create_for_self(*, user: User, data: ProfileInput) -> MigrantProfile:
    if active_memberships(user):
        raise PermissionDenied(_("Organisation staff do not keep a migrant profile."))
    if MigrantProfile.objects.filter(user=user).exists():
        raise DomainValidationError(_("You already have a profile."))
    profile = MigrantProfile(user=user)
    _apply_profile(profile, data)
    audit_record(
        actor=user, action="migrants.profile.created", target=profile, data={"channel": "web"}
    )
    duplicates_flag(profile=profile)
    return profile


@transaction.atomic
def profile_create_by_counsellor(
    *,
    actor: User,
    organisation_id: int | None,
    data: ProfileInput,
    notice_version: str = CURRENT_NOTICE_VERSION,
) -> MigrantProfile:
    """Register a migrant in person; the counselling consent is recorded as given in person."""
    organisation = intake_organisation_for(actor, organisation_id)
    profile = MigrantProfile(registered_by_organisation=organisation)
    _apply_profile(profile, data)
    counselling_consent(
        profile, organisation, actor=actor, notice_version=notice_version, channel=IN_PERSON
    ).save()
    audit_record(
        actor=actor,
        action="migrants.profile.registered",
        target=profile,
        data={"organisation": organisation.pk, "notice_version": notice_version},
    )
    duplicates_flag(profile=profile)
    return profile


@transaction.atomic
def profile_update(
    *, actor: User, profile_id: int, data: ProfileInput, version: str | None = None
) -> MigrantProfile:
    """Replace the profile's own fields. ``version`` (``core.versions``) is the one the editor
    (the person or a counsellor) started from: if someone saved the profile since, the change
    is refused rather than undoing theirs."""
    profile = locked_for_write(get_profile_for_user, actor, profile_id)
    ensure_version(
        profile,
        version,
        _(
            "Someone else changed this profile after you opened it, so your changes were not "
            "saved. Compare them with the profile as it is now, then save again."
        ),
    )
    changed = _apply_profile(profile, data)
    if changed:
        # Field names only: the values are personal data and stay out of the audit trail.
        audit_record(
            actor=actor, action="migrants.profile.updated", target=profile, data={"fields": changed}
        )
        if {"given_names", "family_name", "date_of_birth", "phone"} & set(changed):
            duplicates_flag(profile=profile)
        profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    return profile


@transaction.atomic
def profile_handover_start(*, actor: User, profile_id: int) -> str:
    """A one-time code the counsellor gives the migrant to take over the profile."""
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    if profile.user_id is not None:
        raise DomainValidationError(_("This profile already belongs to a login."))
    code = secrets.token_urlsafe(12)
    MigrantProfile.objects.filter(pk=profile.pk).update(
        handover_token_hash=hashlib.sha256(code.encode()).hexdigest(),
        handover_expires_at=timezone.now() + timedelta(days=HANDOVER_DAYS),
    )
    audit_record(actor=actor, action="migrants.handover_code.issued", target=profile)
    return code


@transaction.atomic
def profile_handover_claim(*, user: User, code: str) -> MigrantProfile:
    if active_memberships(user):
        raise PermissionDenied(_("Organisation staff cannot take over a migrant's profile."))
    digest = hashlib.sha256(code.strip().encode()).hexdigest()
    profile = (
        MigrantProfile.objects.select_for_update()
        .filter(handover_token_hash=digest, user__isnull=True, state=MigrantProfile.State.ACTIVE)
        .first()
    )
    if (
        profile is None
        or profile.handover_expires_at is None
        or profile.handover_expires_at < timezone.now()
    ):
        raise DomainValidationError(_("This code is not valid or has expired."), field="code")
    if MigrantProfile.objects.filter(user=user).exists():
        raise DomainValidationError(_("Your login already has a profile."), field="code")
    profile.user = user
    profile.handover_token_hash = ""
    profile.handover_expires_at = None
    profile.save(update_fields=["user", "handover_token_hash", "handover_expires_at", "updated_at"])
    audit_record(actor=user, action="migrants.profile.handed_over", target=profile)
    return profile


@transaction.atomic
def disability_set(
    *,
    actor: User,
    profile_id: int,
    description: str,
    needs_accommodation: bool,
    accommodation_notes: str = "",
) -> DisabilityInformation:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    # Special-category data: only those who may read it may write it.
    if not can_view_disability(actor, profile):
        raise PermissionDenied("Disability information is shared only with the migrant's consent.")
    info, _created = DisabilityInformation.objects.update_or_create(
        profile=profile,
        defaults={
            "description": description.strip(),
            "needs_accommodation": needs_accommodation,
            "accommodation_notes": accommodation_notes.strip(),
        },
    )
    audit_record(actor=actor, action="migrants.disability.updated", target=profile)
    return info


def disability_view(
    *, viewer: AnyUser, profile: MigrantProfile, channel: str
) -> DisabilityInformation | None:
    """The profile's disability information (None when nothing was recorded), for someone who
    may read it (``can_view_disability``; PermissionDenied otherwise).

    Special-category data (GDPR art. 9): every read by anyone but the person is audited as
    ``migrants.disability.viewed`` on the profile, with the ``channel`` it was read through
    (``page`` or ``api``), whether or not anything was recorded."""
    if not can_view_disability(viewer, profile):
        raise PermissionDenied("Disability information is shared only with the migrant's consent.")
    info = DisabilityInformation.objects.filter(profile=profile).first()
    if profile.user_id != viewer.pk:
        audit_record(
            actor=viewer,
            action="migrants.disability.viewed",
            target=profile,
            data={"channel": channel, "recorded": info is not None},
        )
    return info
