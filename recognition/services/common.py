"""What every recognition service shares: finding and locking the request on the right side of
the procedure, changing its status through the transition check, and telling the other side."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify_on_commit
from audit.services import audit_move
from core.errors import DomainValidationError, InvalidTransition
from core.http import page_link
from recognition.models import Decision, RecognitionRequest, RequestMessage, RequestStatus
from recognition.permissions import (
    authority_officers,
    can_decide_recognition,
    get_request_for_user,
    is_applicant,
)

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
APPLICANT = "applicant"
AUTHORITY = "authority"


def request_url(request: RecognitionRequest) -> str:
    return page_link("recognition:detail", request.pk)


def lock_request(actor: User, request_id: int, *, side: str) -> RecognitionRequest:
    """Visible to ``actor`` (404 otherwise), on the right side of the procedure (403), locked."""
    request = get_request_for_user(actor, request_id)
    if side == APPLICANT and not is_applicant(actor, request):
        raise PermissionDenied(_("Only the applicant can do this."))
    if side == AUTHORITY and not can_decide_recognition(actor, request):
        raise PermissionDenied(_("Only officers of the competent authority can do this."))
    return RecognitionRequest.objects.select_for_update().get(pk=request_id)


def change_status(
    actor: User | None, request: RecognitionRequest, target: str, verb: str, **data: object
) -> None:
    """Move the locked ``request`` to ``target`` if its transitions allow it, and audit
    ``recognition.request.<verb>``."""
    request.ensure_can_become(target)
    given = {k: v for k, v in data.items() if v not in (None, "")}
    audit_move(actor, request, target, f"recognition.request.{verb}", given)


def write(
    request: RecognitionRequest,
    actor: User,
    text: str,
    *,
    missing: str,
    field: str = "message",
    from_applicant: bool = True,
    requests_documents: bool = False,
) -> RequestMessage:
    """Add ``text`` to the request's conversation (a step's answer, question or reason, or a
    plain message); refused with ``missing`` when it is empty."""
    if not text.strip():
        raise DomainValidationError(missing, field=field)
    return RequestMessage.objects.create(
        request=request,
        author=actor,
        from_applicant=from_applicant,
        body=text.strip(),
        requests_documents=requests_documents,
    )


def tell(
    user_ids: Iterable[int | None], request: RecognitionRequest, title: str, body: str = ""
) -> None:
    """Notify each of ``user_ids`` about ``request`` once the transaction commits."""
    for user_id in user_ids:
        notify_on_commit(user_id=user_id, title=title, body=body, url=request_url(request))


def tell_applicant(request: RecognitionRequest, title: str, body: str = "") -> None:
    tell([request.applicant.user_id], request, title, body)


def tell_officer(request: RecognitionRequest, title: str, body: str = "") -> None:
    tell([request.assigned_officer_id], request, title, body)


def tell_officers(request: RecognitionRequest, title: str) -> list[int]:
    """The assigned officer; nobody assigned yet: every officer of the authority who can act.
    Returns whom it told."""
    if request.assigned_officer_id is not None:
        recipients = [request.assigned_officer_id]
    else:
        recipients = [officer.pk for officer in authority_officers([request.authority_id])]
    tell(recipients, request, title)
    return recipients


def appeal_refusal(request: RecognitionRequest) -> str | None:
    """Why the decided ``request`` cannot be appealed, or None when it can: only a partial
    recognition or a refusal, and only until the appeal deadline."""
    decision = next((d for d in request.decisions.all() if d.stage == Decision.Stage.FIRST), None)
    if decision is None or decision.outcome == Decision.Outcome.FULL:
        return _("Only a partial recognition or a refusal can be appealed.")
    if decision.appeal_deadline and timezone.localdate() > decision.appeal_deadline:
        return _("The deadline to appeal has passed.")
    return None


def ensure_appealable(request: RecognitionRequest) -> None:
    refusal = appeal_refusal(request)
    if refusal is not None:
        raise InvalidTransition(refusal)
