"""Every change to recognition requests and decisions: lock, check, change, audit, notify.

- ``requests``: creating a request and the steps of both sides, assignment, the conversation;
- ``decisions``: deciding (with compensation measures) and revoking;
- ``lifecycle``: the steps declared once (``RECOGNITION_LIFECYCLE``) for the API and the pages.

Trusted entry points other apps call (erasure, qualification removal) are in
``recognition.internal``.
"""

from recognition.services.common import BEFORE_DECISION, UNSENT
from recognition.services.decisions import (
    DecisionInput,
    MeasureInput,
    decision_input_from,
    decision_revoke,
    request_decide,
)
from recognition.services.lifecycle import RECOGNITION_LIFECYCLE
from recognition.services.requests import (
    RequestInput,
    message_post,
    request_appeal,
    request_ask_information,
    request_assign,
    request_close,
    request_create,
    request_input,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
    request_withdraw,
)

__all__ = [
    "BEFORE_DECISION",
    "RECOGNITION_LIFECYCLE",
    "UNSENT",
    "DecisionInput",
    "MeasureInput",
    "RequestInput",
    "decision_input_from",
    "decision_revoke",
    "message_post",
    "request_appeal",
    "request_ask_information",
    "request_assign",
    "request_close",
    "request_create",
    "request_decide",
    "request_input",
    "request_resubmit",
    "request_start_assessment",
    "request_start_screening",
    "request_submit",
    "request_withdraw",
]
