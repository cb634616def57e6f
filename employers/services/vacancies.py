"""Vacancies: post, change, and move through their lifecycle (declared once, at the bottom).

A change to a vacancy sends ``employers.signals.vacancy_changed`` so that matching rematches it
without employers importing matching."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import acting_organisation_id
from audit.services import audit_move, audit_record
from core.access import locked_for_write
from core.errors import DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, move_factory
from core.versions import ensure_version
from employers.api.inputs import EmployerReasonInputSerializer
from employers.models import Vacancy, VacancyLanguage
from employers.permissions import (
    can_manage_vacancy,
    employer_organisations_of,
    get_vacancy_for_user,
)
from employers.signals import vacancy_changed
from partnerships.models import PartnershipMember
from taxonomy.models import (
    CefrLevel,
    Country,
    Currency,
    IscedLevel,
    Language,
    Occupation,
    Sector,
    Skill,
)

VS = Vacancy.Status


@dataclass
class VacancyInput:
    title: str
    occupation_id: int
    destination_country: str
    wage_amount: Decimal
    wage_currency: str
    hours_per_week: int
    # Which of the caller's employers or agencies posts it; None: their only one.
    employer_id: int | None = None
    essential_skill_ids: list[int] = field(default_factory=list)
    optional_skill_ids: list[int] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # ISO 639-1 -> minimum CEFR code
    min_isced_level: int | None = None
    sector: str | None = None  # ``taxonomy.Sector`` code
    partnership_id: int | None = None
    on_behalf_of_id: int | None = None
    description: str = ""
    destination_city: str = ""
    positions: int = 1
    wage_period: str = Vacancy.WagePeriod.MONTH
    contract_months: int | None = None
    starts_on: date | None = None
    fee_policy: str = Vacancy.FeePolicy.EMPLOYER_PAYS

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> VacancyInput:
        """The input from a page's or a request's values, named as both name them (``occupation``
        for ``occupation_id``...); names that are not the input's are left out."""
        known = {f.name for f in fields(cls)}
        kept = {_INPUT_NAMES.get(k, k): v for k, v in values.items()}
        kept = {k: v for k, v in kept.items() if k in known}
        kept["sector"] = kept.get("sector") or None
        return cls(**kept)


_INPUT_NAMES = {
    "employer": "employer_id",
    "occupation": "occupation_id",
    "essential_skills": "essential_skill_ids",
    "optional_skills": "optional_skill_ids",
    "partnership": "partnership_id",
    "on_behalf_of": "on_behalf_of_id",
}


def _acting_employer(actor: User, data: VacancyInput) -> int:
    employers = employer_organisations_of(actor)
    if not employers:
        raise PermissionDenied(_("Only staff of an employer or agency post vacancies."))
    return acting_organisation_id(employers, data.employer_id, field="employer")


def _languages(data: VacancyInput) -> list[tuple[Language, CefrLevel]]:
    languages = []
    for code, level in data.languages.items():
        language = Language.objects.filter(pk=code.strip().lower()).first()
        cefr = CefrLevel.objects.filter(pk=str(level).strip().upper()).first()
        if language is None or cefr is None:
            raise DomainValidationError(
                _("Give each language as an ISO 639-1 code with a CEFR level (A1 to C2)."),
                field="languages",
            )
        languages.append((language, cefr))
    return languages


def _check_terms(data: VacancyInput) -> None:
    if data.wage_amount is None or data.wage_amount <= 0:
        raise DomainValidationError(_("Give the wage."), field="wage_amount")
    if data.wage_period not in Vacancy.WagePeriod.values:
        raise DomainValidationError(_("Choose the wage period."), field="wage_period")
    if not 1 <= data.hours_per_week <= 60:
        raise DomainValidationError(
            _("Give the weekly hours, between 1 and 60."), field="hours_per_week"
        )
    if not 1 <= data.positions <= 10000:
        raise DomainValidationError(_("Give the number of positions."), field="positions")
    if data.contract_months is not None and not 1 <= data.contract_months <= 120:
        raise DomainValidationError(
            _("A fixed-term contract lasts 1 to 120 months."), field="contract_months"
        )
    if data.fee_policy not in Vacancy.FeePolicy.values:
        raise DomainValidationError(_("Choose the recruitment-fee policy."), field="fee_policy")


