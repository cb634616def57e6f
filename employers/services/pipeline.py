"""The staged-disclosure pipeline: shortlist, express interest, the candidate's answer, the
employer's next steps and the hire. Permission first, lock, check, save, audit, notify after
commit. The interest's moves are declared once, at the bottom, each with the side that takes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import notify_on_commit
from audit.services import audit_move, audit_record
from core.access import locked_for_write
from core.errors import DomainValidationError, InvalidTransition
from core.http import page_link
from core.transitions import Lifecycle, Move, move_factory
from employers.api.inputs import (
    EmployerMessageInputSerializer,
    EmployerReasonInputSerializer,
    HireInputSerializer,
)
from employers.models import Interest, Placement, Vacancy
from employers.permissions import (
    can_manage_interest,
    get_interest_for_user,
    get_vacancy_for_user,
    is_candidate,
)
from employers.selectors import pool_profiles
from employers.services.vacancies import vacancy_changed_send
from migrants.internal import person_placed
from migrants.models import ConsentGrant
from migrants.services import ConsentInput, consent_grant
from taxonomy.models import Currency

VS = Vacancy.Status
IS = Interest.Status


def _locked_interest(actor: User, interest_id: int, side: str) -> Interest:
    get_interest_for_user(actor, interest_id, side=side)
    return (
        Interest.objects.select_for_update()
        .select_related("vacancy__employer", "profile")
        .get(pk=interest_id)
    )


def _move(actor: User, interest: Interest, target: str, done: str, **data: Any) -> None:
    """Change the status and record ``employers.interest.<done>`` (a past participle)."""
    interest.ensure_can_become(target)
    given = {k: v for k, v in data.items() if v not in (None, "")}
    audit_move(actor, interest, target, f"employers.interest.{done}", given)


@transaction.atomic
def shortlist_add(*, actor: User, vacancy_id: int, pseudonym: str) -> Interest:
    """Put a pool candidate on the vacancy's shortlist (the candidate is not told yet).
    ``pseudonym`` is the employer's own code for the person (``Vacancy.candidate_code``)."""
    vacancy = locked_for_write(get_vacancy_for_user, actor, vacancy_id)
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
        url=page_link("employers:my-interest", interest.pk),
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
            url=page_link("employers:interest-detail", interest.pk),
        )
    return interest


# The employer's steps after the candidate's answer, and their audit codes.
AUDITED_AS = {
    "interview": "invited_to_interview",
    "offer": "offered",
    "not_selected": "not_selected",
    "withdraw": "withdrawn",
}


@transaction.atomic
def interest_apply_action(
    *, actor: User, interest_id: int, action: str, reason: str = ""
) -> Interest:
    interest = _locked_interest(actor, interest_id, "employer")
    move = INTEREST_LIFECYCLE.get(action)
    if move is None or move.name not in AUDITED_AS:
        raise DomainValidationError(_("Unknown action."), field="action")
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise DomainValidationError(_("Give a reason."), field="reason")
    target = move.targets[0]
    interest.reason = reason[:255]
    _move(actor, interest, target, AUDITED_AS[move.name], reason=reason)
    if target != IS.WITHDRAWN or interest.profile.user_id:
        notify_on_commit(
            user_id=interest.profile.user_id,
            title=_("%(title)s: %(status)s")
            % {"title": interest.vacancy.title, "status": interest.get_status_display()},
            url=page_link("employers:my-interest", interest.pk),
        )
    return interest


@dataclass
class PlacementInput:
    starts_on: date
    wage_amount: Decimal | None = None
    wage_currency: str | None = None
    wage_period: str | None = None


def _fill_when_complete(actor: User, vacancy: Vacancy) -> None:
    """The vacancy becomes filled when all its positions are."""
    hired = vacancy.interests.filter(status=IS.HIRED).count()
    if hired < vacancy.positions or vacancy.status != VS.OPEN:
        return
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    locked.ensure_can_become(VS.FILLED)
    audit_move(actor, locked, VS.FILLED, "employers.vacancy.filled", {"all_positions_hired": True})
    vacancy_changed_send(locked)


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
    _fill_when_complete(actor, vacancy)
    # Training records it as the trainee's outcome (employers does not import training).
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
        url=page_link("employers:my-interest", interest.pk),
    )
    return placement


