"""Outcomes: what became of a trainee 3, 6 and 12 months after completing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainValidationError, InvalidTransition
from taxonomy.models import Country, Occupation
from training.models import Enrolment, OutcomeFollowUp
from training.services.common import _locked_enrolment


# --- Outcomes ---------------------------------------------------------------------------------
@dataclass
class OutcomeInput:
    months: int
    status: str
    country: str | None = None
    occupation_id: int | None = None
    wage_band: str = ""


@transaction.atomic
def outcome_record(*, actor: User, enrolment_id: int, data: OutcomeInput) -> OutcomeFollowUp:
    """Record (or correct) the 3-, 6- or 12-month follow-up of a finished enrolment."""
    enrolment = _locked_enrolment(actor, enrolment_id)
    if enrolment.status not in Enrolment.FINISHED:
        raise InvalidTransition(_("Outcomes are followed up after completion."))
    if data.months not in OutcomeFollowUp.Point.values:
        raise DomainValidationError(_("Choose 3, 6 or 12 months."), field="months")
    if data.status not in OutcomeFollowUp.Status.values:
        raise DomainValidationError(_("Choose the situation."), field="status")
    employed = data.status in OutcomeFollowUp.EMPLOYED
    country = None
    if data.country:
        country = Country.objects.filter(pk=data.country.strip().upper()).first()
        if country is None:
            raise DomainValidationError(_("Unknown country code."), field="country")
    origin = enrolment.profile.nationality_id
    if data.status == OutcomeFollowUp.Status.EMPLOYED_ORIGIN:
        country = country or (Country.objects.filter(pk=origin).first() if origin else None)
        if country is not None and origin and country.pk != origin:
            raise DomainValidationError(
                _("Employment in the country of origin is in %(c)s.") % {"c": origin},
                field="country",
            )
    if data.status in (
        OutcomeFollowUp.Status.EMPLOYED_DESTINATION,
        OutcomeFollowUp.Status.EMPLOYED_THIRD,
    ):
        if country is None:
            raise DomainValidationError(_("Say in which country."), field="country")
        if origin and country.pk == origin:
            raise DomainValidationError(
                _("That is the country of origin: choose employed in the country of origin."),
                field="country",
            )
    occupation = None
    if data.occupation_id:
        occupation = Occupation.objects.filter(pk=data.occupation_id).first()
        if occupation is None:
            raise DomainValidationError(_("Unknown occupation."), field="occupation")
    if data.wage_band and data.wage_band not in OutcomeFollowUp.WageBand.values:
        raise DomainValidationError(_("Choose a wage band."), field="wage_band")
    if not employed and (occupation or data.wage_band):
        raise DomainValidationError(
            _("Occupation and wage are recorded for people in work."), field="occupation"
        )
    outcome, created = OutcomeFollowUp.objects.update_or_create(
        enrolment=enrolment,
        months=data.months,
        defaults={
            "status": data.status,
            "country": country,
            "occupation": occupation,
            "wage_band": data.wage_band,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="training.outcome.recorded" if created else "training.outcome.corrected",
        target=enrolment,
        data={"months": data.months, "status": data.status, "country": country and country.pk},
    )
    return outcome
