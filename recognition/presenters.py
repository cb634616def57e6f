"""What the recognition pages show, built from the models and selectors: queue rows sorted by
deadline, the request's timeline and the public essentials of a decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.selectors import audit_event_list_for_target
from core.verification import VerifiedDocument
from migrants.presenters import holder_initials
from recognition.models import Decision, RecognitionRequest
from recognition.selectors import Deadlines, request_deadlines

S = RecognitionRequest.Status
# Statuses whose next step is the authority's, so a due date applies.
AWAITING_AUTHORITY = (
    S.SUBMITTED,
    S.SCREENING,
    S.INFORMATION_REQUESTED,
    S.RESUBMITTED,
    S.ASSESSMENT,
)

# Audit action code -> what the timeline says. Message posts are shown as the messages themselves.
EVENT_LABELS: dict[str, Promise] = {
    "recognition.request.created": _("Request drafted"),
    "recognition.request.submitted": _("Request submitted; the qualification was shared"),
    "recognition.request.screening_started": _("Receipt acknowledged; the file is being screened"),
    "recognition.request.information_requested": _("Information requested; the clock stopped"),
    "recognition.request.resubmitted": _("Information sent; the clock restarted"),
    "recognition.request.assessment_started": _("File complete; assessment started"),
    "recognition.request.decided": _("Decision made"),
    "recognition.request.appealed": _("Decision appealed"),
    "recognition.request.appeal_decided": _("Decision on appeal made"),
    "recognition.request.closed": _("Request closed"),
    "recognition.request.withdrawn": _("Request withdrawn"),
    "recognition.request.assigned": _("Assigned to an officer"),
    "recognition.decision.revoked": _("Decision revoked"),
    "recognition.request.overdue_flagged": _("Overdue; the officers were told"),
    "recognition.request.reminded": _("Due soon; the officers were reminded"),
}
HIDDEN_EVENTS = frozenset({"recognition.message.posted"})


@dataclass(frozen=True)
class Row:
    """A request with its computed due dates, as the lists show it."""

    request: RecognitionRequest
    deadlines: Deadlines

    @property
    def next_due(self) -> date | None:
        """The date the authority must act by next: acknowledge, then decide."""
        if self.request.status not in AWAITING_AUTHORITY:
            return None
        d = self.deadlines
        return d.decision_due if self.request.acknowledged_at else d.acknowledge_due

    @property
    def next_due_label(self) -> Promise:
        return _("Decision due") if self.request.acknowledged_at else _("Acknowledgement due")


def rows_of(requests: Iterable[RecognitionRequest]) -> list[Row]:
    today = timezone.localdate()
    return [Row(r, request_deadlines(request=r, today=today)) for r in requests]


def sort_by_due(rows: list[Row]) -> list[Row]:
    """Overdue first, then by the next due date; requests without one (decided) last."""
    return sorted(
        rows,
        key=lambda row: (
            not row.deadlines.overdue,
            row.next_due is None,
            row.next_due or date.max,
            row.request.pk,
        ),
    )


def filter_by_due(rows: list[Row], due: str) -> list[Row]:
    if due == "overdue":
        return [row for row in rows if row.deadlines.overdue]
    if due == "soon":
        return [row for row in rows if row.deadlines.due_soon]
    return rows


# --- Timeline ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "event" or "message"
    label: str | Promise
    who: str | Promise
    body: str = ""
    from_applicant: bool = False
    requests_documents: bool = False
    state: str = ""


def _who(*, applicant_side: bool, viewer_is_applicant: bool, authority: str, person: str) -> Any:
    if applicant_side:
        return _("You") if viewer_is_applicant else _("Applicant")
    # Officers see which colleague acted; the applicant sees the authority.
    return authority if viewer_is_applicant or not person else f"{person}, {authority}"


def timeline(request: RecognitionRequest, *, viewer_is_applicant: bool) -> list[TimelineEntry]:
    """Audit events and messages of the request, oldest first."""
    applicant_user_id = request.applicant.user_id
    authority = request.authority.name
    entries: list[TimelineEntry] = []
    for event in audit_event_list_for_target(target=request):
        if event.action in HIDDEN_EVENTS:
            continue
        applicant_side = event.actor_id is not None and event.actor_id == applicant_user_id
        entries.append(
            TimelineEntry(
                at=event.occurred_at,
                kind="event",
                label=EVENT_LABELS.get(event.action, event.action),
                who=_who(
                    applicant_side=applicant_side,
                    viewer_is_applicant=viewer_is_applicant,
                    authority=authority,
                    person=event.actor_label,
                ),
                from_applicant=applicant_side,
                state=event.to_state,
            )
        )
    for message in request.messages.select_related("author"):
        entries.append(
            TimelineEntry(
                at=message.created_at,
                kind="message",
                label=_("Message"),
                who=_who(
                    applicant_side=message.from_applicant,
                    viewer_is_applicant=viewer_is_applicant,
                    authority=authority,
                    person=str(message.author) if message.author else "",
                ),
                body=message.body,
                from_applicant=message.from_applicant,
                requests_documents=message.requests_documents,
            )
        )
    # A step's text (an information request, an answer, an appeal) is written just before the
    # step's audit event, in the same transaction: show the step, then its text.
    return sorted(entries, key=lambda e: (e.at.replace(microsecond=0), e.kind != "event", e.at))


# --- Public verification ----------------------------------------------------------------------
def decision_for_code(code: str) -> Decision | None:
    return (
        Decision.objects.select_related(
            "request__applicant",
            "request__qualification__country",
            "request__authority__country",
        )
        .prefetch_related("measures")
        .filter(verification_code=code)
        .first()
    )


def decision_document(decision: Decision) -> VerifiedDocument:
    """Everything the public may know about a decision, for the portal's one verification page
    and its JSON: no name, birth date, contact, document or reasons. ``extra`` keeps the keys the
    decision's JSON has always had, so existing clients keep working."""
    request = decision.request
    qualification = request.qualification
    authority = request.authority
    measures = list(decision.measures.all())
    details: list[tuple[str, str]] = [
        (str(_("Outcome")), str(decision.get_outcome_display())),
        (str(_("Stage")), str(decision.get_stage_display())),
    ]
    if measures:
        details.append(
            (
                str(_("Compensation measures")),
                ", ".join(str(m.get_kind_display()) for m in measures),
            )
        )
    details.append((str(_("Qualification awarded in")), qualification.country.name))
    decided_on = timezone.localdate(decision.decided_at)
    return VerifiedDocument(
        kind="recognition_decision",
        kind_label=str(_("Recognition decision")),
        code=decision.verification_code,
        valid=decision.is_valid,
        title=qualification.title,
        issuer_name=authority.name,
        issuer_country=authority.country_id,
        issuer_country_name=authority.country.name,
        issued_on=decided_on,
        revoked_on=timezone.localdate(decision.revoked_at) if decision.revoked_at else None,
        holder_initials=holder_initials(request.applicant),
        details=details,
        extra={
            "outcome": decision.outcome,
            "stage": decision.stage,
            "compensation_measures": [m.kind for m in measures],
            "qualification": {"title": qualification.title, "country": qualification.country_id},
            "authority": {"name": authority.name, "country": authority.country_id},
            "decided_on": decided_on,
        },
    )
