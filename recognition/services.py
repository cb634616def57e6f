"""Every step of a recognition request: lock the row, check the transition, save, audit, and
notify the other side after commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import notify_on_commit
from audit.services import audit_record
from core.errors import ConflictError, DomainValidationError, InUseError, InvalidTransition
from migrants.models import ConsentGrant
from migrants.permissions import own_profile
from migrants.services import ConsentInput, consent_grant
from recognition.models import (
    CompensationMeasure,
    Decision,
    RecognitionRequest,
    RequestMessage,
    RequestStatus,
)
from recognition.permissions import can_decide_recognition, get_request_for_user, is_applicant
from taxonomy.models import Country, Occupation

S = RequestStatus
# Requests that never reached an authority (unless ``submitted_at`` says they did).
UNSENT = (S.DRAFT, S.WITHDRAWN)
BEFORE_DECISION = (
    S.DRAFT,
    S.SUBMITTED,
    S.SCREENING,
    S.INFORMATION_REQUESTED,
    S.RESUBMITTED,
    S.ASSESSMENT,
)


def _url(request: RecognitionRequest) -> str:
    try:
        return reverse("recognition:detail", args=[request.pk])
    except Exception:
        return ""


def _lock(actor: User, request_id: int, *, side: str) -> RecognitionRequest:
    """Visible to ``actor`` (404 otherwise), on the right side of the procedure (403), locked."""
    request = get_request_for_user(actor, request_id)
    if side == "applicant" and not is_applicant(actor, request):
        raise PermissionDenied("Only the applicant can do this.")
    if side == "authority" and not can_decide_recognition(actor, request):
        raise PermissionDenied("Only officers of the competent authority can do this.")
    return RecognitionRequest.objects.select_for_update().get(pk=request_id)


def _move(actor: User, request: RecognitionRequest, target: str, verb: str, **data: object) -> None:
    request.ensure_can_become(target)
    previous = request.status
    request.status = target
    request.save()
    audit_record(
        actor=actor,
        action=f"recognition.request.{verb}",
        target=request,
        from_state=previous,
        to_state=target,
        data={k: v for k, v in data.items() if v not in (None, "")},
    )


def _tell_applicant(request: RecognitionRequest, title: str, body: str = "") -> None:
    notify_on_commit(user_id=request.applicant.user_id, title=title, body=body, url=_url(request))


def _tell_officer(request: RecognitionRequest, title: str, body: str = "") -> None:
    notify_on_commit(user_id=request.assigned_officer_id, title=title, body=body, url=_url(request))


# --- Applicant side ---------------------------------------------------------------------------
@dataclass
class RequestInput:
    qualification_id: int
    destination_country: str
    authority_id: int
    purpose: str
    target_occupation_id: int | None = None
    direction: str = RecognitionRequest.Direction.STANDARD
    counterpart_id: int | None = None
    documents_missing: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@transaction.atomic
def request_create(*, actor: User, data: RequestInput) -> RecognitionRequest:
    profile = own_profile(actor)
    if profile is None:
        raise DomainValidationError(_("Create your profile before asking for recognition."))
    qualification = profile.qualifications.filter(pk=data.qualification_id).first()
    if qualification is None:
        raise DomainValidationError(_("Choose one of your qualifications."), field="qualification")
    country = Country.objects.filter(pk=data.destination_country.upper()).first()
    if country is None:
        raise DomainValidationError(
            _("Choose the destination country."), field="destination_country"
        )
    authority = Organisation.objects.filter(
        pk=data.authority_id, kind=Organisation.Kind.RECOGNITION_AUTHORITY, is_active=True
    ).first()
    if authority is None:
        raise DomainValidationError(_("Choose a recognition authority."), field="authority")
    if data.direction == RecognitionRequest.Direction.REVERSE:
        if authority.country_id != profile.nationality_id:
            raise DomainValidationError(
                _("Reverse recognition is asked from an authority of your own country."),
                field="authority",
            )
    elif authority.country_id != country.code:
        raise DomainValidationError(
            _("The authority must be in the destination country."), field="authority"
        )
    if data.purpose not in RecognitionRequest.Purpose.values:
        raise DomainValidationError(_("Choose the purpose."), field="purpose")
    if data.direction not in RecognitionRequest.Direction.values:
        raise DomainValidationError(_("Choose the kind of recognition."), field="direction")
    if (
        data.target_occupation_id
        and not Occupation.objects.filter(pk=data.target_occupation_id).exists()
    ):
        raise DomainValidationError(_("Unknown occupation."), field="target_occupation")
    if (
        data.purpose == RecognitionRequest.Purpose.REGULATED_PROFESSION
        and not data.target_occupation_id
    ):
        raise DomainValidationError(
            _("Say which regulated profession you want to practise."), field="target_occupation"
        )
    counterpart = None
    if data.counterpart_id:
        counterpart = RecognitionRequest.objects.filter(
            pk=data.counterpart_id, applicant=profile, qualification=qualification
        ).first()
        if counterpart is None:
            raise DomainValidationError(
                _("The counterpart must be your request on the same qualification."),
                field="counterpart",
            )
    request = RecognitionRequest.objects.create(
        reference=f"TMP-{timezone.now():%H%M%S%f}",
        applicant=profile,
        qualification=qualification,
        destination_country=country,
        authority=authority,
        purpose=data.purpose,
        target_occupation_id=data.target_occupation_id,
        direction=data.direction,
        counterpart=counterpart,
        documents_missing=data.documents_missing,
    )
    request.reference = f"REC-{request.created_at:%Y}-{request.pk:05d}"
    request.save(update_fields=["reference"])
    audit_record(
        actor=actor, action="recognition.request.created", target=request, to_state=S.DRAFT
    )
    return request


@transaction.atomic
def request_submit(*, actor: User, request_id: int) -> RecognitionRequest:
    """Submit, sharing the qualification and its documents with the authority (a consent)."""
    request = _lock(actor, request_id, side="applicant")
    request.ensure_can_become(S.SUBMITTED)
    consent_grant(
        actor=actor,
        profile_id=request.applicant_id,
        data=ConsentInput(
            purpose=ConsentGrant.Purpose.RECOGNITION_SHARE,
            organisation_id=request.authority_id,
            qualification_id=request.qualification_id,
        ),
    )
    request.submitted_at = timezone.now()
    _move(actor, request, S.SUBMITTED, "submitted")
    for member in request.authority.memberships.filter(is_active=True):
        notify_on_commit(
            user_id=member.user_id,
            title=_("New recognition request %(ref)s") % {"ref": request.reference},
            url=_url(request),
        )
    return request


@transaction.atomic
def request_resubmit(*, actor: User, request_id: int, message: str) -> RecognitionRequest:
    """Answer an information request: the stopped clock restarts."""
    request = _lock(actor, request_id, side="applicant")
    request.ensure_can_become(S.RESUBMITTED)
    if not message.strip():
        raise DomainValidationError(_("Tell the officer what you send or answer."), field="message")
    if request.clock_stopped_at is not None:
        request.stopped_days += (
            timezone.localdate() - timezone.localdate(request.clock_stopped_at)
        ).days
        request.clock_stopped_at = None
    RequestMessage.objects.create(
        request=request, author=actor, from_applicant=True, body=message.strip()
    )
    _move(actor, request, S.RESUBMITTED, "resubmitted")
    _tell_officer(request, _("%(ref)s: the applicant answered") % {"ref": request.reference})
    return request


@transaction.atomic
def request_withdraw(*, actor: User, request_id: int) -> RecognitionRequest:
    request = _lock(actor, request_id, side="applicant")
    if request.status not in BEFORE_DECISION:
        raise InvalidTransition(_("A decided request cannot be withdrawn; you may appeal instead."))
    request.clock_stopped_at = None
    _move(actor, request, S.WITHDRAWN, "withdrawn")
    _tell_officer(request, _("%(ref)s was withdrawn") % {"ref": request.reference})
    return request


def qualification_release(actor: User, qualification_id: int) -> None:
    """Let a qualification be removed from its profile, or refuse while a request holds it.

    Called by ``migrants.services.entry_remove`` (registered in ``RecognitionConfig.ready``)
    inside its transaction. The rule:

    - A request the authority has received (sent once, whatever its state now: under way,
      decided, appealed, closed, or withdrawn after sending) is part of the authority's file, and
      its decision and verifiable document name this qualification. The qualification stays:
      ``InUseError`` names the request(s).
    - A request never sent (a draft, or a draft withdrawn before sending) is the applicant's
      unfinished form that no authority has seen; it is discarded with the qualification, and
      the audit trail keeps a record of it.
    """
    requests = list(
        RecognitionRequest.objects.select_for_update()
        .filter(qualification_id=qualification_id)
        .order_by("pk")
    )
    received = [r for r in requests if r.submitted_at is not None or r.status not in UNSENT]
    if received:
        raise InUseError(
            _(
                "This qualification cannot be removed: the recognition authority has received "
                "request %(references)s about it."
            )
            % {"references": ", ".join(r.reference for r in received)}
        )
    for request in requests:
        audit_record(
            actor=actor,
            action="recognition.request.discarded",
            target=request,
            from_state=request.status,
            data={"reason": "qualification_removed"},
        )
        request.delete()


@transaction.atomic
def request_appeal(*, actor: User, request_id: int, reason: str) -> RecognitionRequest:
    request = _lock(actor, request_id, side="applicant")
    request.ensure_can_become(S.APPEALED)
    decision = request.decisions.filter(stage=Decision.Stage.FIRST).first()
    if decision is None or decision.outcome == Decision.Outcome.FULL:
        raise InvalidTransition(_("Only a partial recognition or a refusal can be appealed."))
    if decision.appeal_deadline and timezone.localdate() > decision.appeal_deadline:
        raise InvalidTransition(_("The deadline to appeal has passed."))
    if not reason.strip():
        raise DomainValidationError(_("Say why you appeal."), field="reason")
    RequestMessage.objects.create(
        request=request, author=actor, from_applicant=True, body=reason.strip()
    )
    _move(actor, request, S.APPEALED, "appealed")
    _tell_officer(request, _("%(ref)s was appealed") % {"ref": request.reference})
    return request


# --- Authority side ---------------------------------------------------------------------------
@transaction.atomic
def request_start_screening(*, actor: User, request_id: int) -> RecognitionRequest:
    """Acknowledge receipt and screen the file for completeness."""
    request = _lock(actor, request_id, side="authority")
    request.ensure_can_become(S.SCREENING)
    if request.acknowledged_at is None:
        request.acknowledged_at = timezone.now()
    if request.assigned_officer_id is None:
        request.assigned_officer = actor
    _move(actor, request, S.SCREENING, "screening_started")
    _tell_applicant(request, _("%(ref)s: your request was received") % {"ref": request.reference})
    return request


@transaction.atomic
def request_ask_information(*, actor: User, request_id: int, message: str) -> RecognitionRequest:
    """Ask the applicant for documents or answers: the decision clock stops until they reply."""
    request = _lock(actor, request_id, side="authority")
    request.ensure_can_become(S.INFORMATION_REQUESTED)
    if not message.strip():
        raise DomainValidationError(_("Say what the applicant must send."), field="message")
    request.clock_stopped_at = timezone.now()
    RequestMessage.objects.create(
        request=request,
        author=actor,
        from_applicant=False,
        body=message.strip(),
        requests_documents=True,
    )
    _move(actor, request, S.INFORMATION_REQUESTED, "information_requested")
    _tell_applicant(
        request, _("%(ref)s: the authority needs information") % {"ref": request.reference}, message
    )
    return request


@transaction.atomic
def request_start_assessment(*, actor: User, request_id: int) -> RecognitionRequest:
    """The file is complete: the decision deadline starts from now."""
    request = _lock(actor, request_id, side="authority")
    request.ensure_can_become(S.ASSESSMENT)
    if request.file_complete_at is None:
        request.file_complete_at = timezone.now()
    _move(actor, request, S.ASSESSMENT, "assessment_started")
    _tell_applicant(
        request, _("%(ref)s: your file is complete and being assessed") % {"ref": request.reference}
    )
    return request


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
    request = _lock(actor, request_id, side="authority")
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
    _move(actor, request, target, verb, outcome=data.outcome, decision=decision.pk)
    _tell_applicant(
        request,
        _("%(ref)s: a decision was made") % {"ref": request.reference},
        str(decision.get_outcome_display()),
    )
    return decision


@transaction.atomic
def request_close(*, actor: User, request_id: int) -> RecognitionRequest:
    request = _lock(actor, request_id, side="authority")
    _move(actor, request, S.CLOSED, "closed")
    return request


@transaction.atomic
def decision_revoke(*, actor: User, decision_id: int, reason: str) -> Decision:
    decision = Decision.objects.select_related("request").filter(pk=decision_id).first()
    if decision is None:
        raise Http404("No such decision.")
    _lock(actor, decision.request_id, side="authority")
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
    _tell_applicant(
        decision.request, _("%(ref)s: a decision was revoked") % {"ref": decision.request.reference}
    )
    return decision


@transaction.atomic
def request_assign(*, actor: User, request_ids: list[int], officer_id: int) -> int:
    """Assign one or many requests of the actor's authority to one of its officers."""
    officer = User.objects.filter(pk=officer_id, is_active=True).first()
    count = 0
    for request_id in request_ids:
        request = _lock(actor, request_id, side="authority")
        if officer is None or not can_decide_recognition(officer, request):
            raise DomainValidationError(_("Choose an officer of this authority."), field="officer")
        if request.assigned_officer_id == officer.pk:
            continue
        previous = request.assigned_officer_id
        request.assigned_officer = officer
        request.save(update_fields=["assigned_officer", "updated_at"])
        audit_record(
            actor=actor,
            action="recognition.request.assigned",
            target=request,
            data={"officer": officer.pk, "previous": previous},
        )
        _tell_officer(request, _("%(ref)s was assigned to you") % {"ref": request.reference})
        count += 1
    return count


@transaction.atomic
def message_post(*, actor: User, request_id: int, body: str) -> RequestMessage:
    request = get_request_for_user(actor, request_id)
    from_applicant = is_applicant(actor, request)
    if not from_applicant and not can_decide_recognition(actor, request):
        raise PermissionDenied("Only the applicant and the authority's officers write here.")
    if not body.strip():
        raise DomainValidationError(_("Write a message."), field="body")
    message = RequestMessage.objects.create(
        request=request, author=actor, from_applicant=from_applicant, body=body.strip()
    )
    audit_record(
        actor=actor,
        action="recognition.message.posted",
        target=request,
        data={"message": message.pk},
    )
    if from_applicant:
        _tell_officer(
            request, _("%(ref)s: new message from the applicant") % {"ref": request.reference}
        )
    else:
        _tell_applicant(
            request, _("%(ref)s: new message from the authority") % {"ref": request.reference}
        )
    return message
