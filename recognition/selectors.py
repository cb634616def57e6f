from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation
from core.selectors import filter_equal
from recognition.models import AuthorityProfile, Decision, RecognitionRequest
from recognition.permissions import authority_ids_of, requests_visible_to
from taxonomy.models import Occupation

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Deadlines:
    acknowledge_due: date | None
    decision_due: date | None
    clock_stopped: bool
    acknowledge_overdue: bool
    decision_overdue: bool
    due_soon: bool

    @property
    def overdue(self) -> bool:
        return self.acknowledge_overdue or self.decision_overdue


def _profile(request: RecognitionRequest) -> AuthorityProfile | None:
    # Through the relation, so a queue that selected it computes deadlines without a query a row.
    try:
        return request.authority.recognition_profile
    except AuthorityProfile.DoesNotExist:
        return None


def request_deadlines(*, request: RecognitionRequest, today: date | None = None) -> Deadlines:
    """Due dates from the authority's rules. Days spent waiting for the applicant's information
    do not count: they push the decision date back (the clock stops, then restarts)."""
    today = today or timezone.localdate()
    rules = _profile(request)
    ack_days = rules.days_to_acknowledge if rules else 30
    decide_days = rules.days_to_decide if rules else 120
    acknowledge_due = (
        timezone.localdate(request.submitted_at) + timedelta(days=ack_days)
        if request.submitted_at
        else None
    )
    running_stop = (
        (today - timezone.localdate(request.clock_stopped_at)).days
        if request.clock_stopped_at
        else 0
    )
    decision_due = (
        timezone.localdate(request.file_complete_at)
        + timedelta(days=decide_days + request.stopped_days + running_stop)
        if request.file_complete_at
        else None
    )
    decided = request.status in (
        RecognitionRequest.Status.DECIDED,
        RecognitionRequest.Status.APPEALED,
        RecognitionRequest.Status.APPEAL_DECIDED,
        RecognitionRequest.Status.CLOSED,
        RecognitionRequest.Status.WITHDRAWN,
    )
    stopped = request.clock_stopped_at is not None
    acknowledge_overdue = bool(
        acknowledge_due
        and request.acknowledged_at is None
        and not decided
        and today > acknowledge_due
    )
    decision_overdue = bool(decision_due and not decided and not stopped and today > decision_due)
    next_due = decision_due if request.acknowledged_at else acknowledge_due
    due_soon = bool(
        next_due
        and not decided
        and not stopped
        and today <= next_due <= today + timedelta(days=DUE_SOON_DAYS)
    )
    return Deadlines(
        acknowledge_due, decision_due, stopped, acknowledge_overdue, decision_overdue, due_soon
    )


@dataclass(frozen=True)
class FinderResult:
    authority: Organisation | None
    regulated: bool
    message: str


def recognition_finder(*, country: str, occupation_id: int | None) -> FinderResult:
    """Name the competent authority for an occupation in a destination country."""
    profiles = AuthorityProfile.objects.select_related("organisation").filter(
        organisation__country_id=country.upper(), organisation__is_active=True
    )
    occupation = Occupation.objects.filter(pk=occupation_id).first() if occupation_id else None
    if occupation is not None:
        # A regulation on an ISCO group covers the occupations under it.
        prefixes = [occupation.isco_code[:n] for n in range(1, len(occupation.isco_code) + 1)]
        regulated = profiles.filter(
            Q(regulated_occupations=occupation)
            | Q(regulated_occupations__level__lte=4, regulated_occupations__code__in=prefixes)
        ).first()
        if regulated is not None:
            return FinderResult(regulated.organisation, True, "regulated")
    general = profiles.filter(Q(vocational=True) | Q(academic=True)).first()
    return FinderResult(general.organisation if general else None, False, "not_regulated")


def request_queue_for_officer(*, user: Any, params: dict[str, Any]) -> QuerySet[RecognitionRequest]:
    """The authority's requests, filtered; sorting by due date happens in Python (computed)."""
    qs = requests_visible_to(user).filter(authority_id__in=authority_ids_of(user))
    qs = filter_equal(qs, params, status="status")
    if occupation := params.get("occupation"):
        qs = qs.filter(target_occupation__isco_code__startswith=str(occupation))
    if origin := params.get("origin"):
        qs = qs.filter(qualification__country_id=str(origin).upper())
    if params.get("mine"):
        qs = qs.filter(assigned_officer=user)
    # Deadlines need the authority's rules; the queue shows the qualification's country.
    return qs.exclude(status=RecognitionRequest.Status.DRAFT).select_related(
        "authority__recognition_profile", "qualification__country"
    )


def precedents_for(*, request: RecognitionRequest, limit: int = 10) -> QuerySet[Decision]:
    """Earlier decisions on the same institution and title from the same country."""
    q = request.qualification
    return (
        Decision.objects.select_related("request__qualification", "request__authority")
        .filter(
            request__qualification__institution__iexact=q.institution,
            request__qualification__title__iexact=q.title,
            request__qualification__country_id=q.country_id,
            revoked_at__isnull=True,
        )
        .exclude(request=request)[:limit]
    )