def _validate_vacancy(employer_id: int, data: VacancyInput) -> dict[str, Any]:
    if not data.title.strip():
        raise DomainValidationError(_("Give the vacancy a title."), field="title")
    occupation = Occupation.objects.filter(pk=data.occupation_id).first()
    if occupation is None:
        raise DomainValidationError(_("Choose the occupation."), field="occupation")
    country = Country.objects.filter(pk=(data.destination_country or "").strip().upper()).first()
    if country is None:
        raise DomainValidationError(_("Choose the country of work."), field="destination_country")
    currency = Currency.objects.filter(pk=(data.wage_currency or "").strip().upper()).first()
    if currency is None:
        raise DomainValidationError(_("Use an ISO 4217 currency code."), field="wage_currency")
    _check_terms(data)
    sector = None
    if data.sector:
        sector = Sector.objects.filter(pk=data.sector).first()
        if sector is None:
            raise DomainValidationError(_("Choose one of the listed sectors."), field="sector")
    essential = set(data.essential_skill_ids)
    optional = set(data.optional_skill_ids) - essential
    found = set(Skill.objects.filter(pk__in=essential | optional).values_list("pk", flat=True))
    if found != essential | optional:
        raise DomainValidationError(_("Some skills are unknown."), field="essential_skills")
    isced = None
    if data.min_isced_level is not None:
        isced = IscedLevel.objects.filter(pk=data.min_isced_level).first()
        if isced is None:
            raise DomainValidationError(_("Unknown ISCED level."), field="min_isced_level")
    languages = _languages(data)
    if (
        data.partnership_id is not None
        and not PartnershipMember.objects.filter(
            partnership_id=data.partnership_id, organisation_id=employer_id
        ).exists()
    ):
        raise DomainValidationError(
            _("Your organisation must be a member of the partnership to recruit through it."),
            field="partnership",
        )
    if data.on_behalf_of_id is not None and data.on_behalf_of_id == employer_id:
        raise DomainValidationError(
            _("An agency recruits on behalf of another employer."), field="on_behalf_of"
        )
    return {
        "values": {
            "employer_id": employer_id,
            "on_behalf_of_id": data.on_behalf_of_id,
            "partnership_id": data.partnership_id,
            "title": data.title.strip(),
            "description": data.description.strip(),
            "occupation": occupation,
            "sector": sector,
            "min_isced_level": isced,
            "destination_country": country,
            "destination_city": data.destination_city.strip(),
            "positions": data.positions,
            "wage_amount": data.wage_amount,
            "wage_currency": currency,
            "wage_period": data.wage_period,
            "hours_per_week": data.hours_per_week,
            "contract_months": data.contract_months,
            "starts_on": data.starts_on,
            "fee_policy": data.fee_policy,
        },
        "essential": sorted(essential),
        "optional": sorted(optional),
        "languages": languages,
    }


def _apply_vacancy(vacancy: Vacancy, checked: dict[str, Any]) -> None:
    for key, value in checked["values"].items():
        setattr(vacancy, key, value)
    vacancy.save()
    vacancy.essential_skills.set(checked["essential"])
    vacancy.optional_skills.set(checked["optional"])
    vacancy.languages.all().delete()
    VacancyLanguage.objects.bulk_create(
        VacancyLanguage(vacancy=vacancy, language=lang, min_level=level)
        for lang, level in checked["languages"]
    )


def vacancy_changed_send(vacancy: Vacancy) -> None:
    vacancy_changed.send(sender=Vacancy, vacancy_id=vacancy.pk)


@transaction.atomic
def vacancy_create(*, actor: User, data: VacancyInput) -> Vacancy:
    checked = _validate_vacancy(_acting_employer(actor, data), data)
    vacancy = Vacancy(created_by=actor)
    _apply_vacancy(vacancy, checked)
    audit_record(
        actor=actor,
        action="employers.vacancy.created",
        target=vacancy,
        data={"organisation": vacancy.employer_id, "partnership": vacancy.partnership_id},
    )
    return vacancy


