"""Consent: one explicit grant per purpose and recipient, recorded with the notice version and
the channel, and withdrawn at once everywhere (every read checks active grants)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from audit.services import audit_record
from core.errors import DomainValidationError
from migrants.models import ConsentGrant, MigrantProfile
from migrants.permissions import (
    can_manage_consents,
    consent_purposes_for,
    consent_recipients_for,
    get_profile_for_user,
)
from migrants.services.profiles import CURRENT_NOTICE_VERSION
from migrants.services.reference import country_or_none
from migrants.signals import profile_changed


@dataclass
class ConsentInput:
    purpose: str
    partnership_id: int | None = None
    country: str | None = None
    organisation_id: int | None = None
    qualification_id: int | None = None
    notice_version: str = CURRENT_NOTICE_VERSION
    channel: str = ConsentGrant.Channel.WEB


def _manageable_profile(actor: User, profile_id: int) -> MigrantProfile:
    """The profile, if ``actor`` decides on its consents: 404 when they cannot see it, 403 when
    they may read it but the person decides (``can_manage_consents``)."""
    profile = get_profile_for_user(actor, profile_id)
    if not can_manage_consents(actor, profile):
        raise PermissionDenied(_("Only the migrant decides on their consents."))
    return profile


def _recipient_refusal(actor: User, profile: MigrantProfile, purpose: str) -> str:
    if profile.user_id != actor.pk:
        return _("A counsellor records this consent only for their own organisation.")
    kinds = sorted(ConsentGrant.RECIPIENT_KINDS[purpose])
    return _("This consent can only name: %(kinds)s.") % {
        "kinds": ", ".join(str(Organisation.Kind(kind).label) for kind in kinds)
    }


def _recipient(actor: User, profile: MigrantProfile, data: ConsentInput) -> dict[str, Any]:
    """The recipient columns of the grant, checked against what the purpose may name."""
    recipient_field = ConsentGrant.RECIPIENT_FIELD[ConsentGrant.Purpose(data.purpose)]
    recipient: dict[str, Any] = {
        "partnership_id": None,
        "country_id": None,
        "organisation_id": None,
    }
    if recipient_field == "partnership":
        from partnerships.selectors import public_partnership_list

        if (
            not data.partnership_id
            or not public_partnership_list().filter(pk=data.partnership_id).exists()
        ):
            raise DomainValidationError(
                _("Choose a partnership from the public registry."), field="partnership"
            )
        recipient["partnership_id"] = data.partnership_id
    elif recipient_field == "country":
        country = country_or_none(data.country, "country")
        if country is None:
            raise DomainValidationError(_("Choose a destination country."), field="country")
        recipient["country_id"] = country.pk
    elif recipient_field == "organisation":
        if (
            not data.organisation_id
            or not Organisation.objects.filter(pk=data.organisation_id, is_active=True).exists()
        ):
            raise DomainValidationError(_("Choose an organisation."), field="organisation")
        if (
            not consent_recipients_for(actor, profile, data.purpose)
            .filter(pk=data.organisation_id)
            .exists()
        ):
            raise DomainValidationError(
                _recipient_refusal(actor, profile, data.purpose), field="organisation"
            )
        recipient["organisation_id"] = data.organisation_id
    return recipient


@transaction.atomic
def consent_grant(*, actor: User, profile_id: int, data: ConsentInput) -> ConsentGrant:
    """Record one explicit consent. Granting the same consent twice returns the active one.

    Each purpose names only the kinds of organisation ``ConsentGrant.RECIPIENT_KINDS`` allows,
    whoever calls. A counsellor recording for a person without a login records only what intake
    allows (``ConsentGrant.IN_PERSON_PURPOSES``, naming their own organisation)."""
    profile = _manageable_profile(actor, profile_id)
    if data.purpose not in ConsentGrant.Purpose.values:
        raise DomainValidationError(_("Choose what you consent to."), field="purpose")
    if data.purpose not in consent_purposes_for(actor, profile):
        raise PermissionDenied(
            _(
                "Only the person can give this consent, from their own login: a counsellor "
                "records only what the person agreed to at registration."
            )
        )
    recipient = _recipient(actor, profile, data)
    qualification_id = None
    if data.purpose == ConsentGrant.Purpose.RECOGNITION_SHARE:
        if (
            not data.qualification_id
            or not profile.qualifications.filter(pk=data.qualification_id).exists()
        ):
            raise DomainValidationError(
                _("Choose the qualification to share."), field="qualification"
            )
        qualification_id = data.qualification_id
    if data.channel not in ConsentGrant.Channel.values:
        raise DomainValidationError(_("Unknown channel."), field="channel")
    existing = (
        ConsentGrant.objects.active()
        .for_recipient(data.purpose, qualification_id=qualification_id, **recipient)
        .filter(profile=profile)
        .first()
    )
    if existing is not None:
        return existing
    grant = ConsentGrant.objects.create(
        profile=profile,
        purpose=data.purpose,
        qualification_id=qualification_id,
        notice_version=data.notice_version,
        channel=data.channel,
        granted_by=actor,
        **recipient,
    )
    audit_record(
        actor=actor,
        action="migrants.consent.granted",
        target=profile,
        data={
            "consent": grant.pk,
            "purpose": grant.purpose,
            "channel": grant.channel,
            "notice_version": grant.notice_version,
            **{k: v for k, v in recipient.items() if v},
        },
    )
    profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    return grant


@transaction.atomic
def consent_withdraw(*, actor: User, profile_id: int, consent_id: int) -> ConsentGrant:
    """Immediate everywhere: every read of pools, matches and profiles checks active grants."""
    profile = _manageable_profile(actor, profile_id)
    grant = ConsentGrant.objects.select_for_update().filter(pk=consent_id, profile=profile).first()
    if grant is None:
        raise Http404("No such consent.")
    if grant.withdrawn_at is not None:
        return grant
    grant.withdrawn_at = timezone.now()
    grant.withdrawn_by = actor
    grant.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action="migrants.consent.withdrawn",
        target=profile,
        data={"consent": grant.pk, "purpose": grant.purpose},
    )
    profile_changed.send(sender=MigrantProfile, profile_id=grant.profile_id)
    return grant
