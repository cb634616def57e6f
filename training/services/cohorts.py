"""Cohorts: plan, change, and move through recruitment, training and completion; funding is
posted to the partnership's ledger when a cohort starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.services import audit_move, audit_record
from core.access import locked_for_write
from core.errors import DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, move_factory
from core.versions import ensure_version
from partnerships.internal import cost_entry_post_from_member
from partnerships.models import CostEntry, CostGroup
from partnerships.services import CostInput
from taxonomy.models import Country
from training.models import Cohort, Enrolment, Programme
from training.permissions import can_manage_programme, get_cohort_for_user, get_programme_for_user
from training.services.common import CS, ES, _reason


# --- Cohorts ----------------------------------------------------------------------------------
@dataclass
class CohortInput:
    code: str
    starts_on: date
    ends_on: date
    capacity: int
    location_country: str = ""
    location_city: str = ""


def _validate_cohort(programme: Programme, data: CohortInput) -> dict[str, object]:
    code = data.code.strip()
    if not code:
        raise DomainValidationError(_("Give the cohort a code."), field="code")
    if data.ends_on < data.starts_on:
        raise DomainValidationError(_("The cohort must end after it starts."), field="ends_on")
    if data.capacity < 1:
        raise DomainValidationError(_("The capacity must be at least 1."), field="capacity")
    country_code = (data.location_country or programme.location_country_id).strip().upper()
    country = Country.objects.filter(pk=country_code).first()
    if country is None:
        raise DomainValidationError(_("Choose a country."), field="location_country")
    return {
        "code": code,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "capacity": data.capacity,
        "location_country": country,
        "location_city": data.location_city.strip(),
    }


def _save_cohort(cohort: Cohort) -> None:
    try:
        with transaction.atomic():
            cohort.save()
    except IntegrityError as exc:
        raise DomainValidationError(
            _("This programme already has a cohort with that code."), field="code"
        ) from exc


@transaction.atomic
def cohort_create(*, actor: User, programme_id: int, data: CohortInput) -> Cohort:
    programme = locked_for_write(get_programme_for_user, actor, programme_id)
    if programme.status == Programme.Status.ARCHIVED:
        raise InvalidTransition(_("An archived programme cannot open new cohorts."))
    cohort = Cohort(programme=programme, **_validate_cohort(programme, data))
    _save_cohort(cohort)
    audit_record(
        actor=actor,
        action="training.cohort.created",
        target=cohort,
        data={"programme": programme.pk, "capacity": cohort.capacity},
    )
    return cohort


@transaction.atomic
def cohort_update(
    *, actor: User, cohort_id: int, data: CohortInput, version: str | None = None
) -> Cohort:
    """Replace the cohort's code, dates, capacity and place. ``version`` (``core.versions``) is
    the one the editor started from: if someone saved the cohort since, the change is refused
    rather than undoing theirs."""
    cohort = locked_for_write(get_cohort_for_user, actor, cohort_id, "programme")
    if cohort.status in (CS.COMPLETED, CS.CANCELLED):
        raise InvalidTransition(_("A finished cohort can no longer be changed."))
    ensure_version(
        cohort,
        version,
        _(
            "Someone else changed this cohort after you opened it, so your changes were not "
            "saved. Compare them with the cohort as it is now, then save again."
        ),
    )
    values = _validate_cohort(cohort.programme, data)
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    if int(values["capacity"]) < seated:  # type: ignore[call-overload]
        raise DomainValidationError(
            _("%(n)s participants already hold a seat: the capacity cannot be lower.")
            % {"n": seated},
            field="capacity",
        )
    for key, value in values.items():
        setattr(cohort, key, value)
    _save_cohort(cohort)
    audit_record(actor=actor, action="training.cohort.updated", target=cohort)
    return cohort


@transaction.atomic
def cohort_apply_action(*, actor: User, cohort_id: int, action: str, reason: str = "") -> Cohort:
    """Take one of ``COHORT_LIFECYCLE``'s moves; refused moves raise InvalidTransition."""
    cohort = locked_for_write(get_cohort_for_user, actor, cohort_id, "programme")
    spec = COHORT_LIFECYCLE.declared(action)
    target = COHORT_LIFECYCLE.ensure_applies(spec, cohort)
    reason = _reason(spec, reason)
    if target == CS.RECRUITING and cohort.programme.status != Programme.Status.PUBLISHED:
        raise InvalidTransition(_("Publish the programme before recruiting for it."))
    enrolments = Enrolment.objects.select_for_update().filter(cohort=cohort)
    if target == CS.IN_TRAINING:
        if not enrolments.filter(status=ES.ENROLLED).exists():
            raise InvalidTransition(_("Enrol at least one participant before starting."))
        _post_funding(actor, cohort, enrolments.filter(status=ES.ENROLLED).count())
    if target == CS.COMPLETED:
        still = enrolments.filter(status=ES.ENROLLED).count()
        if still:
            raise InvalidTransition(
                _(
                    "%(n)s participants are still enrolled: mark each as completed or "
                    "dropped out first."
                )
                % {"n": still}
            )
    moved: dict[str, int] = {}
    if target == CS.CANCELLED:
        # Nobody is left waiting on a cohort that will not run.
        why = _("Cohort cancelled: %(reason)s") % {"reason": reason}
        moved["not_selected"] = enrolments.filter(status__in=(ES.APPLIED, ES.SELECTED)).update(
            status=ES.NOT_SELECTED, reason=why[:255], updated_at=timezone.now()
        )
        moved["dropped_out"] = enrolments.filter(status=ES.ENROLLED).update(
            status=ES.DROPPED_OUT, reason=why[:255], updated_at=timezone.now()
        )
        cohort.cancel_reason = reason
    counts = {k: v for k, v in moved.items() if v}
    audit_move(actor, cohort, target, COHORT_DONE[spec.name], {"reason": reason, **counts})
    return cohort


