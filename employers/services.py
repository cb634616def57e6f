"""Vacancies and the staged-disclosure pipeline: permission first, lock, validate, save, audit,
notify after commit. A change to a vacancy sends ``vacancy_changed`` so matching can rematch it
without employers importing matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify_on_commit
from audit.services import audit_record
from core.errors import DomainValidationError, InvalidTransition
from employers.models import Interest, Placement, SavedSearch, Vacancy, VacancyLanguage
from employers.permissions import (
    employer_organisations_of,
    get_interest_for_user,
    get_vacancy_for_user,
)
from employers.selectors import pool_profiles
from migrants.models import ConsentGrant
from migrants.services import ConsentInput, consent_grant
from migrants.signals import person_placed
from partnerships.models import PartnershipMember
from taxonomy.models import CefrLevel, Country, Currency, IscedLevel, Language, Occupation, Skill

VS = Vacancy.Status
IS = Interest.Status

# Sent inside the transaction with ``vacancy_id``; matching rematches it on commit.
vacancy_changed = Signal()


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except Exception:  # the pages may not be wired in a bare service test
        return ""


# --- Vacancies --------------------------------------------------------------------------------
@dataclass
class VacancyInput:
    employer_id: int
    title: str
    occupation_id: int
    destination_country: str
    wage_amount: Decimal
    wage_currency: str
    hours_per_week: int
    essential_skill_ids: list[int] = field(default_factory=list)
    optional_skill_ids: list[int] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # ISO 639-1 -> minimum CEFR code
    min_isced_level: int | None = None
    partnership_id: int | None = None
    on_behalf_of_id: int | None = None
    description: str = ""
    destination_city: str = ""
    positions: int = 1
    wage_period: str = Vacancy.WagePeriod.MONTH
    contract_months: int | None = None
    starts_on: date | None = None
    fee_policy: str = Vacancy.FeePolicy.EMPLOYER_PAYS


def _validate_vacancy(actor: User, data: VacancyInput) -> dict[str, Any]:
    if not any(o.pk == data.employer_id for o in employer_organisations_of(actor)):
        raise DomainValidationError(_("Choose an employer you work for."), field="employer")
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
    languages: list[tuple[Language, CefrLevel]] = []
    for code, level in data.languages.items():
        language = Language.objects.filter(pk=code.strip().lower()).first()
        cefr = CefrLevel.objects.filter(pk=str(level).strip().upper()).first()
        if language is None or cefr is None:
            raise DomainValidationError(
                _("Give each language as an ISO 639-1 code with a CEFR level (A1 to C2)."),
                field="languages",
            )
        languages.append((language, cefr))
    if (
        data.partnership_id is not None
        and not PartnershipMember.objects.filter(
            partnership_id=data.partnership_id, organisation_id=data.employer_id
        ).exists()
    ):
        raise DomainValidationError(
            _("Your organisation must be a member of the partnership to recruit through it."),
            field="partnership",
        )
    if data.on_behalf_of_id is not None and data.on_behalf_of_id == data.employer_id:
        raise DomainValidationError(
            _("An agency recruits on behalf of another employer."), field="on_behalf_of"
        )
    return {
        "values": {
            "employer_id": data.employer_id,
            "on_behalf_of_id": data.on_behalf_of_id,
            "partnership_id": data.partnership_id,
            "title": data.title.strip(),
            "description": data.description.strip(),
            "occupation": occupation,
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


def _changed(vacancy: Vacancy) -> None:
    vacancy_changed.send(sender=Vacancy, vacancy_id=vacancy.pk)


@transaction.atomic
def vacancy_create(*, actor: User, data: VacancyInput) -> Vacancy:
    checked = _validate_vacancy(actor, data)
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
def vacancy_update(*, actor: User, vacancy_id: int, data: VacancyInput) -> Vacancy:
    get_vacancy_for_user(actor, vacancy_id, for_write=True)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status == VS.CLOSED:
        raise InvalidTransition(_("A closed vacancy can no longer be changed."))
    if data.employer_id != vacancy.employer_id:
        raise DomainValidationError(
            _("A vacancy stays with the employer that posted it."), field="employer"
        )
    checked = _validate_vacancy(actor, data)
    if vacancy.status == VS.OPEN and data.fee_policy == Vacancy.FeePolicy.WORKER_PAYS:
        raise DomainValidationError(
            _("An open vacancy cannot make the worker pay recruitment fees."), field="fee_policy"
        )
    _apply_vacancy(vacancy, checked)
    audit_record(actor=actor, action="employers.vacancy.updated", target=vacancy)
    _changed(vacancy)
    return vacancy


VACANCY_ACTIONS: dict[str, str] = {
    "open": VS.OPEN,
    "back_to_draft": VS.DRAFT,
    "mark_filled": VS.FILLED,
    "reopen": VS.OPEN,
    "close": VS.CLOSED,
}


@transaction.atomic
def vacancy_apply_action(*, actor: User, vacancy_id: int, action: str, reason: str = "") -> Vacancy:
    get_vacancy_for_user(actor, vacancy_id, for_write=True)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    target = VACANCY_ACTIONS.get(action)
    if target is None:
        raise DomainValidationError(_("Unknown action."), field="action")
    if action == "reopen" and vacancy.status != VS.FILLED:
        raise InvalidTransition(_("Only a filled vacancy can be reopened."))
    if action == "open" and vacancy.status != VS.DRAFT:
        raise InvalidTransition(_("Only a draft vacancy can be published."))
    vacancy.ensure_can_become(target)
    if target == VS.OPEN and vacancy.fee_policy != Vacancy.FeePolicy.EMPLOYER_PAYS:
        raise InvalidTransition(
            _(
                "This vacancy makes the worker pay recruitment fees or costs: it cannot be "
                "published. Under fair recruitment the employer pays them."
            )
        )
    if target == VS.CLOSED and not reason.strip():
        raise DomainValidationError(_("Say why the vacancy closes."), field="reason")
    previous = vacancy.status
    vacancy.status = target
    if target == VS.OPEN and vacancy.opened_at is None:
        vacancy.opened_at = timezone.now()
    if target == VS.CLOSED:
        vacancy.close_reason = reason.strip()[:255]
    vacancy.save()
    audit_record(
        actor=actor,
        action=f"employers.vacancy.{action}",
        target=vacancy,
        from_state=previous,
        to_state=target,
        data={"reason": reason.strip()} if reason.strip() else {},
    )
    _changed(vacancy)
    return vacancy


# --- Saved searches ---------------------------------------------------------------------------
@transaction.atomic
def saved_search_create(
    *, actor: User, vacancy_id: int, name: str, params: dict[str, Any]
) -> SavedSearch:
    vacancy = get_vacancy_for_user(actor, vacancy_id)
    if not name.strip():
        raise DomainValidationError(_("Name the search."), field="name")
    allowed = {
        "occupation",
        "skills",
        "evidence",
        "language",
        "language_level",
        "isced",
        "residence",
        "recognition",
        "available_by",
        "q",
    }
    kept = {k: v for k, v in params.items() if k in allowed and v not in ("", None, [])}
    return SavedSearch.objects.create(
        organisation_id=vacancy.employer_id,
        owner=actor,
        vacancy=vacancy,
        name=name.strip()[:120],
        params=kept,
    )


@transaction.atomic
def saved_search_delete(*, actor: User, search_id: int) -> None:
    deleted, _rows = SavedSearch.objects.filter(pk=search_id, owner=actor).delete()
    if not deleted:
        raise DomainValidationError(_("No such saved search."))


# --- The pipeline -----------------------------------------------------------------------------
def _locked_interest(actor: User, interest_id: int, side: str) -> Interest:
    get_interest_for_user(actor, interest_id, side=side)
    return (
        Interest.objects.select_for_update()
        .select_related("vacancy__employer", "profile")
        .get(pk=interest_id)
    )


def _move(actor: User, interest: Interest, target: str, verb: str, **data: Any) -> None:
    interest.ensure_can_become(target)
    previous = interest.status
    interest.status = target
    interest.save()
    audit_record(
        actor=actor,
        action=f"employers.interest.{verb}",
        target=interest,
        from_state=previous,
        to_state=target,
        data={k: v for k, v in data.items() if v not in (None, "")},
    )


@transaction.atomic
def shortlist_add(*, actor: User, vacancy_id: int, pseudonym: str) -> Interest:
    """Put a pool candidate on the vacancy's shortlist (the candidate is not told yet).
    ``pseudonym`` is the employer's own code for the person (``Vacancy.candidate_code``)."""
    get_vacancy_for_user(actor, vacancy_id, for_write=True)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status != VS.OPEN:
        raise InvalidTransition(_("Shortlist candidates for an open vacancy."))
    profile_id = vacancy.candidate_profile_id(pseudonym)
    profile = None if profile_id is None else pool_profiles(vacancy).filter(pk=profile_id).first()
    if profile is None:
        raise DomainValidationError(
            _("This candidate is not in the pool of this vacancy."), field="pseudonym"
        )
    try:
        with transaction.atomic():
            interest = Interest.objects.create(vacancy=vacancy, profile=profile, created_by=actor)
    except IntegrityError as exc:
        raise DomainValidationError(
            _("This candidate is already in the vacancy's pipeline."), field="pseudonym"
        ) from exc
    audit_record(
        actor=actor,
        action="employers.interest.shortlisted",
        target=interest,
        to_state=IS.SHORTLISTED,
        data={"vacancy": vacancy.pk},
    )
    return interest


