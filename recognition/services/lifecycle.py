"""The steps of a recognition request, each declared once: the API has one endpoint per step
(``core.api.moves``), the pages one button or form page each (``core.views``), and both list
what the caller can do now from here. The services below remain the authority: they lock the
request, check the side and the transition again, change, audit and notify."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.transitions import Lifecycle, Move
from recognition.api.inputs import (
    RecognitionDecideInputSerializer,
    RecognitionMessageInputSerializer,
    RecognitionReasonInputSerializer,
)
from recognition.models import RecognitionRequest
from recognition.permissions import can_decide_recognition, get_request_for_user, is_applicant
from recognition.services.common import appeal_refusal
from recognition.services.decisions import decision_input_from, request_decide
from recognition.services.requests import (
    request_appeal,
    request_ask_information,
    request_close,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
    request_withdraw,
)

S = RecognitionRequest.Status
# For the API's descriptions (English, like the rest of the schema).
BY_APPLICANT = "Taken by the applicant (403 for anyone else who can see the request)."
BY_AUTHORITY = (
    "Taken by officers of the competent authority (403 for anyone else who can see the request)."
)


def _applicant_step(
    name: str, label: Promise, target: str, run: Any, note: str = "", **options: Any
) -> Move[RecognitionRequest]:
    note = f"{BY_APPLICANT} {note}".strip()
    return Move(name, label, (target,), run, allowed=is_applicant, note=note, **options)


def _authority_step(
    name: str, label: Promise, targets: tuple[str, ...], run: Any, note: str = "", **options: Any
) -> Move[RecognitionRequest]:
    note = f"{BY_AUTHORITY} {note}".strip()
    return Move(name, label, targets, run, allowed=can_decide_recognition, note=note, **options)


RECOGNITION_LIFECYCLE: Lifecycle[RecognitionRequest] = Lifecycle(
    entity="request",
    model=RecognitionRequest,
    lookup=get_request_for_user,
    moves=(
        _applicant_step(
            "submit",
            _("Submit"),
            S.SUBMITTED,
            lambda actor, pk, values: request_submit(actor=actor, request_id=pk),
            "Shares the qualification and its documents with the authority (a consent); the "
            "acknowledgement deadline starts.",
            page="recognition:review",
            style="",
        ),
        _applicant_step(
            "resubmit",
            _("Send the information asked for"),
            S.RESUBMITTED,
            lambda actor, pk, values: request_resubmit(
                actor=actor, request_id=pk, message=values["message"]
            ),
            "The stopped clock restarts.",
            body=RecognitionMessageInputSerializer,
            page="recognition:resubmit",
            style="",
        ),
        _applicant_step(
            "withdraw",
            _("Withdraw"),
            S.WITHDRAWN,
            lambda actor, pk, values: request_withdraw(actor=actor, request_id=pk),
            "Only before a decision.",
            style="button--danger",
            confirm=_(
                "The authority stops working on it. You cannot undo this, but you can ask "
                "again later."
            ),
        ),
        _applicant_step(
            "appeal",
            _("Appeal"),
            S.APPEALED,
            lambda actor, pk, values: request_appeal(
                actor=actor, request_id=pk, reason=values["reason"]
            ),
            "A partial recognition or a refusal, before the appeal deadline.",
            body=RecognitionReasonInputSerializer,
            page="recognition:appeal",
            when=lambda request: appeal_refusal(request) is None,
            style="",
        ),
        _authority_step(
            "start_screening",
            _("Acknowledge and screen"),
            (S.SCREENING,),
            lambda actor, pk, values: request_start_screening(actor=actor, request_id=pk),
            "Acknowledges receipt; assigns the caller when nobody is assigned yet.",
            style="",
        ),
        _authority_step(
            "ask_information",
            _("Ask for information"),
            (S.INFORMATION_REQUESTED,),
            lambda actor, pk, values: request_ask_information(
                actor=actor, request_id=pk, message=values["message"]
            ),
            "The decision clock stops until the applicant answers.",
            body=RecognitionMessageInputSerializer,
            page="recognition:ask-information",
        ),
        _authority_step(
            "start_assessment",
            _("Start the assessment"),
            (S.ASSESSMENT,),
            lambda actor, pk, values: request_start_assessment(actor=actor, request_id=pk),
            "The file is complete: the decision deadline runs from now.",
            style="",
        ),
        _authority_step(
            "decide",
            _("Decide"),
            (S.DECIDED, S.APPEAL_DECIDED),
            lambda actor, pk, values: (
                request_decide(actor=actor, request_id=pk, data=decision_input_from(values)).request
            ),
            "The decision, or the decision on appeal. A partial recognition names its "
            "compensation measures and the substantial differences; a partial recognition or a "
            "refusal gives reasons, the appeal route and the appeal deadline. When another "
            "officer decided first: 409 and nothing is recorded.",
            body=RecognitionDecideInputSerializer,
            page="recognition:decide",
            style="",
        ),
        _authority_step(
            "close",
            _("Close"),
            (S.CLOSED,),
            lambda actor, pk, values: request_close(actor=actor, request_id=pk),
        ),
    ),
)
