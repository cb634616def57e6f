"""Programmes and their funding lines: create, describe, publish or archive, and who pays how
much of each trainee's cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import acting_organisation_id
from audit.services import audit_move, audit_record
from core.access import locked_for_write
from core.errors import DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, move_factory
from core.versions import ensure_version
from partnerships.models import PartnershipMember
from taxonomy.models import Country, Currency, IscedLevel, Language, Occupation, Sector, Skill
from training.models import Enrolment, FundingLine, Programme
from training.permissions import (
    can_manage_programme,
    can_run_training,
    get_programme_for_user,
    provider_organisations_of,
)
from training.services.common import CS


# --- Programmes -------------------------------------------------------------------------------
@dataclass
class ProgrammeInput:
    provider_id: int
    title: str
    kind: str
    location_country: str
    hours: int
    language: str
    partnership_id: int | None = None
    summary: str = ""
    sector: str | None = None  # a ``taxonomy.Sector`` code
    delivery_mode: str = Programme.DeliveryMode.IN_PERSON
    occupation_ids: list[int] = field(default_factory=list)
    skill_ids: list[int] = field(default_factory=list)
    certification_title: str = ""
    certification_isced_level: int | None = None
    awarding_body: str = ""
    tracks: str = Programme.Tracks.BOTH
    cost_per_trainee: Decimal | None = None
    currency: str | None = None


def _validate_programme(actor: User, data: ProgrammeInput) -> dict[str, object]:
    acting_organisation_id(provider_organisations_of(actor), data.provider_id, field="provider")
    if not data.title.strip():
        raise DomainValidationError(_("Give the programme a title."), field="title")
    if data.kind not in Programme.Kind.values:
        raise DomainValidationError(_("Choose the kind of programme."), field="kind")
    sector = None
    if data.sector:
        sector = Sector.objects.filter(pk=data.sector).first()
        if sector is None:
            raise DomainValidationError(_("Choose one of the listed sectors."), field="sector")
    if data.delivery_mode not in Programme.DeliveryMode.values:
        raise DomainValidationError(_("Choose how it is delivered."), field="delivery_mode")
    if data.tracks not in Programme.Tracks.values:
        raise DomainValidationError(_("Choose the tracks offered."), field="tracks")
    country = Country.objects.filter(pk=(data.location_country or "").strip().upper()).first()
    if country is None:
        raise DomainValidationError(
            _("Choose the country where the training takes place."), field="location_country"
        )
    language = Language.objects.filter(pk=(data.language or "").strip().lower()).first()
    if language is None:
        raise DomainValidationError(_("Choose the language of instruction."), field="language")
    if not 1 <= data.hours <= 10000:
        raise DomainValidationError(_("Give the hours, between 1 and 10,000."), field="hours")
    if (
        data.partnership_id is not None
        and not PartnershipMember.objects.filter(
            partnership_id=data.partnership_id, organisation_id=data.provider_id
        ).exists()
    ):
        raise DomainValidationError(
            _("Your organisation must be a member of the partnership to link a programme to it."),
            field="partnership",
        )
    occupations = list(Occupation.objects.filter(pk__in=data.occupation_ids))
    if len(occupations) != len(set(data.occupation_ids)):
        raise DomainValidationError(_("Some occupations are unknown."), field="occupations")
    skills = list(Skill.objects.filter(pk__in=data.skill_ids))
    if len(skills) != len(set(data.skill_ids)):
        raise DomainValidationError(_("Some skills are unknown."), field="skills")
    isced = None
    if data.certification_title.strip():
        isced = (
            IscedLevel.objects.filter(pk=data.certification_isced_level).first()
            if data.certification_isced_level is not None
            else None
        )
        if isced is None:
            raise DomainValidationError(
                _("Give the ISCED level of the certification."),
                field="certification_isced_level",
            )
        if not data.awarding_body.strip():
            raise DomainValidationError(
                _("Name the body that awards the certification."), field="awarding_body"
            )
    currency = None
    if data.cost_per_trainee is not None:
        if data.cost_per_trainee <= 0:
            raise DomainValidationError(
                _("The cost per trainee must be more than zero."), field="cost_per_trainee"
            )
        currency = Currency.objects.filter(pk=(data.currency or "").strip().upper()).first()
        if currency is None:
            raise DomainValidationError(
                _("Use an ISO 4217 currency code, e.g. EUR."), field="currency"
            )
    return {
        "provider_id": data.provider_id,
        "partnership_id": data.partnership_id,
        "title": data.title.strip(),
        "summary": data.summary.strip(),
        "kind": data.kind,
        "sector": sector,
        "delivery_mode": data.delivery_mode,
        "location_country": country,
        "hours": data.hours,
        "language": language,
        "certification_title": data.certification_title.strip(),
        "certification_isced_level": isced,
        "awarding_body": data.awarding_body.strip() if isced else "",
        "tracks": data.tracks,
        "cost_per_trainee": data.cost_per_trainee,
        "currency": currency,
        "_occupations": occupations,
        "_skills": skills,
    }


def _apply_programme(programme: Programme, values: dict[str, object]) -> None:
    occupations = values.pop("_occupations")
    skills = values.pop("_skills")
    for key, value in values.items():
        setattr(programme, key, value)
    programme.save()
    programme.occupations.set(occupations)  # type: ignore[arg-type]
    programme.skills.set(skills)  # type: ignore[arg-type]


@transaction.atomic
def programme_create(*, actor: User, data: ProgrammeInput) -> Programme:
    if not can_run_training(actor):
        raise PermissionDenied(_("Only staff of a training provider create programmes."))
    values = _validate_programme(actor, data)
    programme = Programme(created_by=actor)
    _apply_programme(programme, values)
    audit_record(
        actor=actor,
        action="training.programme.created",
        target=programme,
        data={"provider": programme.provider_id, "partnership": programme.partnership_id},
    )
    return programme


@transaction.atomic
def programme_update(
    *, actor: User, programme_id: int, data: ProgrammeInput, version: str | None = None
) -> Programme:
    """Replace the programme's description. ``version`` (``core.versions``) is the one the
    editor started from: if someone saved the programme since, the change is refused rather
    than undoing theirs."""
    programme = locked_for_write(get_programme_for_user, actor, programme_id)
    if programme.status == Programme.Status.ARCHIVED:
        raise InvalidTransition(_("An archived programme can no longer be changed."))
    ensure_version(
        programme,
        version,
        _(
            "Someone else changed this programme after you opened it, so your changes were not "
            "saved. Compare them with the programme as it is now, then save again."
        ),
    )
    if data.provider_id != programme.provider_id:
        raise DomainValidationError(
            _("A programme stays with the provider that created it."), field="provider"
        )
    if (
        data.tracks != programme.tracks
        and data.tracks != Programme.Tracks.BOTH
        and Enrolment.objects.filter(cohort__programme=programme)
        .exclude(track=data.tracks)
        .exists()
    ):
        raise DomainValidationError(
            _("Some participants are on the other track: change their track first."),
            field="tracks",
        )
    values = _validate_programme(actor, data)
    _apply_programme(programme, values)
    _check_funding_total(programme)
    audit_record(actor=actor, action="training.programme.updated", target=programme)
    return programme


@transaction.atomic
def programme_apply_action(*, actor: User, programme_id: int, action: str) -> Programme:
    """Take one of ``PROGRAMME_LIFECYCLE``'s moves; refused moves raise InvalidTransition."""
    programme = locked_for_write(get_programme_for_user, actor, programme_id)
    move = PROGRAMME_LIFECYCLE.declared(action)
    target = PROGRAMME_LIFECYCLE.ensure_applies(move, programme)
    if (
        target == Programme.Status.ARCHIVED
        and programme.cohorts.filter(status__in=(CS.RECRUITING, CS.IN_TRAINING)).exists()
    ):
        raise InvalidTransition(
            _("Finish or cancel the cohorts that are recruiting or in training first.")
        )
    done = PROGRAMME_DONE[move.name]
    audit_move(actor, programme, target, done, update_fields=["status", "updated_at"])
    return programme


