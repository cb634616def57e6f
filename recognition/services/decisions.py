"""Decisions on recognition requests: the decision (or the decision on appeal) with its
compensation measures, and its revocation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import ConflictError, DomainValidationError, InvalidTransition
from recognition.models import CompensationMeasure, Decision
from recognition.permissions import get_decision_for_user
from recognition.services.common import (
    AUTHORITY,
    S,
    change_status,
    lock_request,
    tell_applicant,
)


@dataclass
class MeasureInput:
    kind: str
    description: str
    duration_months: int | None = None


@dataclass
class DecisionInput:
    outcome: str
    comparable_isced_level: int | None = None
    eqf_level: int | None = None
    substantial_differences: list[str] = field(default_factory=list)
    measures: list[MeasureInput] = field(default_factory=list)
    reasons: str = ""
    appeal_route: str = ""
    appeal_deadline: date | None = None


def decision_input_from(values: Mapping[str, Any]) -> DecisionInput:
    """The API's decision body (measures as mappings) as the service's input."""
    data = dict(values)
    measures = [MeasureInput(**m) for m in data.pop("measures", [])]
    return DecisionInput(**data, measures=measures)


def _validate_decision(data: DecisionInput) -> None:
    if data.outcome not in Decision.Outcome.values:
        raise DomainValidationError(_("Choose the outcome."), field="outcome")
    if data.eqf_level is not None and not 1 <= data.eqf_level <= 8:
        raise DomainValidationError(_("EQF levels run from 1 to 8."), field="eqf_level")
    if data.outcome == Decision.Outcome.PARTIAL:
        if not data.measures:
            raise DomainValidationError(
                _("A partial recognition names at least one compensation measure."),
                field="measures",
            )
        if not data.substantial_differences:
            raise DomainValidationError(
                _("List the substantial differences the measures compensate."),
                field="substantial_differences",
            )
        for measure in data.measures:
            if (
                measure.kind not in CompensationMeasure.Kind.values
                or not measure.description.strip()
            ):
                raise DomainValidationError(
                    _("Describe each compensation measure."), field="measures"
                )
    if data.outcome in (Decision.Outcome.PARTIAL, Decision.Outcome.REFUSED):
        if not data.reasons.strip():
            raise DomainValidationError(_("Give the reasons."), field="reasons")
        if not data.appeal_route.strip() or data.appeal_deadline is None:
            raise DomainValidationError(
                _("Say how and by when the applicant can appeal."), field="appeal_route"
            )
        if data.appeal_deadline <= timezone.localdate():
            raise DomainValidationError(
                _("The appeal deadline must be in the future."), field="appeal_deadline"
            )


@transaction.atomic
def request_decide(*, actor: User, request_id: int, data: DecisionInput) -> Decision:
    """Record the decision (or the decision on appeal). Two officers deciding at once: the row
    lock serialises them and the second finds the request already decided (409)."""
    request = lock_request(actor, request_id, side=AUTHORITY)
    if request.status == S.ASSESSMENT:
        stage, target, verb = Decision.Stage.FIRST, S.DECIDED, "decided"
    elif request.status == S.APPEALED:
        stage, target, verb = Decision.Stage.APPEAL, S.APPEAL_DECIDED, "appeal_decided"
    elif request.status in (S.DECIDED, S.APPEAL_DECIDED):
        raise ConflictError(_("This request was decided meanwhile; reload it to see the decision."))
    else:
        raise InvalidTransition(_("Only a request under assessment or on appeal can be decided."))
    _validate_decision(data)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                request=request,
                stage=stage,
                outcome=data.outcome,
                comparable_isced_level_id=data.comparable_isced_level,
                eqf_level=data.eqf_level,
                substantial_differences=[
                    d.strip() for d in data.substantial_differences if d.strip()
                ],
                reasons=data.reasons.strip(),
                appeal_route=data.appeal_route.strip(),
                appeal_deadline=data.appeal_deadline,
                verification_code=Decision.new_code(),
                decided_by=actor,
            )
    except IntegrityError:
        raise ConflictError(
            _("This request was decided meanwhile; reload it to see the decision.")
        ) from None
    CompensationMeasure.objects.bulk_create(
        CompensationMeasure(
            decision=decision,
            kind=m.kind,
            description=m.description.strip(),
            duration_months=m.duration_months,
        )
        for m in data.measures
    )
    change_status(actor, request, target, verb, outcome=data.outcome, decision=decision.pk)
    tell_applicant(
        request,
        _("%(ref)s: a decision was made") % {"ref": request.reference},
        str(decision.get_outcome_display()),
    )
    return decision


@transaction.atomic
def decision_revoke(*, actor: User, decision_id: int, reason: str) -> Decision:
    decision = get_decision_for_user(actor, decision_id)
    lock_request(actor, decision.request_id, side=AUTHORITY)
    decision = Decision.objects.select_for_update().get(pk=decision_id)
    if decision.revoked_at is not None:
        raise InvalidTransition(_("This decision was already revoked."))
    if not reason.strip():
        raise DomainValidationError(_("Give the reason for revoking."), field="reason")
    decision.revoked_at = timezone.now()
    decision.revoke_reason = reason.strip()[:255]
    decision.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(
        actor=actor,
        action="recognition.decision.revoked",
        target=decision.request,
        data={"decision": decision.pk, "reason": decision.revoke_reason},
    )
    tell_applicant(
        decision.request, _("%(ref)s: a decision was revoked") % {"ref": decision.request.reference}
    )
    return decision
