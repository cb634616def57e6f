"""Plain functions behind the recognition app's scheduled tasks and erasure hook.

- ``deadlines_check``: the daily look at every open request's due dates (see
  ``selectors.request_deadlines``). An overdue request gets one ``recognition.request.overdue``
  audit event a day and its officer is told; a request due within a week gets one reminder a day.
  The audit events are the job's record: a re-run the same day (a retry, a second beat) finds
  them and does nothing again.
- ``applicant_erase``: registered in ``migrants.rights.ERASURE_HOOKS`` by the app config. When a
  migrant's profile is erased (GDPR art. 17) their requests stop carrying anything about them,
  while the authority's decisions, a legal record, stay verifiable.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.internal import notifications_delete
from accounts.models import Membership, User
from accounts.services import notify_on_commit
from audit.models import AuditEvent
from audit.services import audit_record
from migrants.internal import qualifications_blank
from migrants.models import MigrantProfile
from recognition.models import CompensationMeasure, Decision, RecognitionRequest, RequestMessage
from recognition.selectors import Deadlines, request_deadlines
from recognition.services import BEFORE_DECISION, _url

OVERDUE_ACTION = "recognition.request.overdue"
REMINDER_ACTION = "recognition.request.reminded"
ERASED = "[erased]"
REDACTED = "[redacted]"


# --- Daily deadline check ---------------------------------------------------------------------
def _recipients(request: RecognitionRequest) -> list[int]:
    """The assigned officer; nobody assigned yet: every officer of the authority who can act."""
    if request.assigned_officer_id is not None:
        return [request.assigned_officer_id]
    return list(
        Membership.objects.filter(
            organisation_id=request.authority_id,
            is_active=True,
            role__in=(Membership.Role.MANAGER, Membership.Role.STAFF),
            user__is_active=True,
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _record_once(
    request_id: int, *, action: str, today: date, which: str, due: date | None
) -> list[int] | None:
    """Lock the request, record ``action`` for ``today`` unless already there; return whom to
    notify, or None when this day's event exists (or the request closed meanwhile)."""
    request = (
        RecognitionRequest.objects.select_for_update()
        .filter(pk=request_id, status__in=RecognitionRequest.OPEN_STATUSES)
        .first()
    )
    if request is None:
        return None
    if (
        AuditEvent.objects.for_target(request)
        .filter(action=action, data__date=today.isoformat())
        .exists()
    ):
        return None
    audit_record(
        actor=None,
        action=action,
        target=request,
        data={"date": today, "which": which, "due": due},
    )
    recipients = _recipients(request)
    ref = request.reference
    if action == OVERDUE_ACTION:
        title = (
            _("%(ref)s is overdue: acknowledgement was due on %(due)s")
            if which == "acknowledgement"
            else _("%(ref)s is overdue: the decision was due on %(due)s")
        ) % {"ref": ref, "due": due}
    else:
        title = (
            _("%(ref)s: acknowledgement due on %(due)s")
            if which == "acknowledgement"
            else _("%(ref)s: decision due on %(due)s")
        ) % {"ref": ref, "due": due}
    for user_id in recipients:
        notify_on_commit(user_id=user_id, title=title, url=_url(request))
    return recipients


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


# --- Erasure of an applicant ------------------------------------------------------------------
def _personal_values(profile: MigrantProfile, user: User | None) -> list[str]:
    values = [
        f"{profile.given_names} {profile.family_name}",
        profile.given_names,
        profile.family_name,
        profile.phone,
        profile.contact_email,
    ]
    if user is not None:
        values += [user.full_name, user.email]
    # Longest first, so a full name goes before its parts; very short strings would blank
    # unrelated words.
    return sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=len, reverse=True)


def _scrub(text: str, values: list[str]) -> str:
    for value in values:
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    return text


def applicant_erase(profile: MigrantProfile, actor: User) -> None:
    """Run by ``migrants.rights.profile_erase`` inside its transaction, before the profile is
    blanked and its qualifications deleted.

    - Requests not yet decided are withdrawn (audited without personal data) and the
      authority's officer is told, unless it was a draft it never saw.
    - Every message on the person's requests loses its body; notifications to the person about
      them are deleted (they quote the officers' messages).
    - Decisions stay: they are the authority's legal record and stay verifiable by their code.
      Officers' free text in them (reasons, differences, measures) loses the person's names and
      contact details. Their qualification stays too (a request protects it); a qualification
      only undecided requests used loses its title and institution.
    """
    requests = list(
        RecognitionRequest.objects.select_for_update().filter(applicant=profile).order_by("pk")
    )
    if not requests:
        return
    values = _personal_values(profile, profile.user)
    for request in requests:
        if request.status not in BEFORE_DECISION:
            continue
        previous = request.status
        request.status = RecognitionRequest.Status.WITHDRAWN
        request.clock_stopped_at = None
        request.save(update_fields=["status", "clock_stopped_at", "updated_at"])
        audit_record(
            actor=actor,
            action="recognition.request.withdrawn",
            target=request,
            from_state=previous,
            to_state=request.status,
            data={"basis": "erasure"},
        )
        if previous == RecognitionRequest.Status.DRAFT:
            continue  # the authority never saw it
        title = _("%(ref)s was withdrawn: the applicant's personal data were erased") % {
            "ref": request.reference
        }
        for user_id in _recipients(request):
            notify_on_commit(user_id=user_id, title=title, url=_url(request))

    ids = [r.pk for r in requests]
    RequestMessage.objects.filter(request_id__in=ids).update(body=ERASED)
    if profile.user_id is not None:
        notifications_delete(
            user_id=profile.user_id, title_prefixes=[r.reference for r in requests]
        )

    for decision in Decision.objects.select_for_update().filter(request_id__in=ids):
        scrubbed = {
            "reasons": _scrub(decision.reasons, values),
            "appeal_route": _scrub(decision.appeal_route, values),
            "revoke_reason": _scrub(decision.revoke_reason, values),
            "substantial_differences": [
                _scrub(d, values) if isinstance(d, str) else d
                for d in decision.substantial_differences
            ],
        }
        changed = [k for k, v in scrubbed.items() if getattr(decision, k) != v]
        if changed:
            for name in changed:
                setattr(decision, name, scrubbed[name])
            decision.save(update_fields=changed)
    for measure in CompensationMeasure.objects.filter(decision__request_id__in=ids):
        description = _scrub(measure.description, values)
        if description != measure.description:
            measure.description = description
            measure.save(update_fields=["description"])

    decided = set(
        Decision.objects.filter(request_id__in=ids).values_list(
            "request__qualification_id", flat=True
        )
    )
    qualifications_blank(qualification_ids={r.qualification_id for r in requests} - decided)
