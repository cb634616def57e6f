"""Who may see and work on a recognition request.

- The applicant (owner of the migrant profile) sees their requests and acts on their side of
  the procedure (submit, resubmit, appeal, withdraw).
- Staff of the competent authority see its requests; its officers who can act (managers and
  staff, not viewers) assess and decide.
- Everyone else gets 404 for a request, and 403 on routes that are not for their role.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Membership, Organisation, Role, User
from accounts.permissions import AnyUser, has_role, organisations_of
from core.access import Access, visible_or_404
from recognition.models import Decision, RecognitionRequest

AUTHORITY_KINDS = (Organisation.Kind.RECOGNITION_AUTHORITY,)


def authority_ids_of(user: AnyUser, *, writers_only: bool = False) -> list[int]:
    """The recognition authorities ``user`` works for; with ``writers_only``, acts for."""
    return [o.pk for o in organisations_of(user, AUTHORITY_KINDS, writers_only=writers_only)]


def authority_officers(authority_ids: Collection[int]) -> list[User]:
    """The officers of these authorities who can act on their requests, by name: active people
    whose active membership may write (``Membership.can_write``: managers and staff). The one
    answer to "whom to assign, whom to remind"."""
    memberships = (
        Membership.objects.filter(
            organisation_id__in=list(authority_ids),
            organisation__is_active=True,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name", "user__email", "user_id")
    )
    officers = {m.user_id: m.user for m in memberships if m.can_write}
    return list(officers.values())


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


def can_write_to(user: AnyUser, request: RecognitionRequest) -> bool:
    """The conversation is between the applicant and the officers who can act."""
    return is_applicant(user, request) or can_decide_recognition(user, request)


def get_request_for_user(user: AnyUser, pk: int) -> RecognitionRequest:
    request = visible_or_404(requests_visible_to(user), pk, "No such request.")
    return request


def get_decision_for_user(user: AnyUser, pk: int) -> Decision:
    """A decision on a request ``user`` may see (404 otherwise), with its request."""
    decision = (
        Decision.objects.select_related("request")
        .filter(pk=pk, request__in=requests_visible_to(user))
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    return decision


# --- Declared access of the recognition routes (pages and API) --------------------------------
def is_migrant(user: AnyUser) -> bool:
    """Who asks for recognition: a person on their own profile, not staff of an organisation."""
    return has_role(user, Role.MIGRANT)


def works_for_an_authority(user: AnyUser) -> bool:
    return bool(authority_ids_of(user))


def acts_for_an_authority(user: AnyUser) -> bool:
    return bool(authority_ids_of(user, writers_only=True))


def takes_part_in_recognition(user: AnyUser) -> bool:
    return is_migrant(user) or works_for_an_authority(user)


REQUEST_SCOPE = "recognition.permissions.get_request_for_user"

FINDER_USERS = Access("any signed-in user: which authority decides is public knowledge")
RECOGNITION_USERS = Access(
    "migrants (their own requests) and staff of recognition authorities (their queue)",
    takes_part_in_recognition,
)
APPLICANTS = Access("migrants, asking on their own profile", is_migrant)
REQUEST_PARTIES = Access(
    "the applicant and staff of the competent recognition authority",
    takes_part_in_recognition,
    scope=REQUEST_SCOPE,
)
REQUEST_APPLICANT = APPLICANTS.on(REQUEST_SCOPE)
AUTHORITY_STAFF = Access(
    "staff of the competent recognition authority, viewers included",
    works_for_an_authority,
    scope=REQUEST_SCOPE,
)
AUTHORITY_OFFICERS = Access(
    "officers of a recognition authority who can act (managers and staff, not viewers)",
    acts_for_an_authority,
)
REQUEST_OFFICERS = AUTHORITY_OFFICERS.on(REQUEST_SCOPE)
DECISION_OFFICERS = AUTHORITY_OFFICERS.on("recognition.permissions.get_decision_for_user")
DECISION_VERIFICATION = Access(
    "anyone holding a decision's verification code, signed in or not",
    lambda user: True,
    login=False,
)