def _post_funding(actor: User, cohort: Cohort, trainees: int) -> None:
    """One commitment per funding line on the partnership's ledger, for this cohort's trainees."""
    programme = cohort.programme
    if programme.partnership_id is None or programme.currency_id is None:
        return
    entries: list[CostEntry] = []
    for line in programme.funding.select_related("payer"):
        entries.append(
            cost_entry_post_from_member(
                actor=actor,
                partnership_id=programme.partnership_id,
                source=f"training.cohort:{cohort.pk}",
                data=CostInput(
                    kind=CostEntry.Kind.COMMITMENT,
                    cost_group=CostGroup.TRAINING,
                    currency=programme.currency_id,
                    unit_amount=line.amount_per_trainee,
                    payer_id=line.payer_id,
                    basis=CostEntry.Basis.PER_TRAINEE,
                    quantity=trainees,
                    description=f"{programme.title}, cohort {cohort.code}"[:255],
                    occurred_on=cohort.starts_on,
                ),
            )
        )
    cohort.posted_costs.add(*entries)


# --- Lifecycle: each move declared once; the API endpoints, the pages' buttons and the
# "available actions" lists are made from it (``core.transitions``).
_cohort_move = move_factory(
    lambda actor, pk, name, reason: cohort_apply_action(
        actor=actor, cohort_id=pk, action=name, reason=reason
    ),
    lambda user, cohort: can_manage_programme(user, cohort.programme),
)


# What each move is recorded as in the audit trail.
COHORT_DONE = {
    "open_recruitment": "training.cohort.recruitment_opened",
    "pause_recruitment": "training.cohort.recruitment_paused",
    "start": "training.cohort.started",
    "complete": "training.cohort.completed",
    "cancel": "training.cohort.cancelled",
}
COHORT_LIFECYCLE: Lifecycle[Cohort] = Lifecycle(
    entity="cohort",
    model=Cohort,
    lookup=get_cohort_for_user,
    moves=(
        _cohort_move("open_recruitment", gettext_lazy("Open recruitment"), CS.RECRUITING, style=""),
        _cohort_move("pause_recruitment", gettext_lazy("Back to planned"), CS.PLANNED),
        _cohort_move("start", gettext_lazy("Start training"), CS.IN_TRAINING, style=""),
        _cohort_move("complete", gettext_lazy("Mark completed"), CS.COMPLETED, style=""),
        _cohort_move(
            "cancel",
            gettext_lazy("Cancel the cohort"),
            CS.CANCELLED,
            needs_reason=True,
            reason_label=gettext_lazy("Why is the cohort cancelled?"),
            note="People who applied or were selected become not selected, enrolled people "
            "dropped out, with the reason.",
            style="button--danger",
        ),
    ),
)
