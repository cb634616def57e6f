"""The steps of a recognition request on both sides of the procedure, its assignment and its
conversation: lock the row, check the side and the transition, save, audit, and notify the other
side after commit. Decisions are in ``recognition.services.decisions``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from audit.services import audit_record
from core.errors import DomainValidationError, InvalidTransition
from migrants.models import ConsentGrant
from migrants.permissions import own_profile
from migrants.services import ConsentInput, consent_grant
from recognition.models import RecognitionRequest, RequestMessage
from recognition.permissions import (
    authority_officers,
    can_write_to,
    get_request_for_user,
    is_applicant,
    is_migrant,
)
from recognition.services.common import (
    APPLICANT,
    AUTHORITY,
    BEFORE_DECISION,
    S,
    change_status,
    ensure_appealable,
    lock_request,
    tell,
    tell_applicant,
    tell_officer,
    write,
)
from taxonomy.models import Country, Occupation


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


def request_input(values: Mapping[str, Any]) -> RequestInput:
    """A new request as the page's form and the API's body both name its fields."""
    return RequestInput(
        qualification_id=values["qualification"],
        destination_country=values["destination_country"],
        authority_id=values["authority"],
        purpose=values["purpose"],
        target_occupation_id=values["target_occupation"],
        direction=values["direction"],
        counterpart_id=values["counterpart"],
        documents_missing=values["documents_missing"],
    )


@transaction.atomic
def request_create(*, actor: User, data: RequestInput) -> RecognitionRequest:
    if not is_migrant(actor):
        raise PermissionDenied(_("Recognition is asked for by migrants, on their own profile."))
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
    request = lock_request(actor, request_id, side=APPLICANT)
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
    change_status(actor, request, S.SUBMITTED, "submitted")
    tell(
        [officer.pk for officer in authority_officers([request.authority_id])],
        request,
        _("New recognition request %(ref)s") % {"ref": request.reference},
    )
    return request


@transaction.atomic
def request_resubmit(*, actor: User, request_id: int, message: str) -> RecognitionRequest:
    """Answer an information request: the stopped clock restarts."""
    request = lock_request(actor, request_id, side=APPLICANT)
    request.ensure_can_become(S.RESUBMITTED)
    write(request, actor, message, missing=_("Tell the officer what you send or answer."))
    if request.clock_stopped_at is not None:
        request.stopped_days += (
            timezone.localdate() - timezone.localdate(request.clock_stopped_at)
        ).days
        request.clock_stopped_at = None
    change_status(actor, request, S.RESUBMITTED, "resubmitted")
    tell_officer(request, _("%(ref)s: the applicant answered") % {"ref": request.reference})
    return request


@transaction.atomic
def request_withdraw(*, actor: User, request_id: int) -> RecognitionRequest:
    request = lock_request(actor, request_id, side=APPLICANT)
    if request.status not in BEFORE_DECISION:
        raise InvalidTransition(_("A decided request cannot be withdrawn; you may appeal instead."))
    request.clock_stopped_at = None
    change_status(actor, request, S.WITHDRAWN, "withdrawn")
    tell_officer(request, _("%(ref)s was withdrawn") % {"ref": request.reference})
    return request


@transaction.atomic
def request_appeal(*, actor: User, request_id: int, reason: str) -> RecognitionRequest:
    request = lock_request(actor, request_id, side=APPLICANT)
    request.ensure_can_become(S.APPEALED)
    ensure_appealable(request)
    write(request, actor, reason, missing=_("Say why you appeal."), field="reason")
    change_status(actor, request, S.APPEALED, "appealed")
    tell_officer(request, _("%(ref)s was appealed") % {"ref": request.reference})
    return request


# --- Authority side ---------------------------------------------------------------------------
@transaction.atomic
def request_start_screening(*, actor: User, request_id: int) -> RecognitionRequest:
    """Acknowledge receipt and screen the file for completeness."""
    request = lock_request(actor, request_id, side=AUTHORITY)
    request.ensure_can_become(S.SCREENING)
    if request.acknowledged_at is None:
        request.acknowledged_at = timezone.now()
    if request.assigned_officer_id is None:
        request.assigned_officer = actor
    change_status(actor, request, S.SCREENING, "screening_started")
    tell_applicant(request, _("%(ref)s: your request was received") % {"ref": request.reference})
    return request


@transaction.atomic
def request_ask_information(*, actor: User, request_id: int, message: str) -> RecognitionRequest:
    """Ask the applicant for documents or answers: the decision clock stops until they reply."""
    request = lock_request(actor, request_id, side=AUTHORITY)
    request.ensure_can_become(S.INFORMATION_REQUESTED)
    missing = _("Say what the applicant must send.")
    write(request, actor, message, missing=missing, from_applicant=False, requests_documents=True)
    request.clock_stopped_at = timezone.now()
    change_status(actor, request, S.INFORMATION_REQUESTED, "information_requested")
    tell_applicant(
        request, _("%(ref)s: the authority needs information") % {"ref": request.reference}, message
    )
    return request


@transaction.atomic
def request_start_assessment(*, actor: User, request_id: int) -> RecognitionRequest:
    """The file is complete: the decision deadline starts from now."""
    request = lock_request(actor, request_id, side=AUTHORITY)
    request.ensure_can_become(S.ASSESSMENT)
    if request.file_complete_at is None:
        request.file_complete_at = timezone.now()
    change_status(actor, request, S.ASSESSMENT, "assessment_started")
    tell_applicant(
        request, _("%(ref)s: your file is complete and being assessed") % {"ref": request.reference}
    )
    return request


@transaction.atomic
def request_close(*, actor: User, request_id: int) -> RecognitionRequest:
    request = lock_request(actor, request_id, side=AUTHORITY)
    change_status(actor, request, S.CLOSED, "closed")
    return request


@transaction.atomic
def request_assign(*, actor: User, request_ids: list[int], officer_id: int) -> int:
    """Assign one or many requests of the actor's authority to one of its officers."""
    count = 0
    officers: dict[int, set[int]] = {}  # per authority, who may be assigned
    for request_id in request_ids:
        request = lock_request(actor, request_id, side=AUTHORITY)
        if request.authority_id not in officers:
            officers[request.authority_id] = {
                o.pk for o in authority_officers([request.authority_id])
            }
        if officer_id not in officers[request.authority_id]:
            raise DomainValidationError(_("Choose an officer of this authority."), field="officer")
        if request.assigned_officer_id == officer_id:
            continue
        previous = request.assigned_officer_id
        request.assigned_officer_id = officer_id
        request.save(update_fields=["assigned_officer", "updated_at"])
        audit_record(
            actor=actor,
            action="recognition.request.assigned",
            target=request,
            data={"officer": officer_id, "previous": previous},
        )
        tell_officer(request, _("%(ref)s was assigned to you") % {"ref": request.reference})
        count += 1
    return count


@transaction.atomic
def message_post(*, actor: User, request_id: int, body: str) -> RequestMessage:
    request = get_request_for_user(actor, request_id)
    if not can_write_to(actor, request):
        raise PermissionDenied(_("Only the applicant and the authority's officers write here."))
    from_applicant = is_applicant(actor, request)
    missing = _("Write a message.")
    message = write(
        request, actor, body, missing=missing, field="body", from_applicant=from_applicant
    )
    audit_record(
        actor=actor,
        action="recognition.message.posted",
        target=request,
        data={"message": message.pk},
    )
    if from_applicant:
        tell_officer(
            request, _("%(ref)s: new message from the applicant") % {"ref": request.reference}
        )
    else:
        tell_applicant(
            request, _("%(ref)s: new message from the authority") % {"ref": request.reference}
        )
    return message