def _check_funding_total(programme: Programme) -> None:
    total = programme.funding.aggregate(t=Sum("amount_per_trainee"))["t"] or Decimal(0)
    if total and programme.cost_per_trainee is None:
        raise DomainValidationError(
            _("Give the cost per trainee before its funding lines."), field="cost_per_trainee"
        )
    if programme.cost_per_trainee is not None and total > programme.cost_per_trainee:
        raise DomainValidationError(
            _("The funding lines (%(total)s) exceed the cost per trainee (%(cost)s).")
            % {"total": total, "cost": programme.cost_per_trainee},
            field="amount_per_trainee",
        )


@transaction.atomic
def funding_line_set(
    *, actor: User, programme_id: int, payer_id: int, amount_per_trainee: Decimal
) -> FundingLine:
    """Who pays how much per trainee; posted to the partnership's ledger when a cohort starts."""
    programme = locked_for_write(get_programme_for_user, actor, programme_id)
    if programme.partnership_id is None:
        raise DomainValidationError(
            _("Funding lines belong to a partnership's cost sharing: link the programme first."),
            field="partnership",
        )
    if not PartnershipMember.objects.filter(
        partnership_id=programme.partnership_id, organisation_id=payer_id
    ).exists():
        raise DomainValidationError(
            _("The payer must be a member of the partnership."), field="payer"
        )
    if amount_per_trainee <= 0:
        raise DomainValidationError(
            _("The amount must be more than zero."), field="amount_per_trainee"
        )
    line, _created = FundingLine.objects.update_or_create(
        programme=programme, payer_id=payer_id, defaults={"amount_per_trainee": amount_per_trainee}
    )
    _check_funding_total(programme)
    audit_record(
        actor=actor,
        action="training.funding.set",
        target=programme,
        data={"payer": payer_id, "amount_per_trainee": amount_per_trainee},
    )
    return line


@transaction.atomic
def funding_line_remove(*, actor: User, programme_id: int, line_id: int) -> None:
    programme = get_programme_for_user(actor, programme_id, for_write=True)
    deleted, _rows = FundingLine.objects.filter(pk=line_id, programme=programme).delete()
    if not deleted:
        raise DomainValidationError(_("No such funding line."))
    audit_record(
        actor=actor, action="training.funding.removed", target=programme, data={"id": line_id}
    )


# --- Lifecycle: each move declared once; the API endpoints, the pages' buttons and the
# "available actions" lists are made from it (``core.transitions``).
PS = Programme.Status


_programme_move = move_factory(
    lambda actor, pk, name, reason: programme_apply_action(
        actor=actor, programme_id=pk, action=name
    ),
    lambda user, programme: can_manage_programme(user, programme),
)


# What each move is recorded as in the audit trail.
PROGRAMME_DONE = {
    "publish": "training.programme.published",
    "archive": "training.programme.archived",
}
PROGRAMME_LIFECYCLE: Lifecycle[Programme] = Lifecycle(
    entity="programme",
    model=Programme,
    lookup=get_programme_for_user,
    moves=(
        _programme_move("publish", gettext_lazy("Publish"), PS.PUBLISHED, style=""),
        _programme_move(
            "archive",
            gettext_lazy("Archive"),
            PS.ARCHIVED,
            note="Waits until no cohort is recruiting or in training.",
        ),
    ),
)
