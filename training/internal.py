"""Trusted entry points that other apps reach in training, without the user-facing checks.

The caller has already decided, under its own rules, that the call is due: a hire recorded by
employers (``migrants.signals.person_placed``, connected in ``TrainingConfig.ready``) is the
trainee's outcome. Views, API and forms never import this module.
"""

from __future__ import annotations

from accounts.models import User
from audit.services import audit_record
from training.models import Enrolment, OutcomeFollowUp


def outcome_from_placement(
    *, actor: User, profile_id: int, country: str, occupation_id: int
) -> OutcomeFollowUp | None:
    """A hire through the portal is the trainee's outcome: recorded at the next follow-up point
    of their latest finished enrolment, if they have one. The hire itself is the authority, so no
    provider permission is needed."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("profile")
        .filter(profile_id=profile_id, status__in=Enrolment.FINISHED)
        .order_by("-completed_on", "-id")
        .first()
    )
    if enrolment is None:
        return None
    recorded = set(enrolment.outcomes.values_list("months", flat=True))
    point = next((m for m in OutcomeFollowUp.Point.values if m not in recorded), None)
    if point is None:
        return None
    origin = enrolment.profile.nationality_id
    status = (
        OutcomeFollowUp.Status.EMPLOYED_ORIGIN
        if country == origin
        else OutcomeFollowUp.Status.EMPLOYED_DESTINATION
    )
    outcome = OutcomeFollowUp.objects.create(
        enrolment=enrolment,
        months=point,
        status=status,
        country_id=country,
        occupation_id=occupation_id,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="training.outcome.recorded",
        target=enrolment,
        data={"months": point, "status": status, "country": country, "source": "placement"},
    )
    return outcome