@transaction.atomic
def interest_express(*, actor: User, interest_id: int, message: str = "") -> Interest:
    interest = _locked_interest(actor, interest_id, "employer")
    if interest.vacancy.status != VS.OPEN:
        raise InvalidTransition(_("The vacancy is not open."))
    # The pool consent may have been withdrawn since the shortlist.
    if not pool_profiles(interest.vacancy).filter(pk=interest.profile_id).exists():
        raise InvalidTransition(_("This candidate is no longer in the pool."))
    interest.message = message.strip()
    _move(actor, interest, IS.INTEREST_SENT, "expressed")
    notify_on_commit(
        user_id=interest.profile.user_id,
        title=_("An employer is interested in you: %(title)s") % {"title": interest.vacancy.title},
        body=_(
            "Open the portal to accept (your name and contact details are then shared with "
            "this employer only) or decline."
        ),
        url=_url("employers:my-interest", interest.pk),
    )
    return interest


@transaction.atomic
def interest_respond(*, actor: User, interest_id: int, accept: bool) -> Interest:
    """The candidate accepts (identity shared with this employer only) or declines."""
    interest = _locked_interest(actor, interest_id, "candidate")
    if accept:
        interest.ensure_can_become(IS.ACCEPTED)
        grant = consent_grant(
            actor=actor,
            profile_id=interest.profile_id,
            data=ConsentInput(
                purpose=ConsentGrant.Purpose.EMPLOYER_IDENTITY,
                organisation_id=interest.vacancy.employer_id,
            ),
        )
        interest.identity_consent = grant
    interest.responded_at = timezone.now()
    _move(
        actor,
        interest,
        IS.ACCEPTED if accept else IS.DECLINED,
        "accepted" if accept else "declined",
    )
    for member in interest.vacancy.employer.memberships.filter(is_active=True):
        notify_on_commit(
            user_id=member.user_id,
            title=(_("%(p)s accepted your interest") if accept else _("%(p)s declined"))
            % {"p": interest.candidate_code},
            url=_url("employers:interest-detail", interest.pk),
        )
    return interest


