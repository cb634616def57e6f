"""The plain function behind the recognition app's scheduled task.

``deadlines_check``: the daily look at every open request's due dates (see
``selectors.request_deadlines``). An overdue request gets one
``recognition.request.overdue_flagged`` audit event a day and its officer is told; a request due
within a week gets one reminder a day.
The audit events are the job's record: a re-run the same day (a retry, a second beat) finds
them and does nothing again.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.selectors import audit_event_list_for_target
from audit.services import audit_record
from recognition.models import RecognitionRequest
from recognition.selectors import Deadlines, request_deadlines
from recognition.services.common import tell_officers

OVERDUE_ACTION = "recognition.request.overdue_flagged"
REMINDER_ACTION = "recognition.request.reminded"


def _title(action: str, which: str) -> str:
    if action == OVERDUE_ACTION:
        if which == "acknowledgement":
            return _("%(ref)s is overdue: acknowledgement was due on %(due)s")
        return _("%(ref)s is overdue: the decision was due on %(due)s")
    if which == "acknowledgement":
        return _("%(ref)s: acknowledgement due on %(due)s")
    return _("%(ref)s: decision due on %(due)s")


def _record_once(
    request_id: int, *, action: str, today: date, which: str, due: date | None
) -> list[int] | None:
    """Lock the request, record ``action`` for ``today`` unless already there; return whom it
    told, or None when this day's event exists (or the request closed meanwhile)."""
    request = (
        RecognitionRequest.objects.select_for_update()
        .filter(pk=request_id, status__in=RecognitionRequest.OPEN_STATUSES)
        .first()
    )
    if request is None:
        return None
    recorded = audit_event_list_for_target(target=request).filter(
        action=action, data__date=today.isoformat()
    )
    if recorded.exists():
        return None
    audit_record(
        actor=None,
        action=action,
        target=request,
        data={"date": today, "which": which, "due": due},
    )
    return tell_officers(request, _title(action, which) % {"ref": request.reference, "due": due})


def _overdue(deadlines: Deadlines) -> tuple[str, date | None] | None:
    if deadlines.acknowledge_overdue:
        return "acknowledgement", deadlines.acknowledge_due
    if deadlines.decision_overdue:
        return "decision", deadlines.decision_due
    return None


def deadlines_check(*, today: date | None = None) -> dict[str, int]:
    """Record overdue requests and remind officers of requests due soon, once a day each.

    Each request is handled in its own transaction with its row locked, so a crash part-way
    keeps what was done, a retry finishes the rest, and two runs at once cannot both record.
    """
    today = today or timezone.localdate()
    counts = {"checked": 0, "overdue": 0, "due_soon": 0, "notifications": 0}
    open_requests = (
        RecognitionRequest.objects.filter(status__in=RecognitionRequest.OPEN_STATUSES)
        .select_related("authority__recognition_profile")
        .order_by("pk")
        .iterator(chunk_size=500)
    )
    for request in open_requests:
        counts["checked"] += 1
        deadlines = request_deadlines(request=request, today=today)
        overdue = _overdue(deadlines)
        if overdue is not None:
            action, key = OVERDUE_ACTION, "overdue"
            which, due = overdue
        elif deadlines.due_soon:
            action, key = REMINDER_ACTION, "due_soon"
            which = "decision" if request.acknowledged_at else "acknowledgement"
            due = deadlines.decision_due if request.acknowledged_at else deadlines.acknowledge_due
        else:
            continue
        with transaction.atomic():
            notified = _record_once(request.pk, action=action, today=today, which=which, due=due)
        if notified is not None:
            counts[key] += 1
            counts["notifications"] += len(notified)
    return counts