# --- Lifecycle: each move declared once, with the side that takes it; the API endpoints, the
# pages' buttons and the "available actions" lists are made from this.
# One of the employer's steps after the candidate's answer.
_step = move_factory(
    lambda actor, pk, name, reason: interest_apply_action(
        actor=actor, interest_id=pk, action=name, reason=reason
    ),
    can_manage_interest,
)


def _answer(accept: bool) -> Any:
    return lambda actor, pk, values: interest_respond(actor=actor, interest_id=pk, accept=accept)


def _hire(actor: User, pk: int, values: dict[str, Any]) -> Interest:
    return interest_hire(actor=actor, interest_id=pk, data=PlacementInput(**values)).interest


_REASON = {
    "needs_reason": True,
    "body": EmployerReasonInputSerializer,
    "style": "button--danger",
}
EMPLOYER_MOVES: tuple[Move[Interest], ...] = (
    Move(
        "express",
        gettext_lazy("Express interest"),
        (IS.INTEREST_SENT,),
        lambda actor, pk, values: interest_express(
            actor=actor, interest_id=pk, message=values.get("message", "")
        ),
        allowed=can_manage_interest,
        body=EmployerMessageInputSerializer,
        style="",
        note="The candidate is notified and may accept (their identity is then shared with "
        "this employer only) or decline. Refused (409) when the vacancy is not open or the "
        "candidate left the pool.",
    ),
    _step("interview", gettext_lazy("Invite to an interview"), IS.INTERVIEW, style=""),
    _step("offer", gettext_lazy("Make an offer"), IS.OFFER, style=""),
    Move(
        "hire",
        gettext_lazy("Record the hire"),
        (IS.HIRED,),
        _hire,
        allowed=can_manage_interest,
        body=HireInputSerializer,
        style="",
        page="employers:interest-hire",
        note="Records the placement in the vacancy's country and occupation (the wage "
        "defaults to the vacancy's): it counts toward the partnership's placement targets and "
        "becomes the outcome of the person's training; the vacancy is marked filled when all "
        "its positions are. The answer's `placement` is the placement recorded.",
    ),
    _step(
        "not_selected",
        gettext_lazy("Not selected"),
        IS.NOT_SELECTED,
        reason_label=gettext_lazy("Why was the candidate not selected?"),
        **_REASON,
    ),
    _step(
        "withdraw",
        gettext_lazy("Withdraw"),
        IS.WITHDRAWN,
        reason_label=gettext_lazy("Why do you withdraw?"),
        **_REASON,
    ),
)
CANDIDATE_MOVES: tuple[Move[Interest], ...] = (
    Move(
        "accept",
        gettext_lazy("Accept and share my contact details"),
        (IS.ACCEPTED,),
        _answer(True),
        allowed=is_candidate,
        style="",
        note="Grants this employer, and no other, a consent to see your name, e-mail and "
        "phone; withdraw it in your consents at any time.",
    ),
    Move(
        "decline",
        gettext_lazy("Decline"),
        (IS.DECLINED,),
        _answer(False),
        allowed=is_candidate,
        note="The employer is told; nothing about you is shared.",
    ),
)
INTEREST_LIFECYCLE: Lifecycle[Interest] = Lifecycle(
    entity="interest",
    model=Interest,
    lookup=get_interest_for_user,
    moves=EMPLOYER_MOVES + CANDIDATE_MOVES,
)
# Each side's routes (pages and API) offer and take only that side's moves.
EMPLOYER_SIDE = replace(INTEREST_LIFECYCLE, moves=EMPLOYER_MOVES)
CANDIDATE_SIDE = replace(INTEREST_LIFECYCLE, moves=CANDIDATE_MOVES)
