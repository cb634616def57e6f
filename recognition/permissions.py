"""Who may see and work on a recognition request.

- The applicant (owner of the migrant profile) sees their requests and acts on their side of
  the procedure (submit, resubmit, appeal, withdraw).
- Staff of the competent authority see its requests; staff and managers (not viewers) assess
  and decide.
- Everyone else, employers and other authorities included, gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Organisation, User
from accounts.permissions import AnyUser, active_memberships
from recognition.models import RecognitionRequest


def authority_ids_of(user: AnyUser, *, writers_only: bool = False) -> list[int]:
    return [
        m.organisation_id
        for m in active_memberships(user)
        if m.organisation.kind == Organisation.Kind.RECOGNITION_AUTHORITY
        and (m.can_write or not writers_only)
    ]


def requests_visible_to(user: AnyUser) -> QuerySet[RecognitionRequest]:
    qs = RecognitionRequest.objects.select_related(
        "applicant",
        "qualification",
        "authority",
        "destination_country",
        "target_occupation",
        "assigned_officer",
    )
    if not isinstance(user, User) or not user.is_authenticated:
        return qs.none()
    # Drafts stay the applicant's: the qualification is shared with the authority on submission.
    return qs.filter(
        Q(applicant__user=user, applicant__state="active")
        | (Q(authority_id__in=authority_ids_of(user)) & ~Q(status=RecognitionRequest.Status.DRAFT))
    )


def is_applicant(user: AnyUser, request: RecognitionRequest) -> bool:
    return isinstance(user, User) and request.applicant.user_id == user.pk


def can_decide_recognition(user: AnyUser, request: RecognitionRequest) -> bool:
    return request.authority_id in authority_ids_of(user, writers_only=True)


def get_request_for_user(user: AnyUser, pk: int) -> RecognitionRequest:
    request = requests_visible_to(user).filter(pk=pk).first()
    if request is None:
        raise Http404("No such request.")
    return request