EMPLOYER_MOVES = {
    "interview": IS.INTERVIEW,
    "offer": IS.OFFER,
    "not_selected": IS.NOT_SELECTED,
    "withdraw": IS.WITHDRAWN,
}


@transaction.atomic
def interest_apply_action(
    *, actor: User, interest_id: int, action: str, reason: str = ""
) -> Interest:
    interest = _locked_interest(actor, interest_id, "employer")
    target = EMPLOYER_MOVES.get(action)
    if target is None:
        raise DomainValidationError(_("Unknown action."), field="action")
    if target in (IS.NOT_SELECTED, IS.WITHDRAWN) and not reason.strip():
        raise DomainValidationError(_("Give a reason."), field="reason")
    interest.reason = reason.strip()[:255]
    _move(actor, interest, target, action, reason=reason.strip())
    if target != IS.WITHDRAWN or interest.profile.user_id:
        notify_on_commit(
            user_id=interest.profile.user_id,
            title=_("%(title)s: %(status)s")
            % {"title": interest.vacancy.title, "status": interest.get_status_display()},
            url=_url("employers:my-interest", interest.pk),
        )
    return interest


@dataclass
class PlacementInput:
    starts_on: date
    wage_amount: Decimal | None = None
    wage_currency: str | None = None
    wage_period: str | None = None


@transaction.atomic
def interest_hire(*, actor: User, interest_id: int, data: PlacementInput) -> Placement:
    """Record the hire: a placement in the vacancy's country and occupation."""
    interest = _locked_interest(actor, interest_id, "employer")
    interest.ensure_can_become(IS.HIRED)
    vacancy = interest.vacancy
    currency = (data.wage_currency or vacancy.wage_currency_id).upper()
    if not Currency.objects.filter(pk=currency).exists():
        raise DomainValidationError(_("Use an ISO 4217 currency code."), field="wage_currency")
    wage = data.wage_amount if data.wage_amount is not None else vacancy.wage_amount
    if wage <= 0:
        raise DomainValidationError(_("Give the wage."), field="wage_amount")
    period = data.wage_period or vacancy.wage_period
    if period not in Vacancy.WagePeriod.values:
        raise DomainValidationError(_("Choose the wage period."), field="wage_period")
    placement = Placement.objects.create(
        interest=interest,
        vacancy=vacancy,
        profile=interest.profile,
        country_id=vacancy.destination_country_id,
        occupation_id=vacancy.occupation_id,
        starts_on=data.starts_on,
        wage_amount=wage,
        wage_currency_id=currency,
        wage_period=period,
        recorded_by=actor,
    )
    _move(actor, interest, IS.HIRED, "hired", placement=placement.pk)
    hired = vacancy.interests.filter(status=IS.HIRED).count()
    if hired >= vacancy.positions and vacancy.status == VS.OPEN:
        locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        locked.status = VS.FILLED
        locked.save()
        audit_record(
            actor=actor,
            action="employers.vacancy.filled",
            target=locked,
            from_state=VS.OPEN,
            to_state=VS.FILLED,
        )
        _changed(locked)
    person_placed.send(
        sender=Placement,
        profile_id=placement.profile_id,
        country=placement.country_id,
        occupation_id=placement.occupation_id,
        actor=actor,
    )
    notify_on_commit(
        user_id=interest.profile.user_id,
        title=_("Congratulations: you are hired for %(title)s") % {"title": vacancy.title},
        url=_url("employers:my-interest", interest.pk),
    )
    return placement