@transaction.atomic
def vacancy_update(
    *, actor: User, vacancy_id: int, data: VacancyInput, version: str | None = None
) -> Vacancy:
    """Replace the vacancy's description. ``version`` (``core.versions``) is the one the editor
    started from: if someone saved the vacancy since, the change is refused rather than undoing
    theirs."""
    vacancy = locked_for_write(get_vacancy_for_user, actor, vacancy_id)
    if vacancy.status == VS.CLOSED:
        raise InvalidTransition(_("A closed vacancy can no longer be changed."))
    ensure_version(
        vacancy,
        version,
        _(
            "Someone else changed this vacancy after you opened it, so your changes were not "
            "saved. Compare them with the vacancy as it is now, then save again."
        ),
    )
    if data.employer_id not in (None, vacancy.employer_id):
        raise DomainValidationError(
            _("A vacancy stays with the employer that posted it."), field="employer"
        )
    checked = _validate_vacancy(vacancy.employer_id, data)
    if vacancy.status == VS.OPEN and data.fee_policy == Vacancy.FeePolicy.WORKER_PAYS:
        raise DomainValidationError(
            _("An open vacancy cannot make the worker pay recruitment fees."), field="fee_policy"
        )
    _apply_vacancy(vacancy, checked)
    audit_record(actor=actor, action="employers.vacancy.updated", target=vacancy)
    vacancy_changed_send(vacancy)
    return vacancy


# The audit code of each move: ``employers.vacancy.<past participle>``.
AUDITED_AS = {
    "open": "published",
    "back_to_draft": "returned_to_draft",
    "mark_filled": "filled",
    "reopen": "reopened",
    "close": "closed",
}


@transaction.atomic
def vacancy_apply_action(*, actor: User, vacancy_id: int, action: str, reason: str = "") -> Vacancy:
    """Move the vacancy through its lifecycle (``VACANCY_LIFECYCLE``); a move that does not
    apply to its status raises InvalidTransition."""
    vacancy = locked_for_write(get_vacancy_for_user, actor, vacancy_id)
    move = VACANCY_LIFECYCLE.declared(action)
    target = move.targets[0]
    vacancy.ensure_can_become(target)  # the model's sentence, naming both statuses
    if not VACANCY_LIFECYCLE.applies(move, vacancy):
        raise InvalidTransition(
            _("“%(move)s” does not apply to a vacancy that is %(status)s.")
            % {"move": move.label, "status": vacancy.status_label(vacancy.status)}
        )
    if target == VS.OPEN and vacancy.fee_policy != Vacancy.FeePolicy.EMPLOYER_PAYS:
        raise InvalidTransition(
            _(
                "This vacancy makes the worker pay recruitment fees or costs: it cannot be "
                "published. Under fair recruitment the employer pays them."
            )
        )
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise DomainValidationError(_("Say why the vacancy closes."), field="reason")
    if target == VS.OPEN and vacancy.opened_at is None:
        vacancy.opened_at = timezone.now()
    if target == VS.CLOSED:
        vacancy.close_reason = reason[:255]
    done = f"employers.vacancy.{AUDITED_AS[move.name]}"
    audit_move(actor, vacancy, target, done, {"reason": reason} if reason else {})
    vacancy_changed_send(vacancy)
    return vacancy


# --- Lifecycle: each move declared once; the API endpoints, the page's buttons and the
# "available actions" lists are made from this.
_move = move_factory(
    lambda actor, pk, name, reason: vacancy_apply_action(
        actor=actor, vacancy_id=pk, action=name, reason=reason
    ),
    can_manage_vacancy,
)


VACANCY_LIFECYCLE: Lifecycle[Vacancy] = Lifecycle(
    entity="vacancy",
    model=Vacancy,
    lookup=get_vacancy_for_user,
    moves=(
        _move(
            "open",
            gettext_lazy("Publish"),
            VS.OPEN,
            sources=(VS.DRAFT,),
            style="",
            note="Refused (409) when the worker would pay recruitment fees: under fair "
            "recruitment the employer pays them. The pool opens and a match run starts.",
        ),
        _move("back_to_draft", gettext_lazy("Back to draft"), VS.DRAFT),
        _move("mark_filled", gettext_lazy("Mark as filled"), VS.FILLED),
        _move(
            "reopen",
            gettext_lazy("Reopen"),
            VS.OPEN,
            sources=(VS.FILLED,),
            style="",
            note="Refused (409) when the worker would pay recruitment fees.",
        ),
        _move(
            "close",
            gettext_lazy("Close the vacancy"),
            VS.CLOSED,
            needs_reason=True,
            reason_label=gettext_lazy("Why does the vacancy close?"),
            body=EmployerReasonInputSerializer,
            style="button--danger",
            note="Final: a closed vacancy is not changed again.",
        ),
    ),
)
