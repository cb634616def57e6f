"""The recognition app's trusted entry points, for other apps only; ``RecognitionConfig.ready``
registers them where those apps call them. None checks a user: the caller has (an erasure or a
qualification's removal, inside migrants' own checked services), or the answer is public by
design (a decision's essentials, verified by its code). Views, API and forms never import this
module.

- ``qualification_release``: keeps a qualification that an authority received a request about;
- ``applicant_erase``: a person's erasure (GDPR art. 17) reaches their requests;
- ``decision_items``: recognition's part of the person's skills passport;
- ``decision_verification``: a decision's public essentials, for the one ``/verify/`` page;
- ``recognition_status_by_profile``: the recognition status employers' pools and matching show.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from accounts.internal import notifications_delete
from accounts.models import User
from audit.services import audit_record
from core.errors import InUseError
from core.verification import VerifiedDocument
from migrants.internal import personal_values, qualifications_blank
from migrants.models import MigrantProfile
from migrants.passport.selectors import PassportItem
from recognition.models import CompensationMeasure, Decision, RecognitionRequest, RequestMessage
from recognition.presenters import decision_document, decision_for_code
from recognition.services.common import (
    BEFORE_DECISION,
    UNSENT,
    change_status,
    tell_officers,
)

S = RecognitionRequest.Status
ERASED = "[erased]"
REDACTED = "[redacted]"


# --- A qualification's removal (migrants' QUALIFICATION_REMOVAL_HOOKS) -------------------------
def qualification_release(actor: User, qualification_id: int) -> None:
    """Let a qualification be removed from its profile, or refuse while a request holds it.

    Called by migrants when a qualification is removed, inside its transaction. The rule:

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


# --- Erasure of an applicant (migrants' ERASURE_HOOKS) -----------------------------------------
def _scrub(text: str, values: list[str]) -> str:
    for value in values:
        text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    return text


def _withdraw_for_erasure(request: RecognitionRequest, actor: User) -> None:
    previous = request.status
    request.clock_stopped_at = None
    change_status(actor, request, S.WITHDRAWN, "withdrawn", basis="erasure")
    if previous != S.DRAFT:  # a draft the authority never saw
        tell_officers(
            request,
            _("%(ref)s was withdrawn: the applicant's personal data were erased")
            % {"ref": request.reference},
        )


def _decisions_scrub(request_ids: list[int], values: list[str]) -> None:
    for decision in Decision.objects.select_for_update().filter(request_id__in=request_ids):
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
    for measure in CompensationMeasure.objects.filter(decision__request_id__in=request_ids):
        description = _scrub(measure.description, values)
        if description != measure.description:
            measure.description = description
            measure.save(update_fields=["description"])


def applicant_erase(profile: MigrantProfile, actor: User) -> None:
    """Run by migrants' erasure inside its transaction, before the profile is blanked and its
    qualifications deleted.

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
    for request in requests:
        if request.status in BEFORE_DECISION:
            _withdraw_for_erasure(request, actor)
    ids = [r.pk for r in requests]
    RequestMessage.objects.filter(request_id__in=ids).update(body=ERASED)
    if profile.user_id is not None:
        notifications_delete(
            user_id=profile.user_id, title_prefixes=[r.reference for r in requests]
        )
    _decisions_scrub(ids, personal_values(profile, profile.user))
    decided = set(
        Decision.objects.filter(request_id__in=ids).values_list(
            "request__qualification_id", flat=True
        )
    )
    qualifications_blank(qualification_ids={r.qualification_id for r in requests} - decided)


# --- The skills passport and the public verification ------------------------------------------
def decision_items(profile: MigrantProfile) -> list[PassportItem]:
    """The decisions on the person's requests, valid or revoked, each verifiable by its code."""
    decisions = (
        Decision.objects.filter(request__applicant=profile)
        .select_related(
            "request__applicant",
            "request__qualification__country",
            "request__authority__country",
        )
        .prefetch_related("measures")
        .order_by("-decided_at", "-id")
    )
    return [PassportItem.from_document(f"decision:{d.pk}", decision_document(d)) for d in decisions]


def decision_verification(code: str) -> VerifiedDocument | None:
    """Resolver for ``core.verification``: a recognition decision by its code."""
    decision = decision_for_code(code)
    return decision_document(decision) if decision else None


# --- For employers' pools and matching (migrants' RECOGNITION_STATUS_PROVIDERS) ---------------
def recognition_status_by_profile(profile_ids: list[int]) -> dict[int, str]:
    """Per applicant: "full" or "partial" from their strongest valid decision, else "pending"
    while a request is open. Refusals and drafts report nothing."""
    status: dict[int, str] = {}
    rank = {"pending": 1, "partial": 2, "full": 3}
    decisions = Decision.objects.filter(
        request__applicant_id__in=profile_ids,
        revoked_at__isnull=True,
        outcome__in=(Decision.Outcome.FULL, Decision.Outcome.PARTIAL),
    ).values_list("request__applicant_id", "outcome")
    for profile_id, outcome in decisions:
        if rank[outcome] > rank.get(status.get(profile_id, ""), 0):
            status[profile_id] = outcome
    open_requests = RecognitionRequest.objects.filter(
        applicant_id__in=profile_ids, status__in=RecognitionRequest.OPEN_STATUSES
    ).values_list("applicant_id", flat=True)
    for profile_id in open_requests:
        status.setdefault(profile_id, "pending")
    return status
