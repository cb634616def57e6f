"""Who may see vacancies, candidate pools and the hiring pipeline.

- Staff of an employer (or of a licensed recruitment agency) manage their organisation's
  vacancies, browse those vacancies' pseudonymised pools, shortlist and express interest;
  viewers only read.
- A migrant sees the interests addressed to them (from "interest expressed" on; a shortlist is
  the employer's private working list) and answers them.
- Officers of a vacancy's partnership see aggregate figures only (``employers.selectors``).
- Everyone else: 403 from the route's declared access (the wrong role), 404 for a record of
  another employer.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Organisation, Role, User
from accounts.permissions import AnyUser, has_role, organisations_of
from core.access import Access, visible_or_404
from employers.models import Interest, SavedSearch, Vacancy

EMPLOYER_KINDS = frozenset({Organisation.Kind.EMPLOYER, Organisation.Kind.RECRUITMENT_AGENCY})


def employer_organisations_of(user: AnyUser, *, writers_only: bool = True) -> list[Organisation]:
    """The employers and agencies the user works for (with ``writers_only``: may act for)."""
    return organisations_of(user, EMPLOYER_KINDS, writers_only=writers_only)


def can_recruit(user: AnyUser) -> bool:
    return bool(employer_organisations_of(user))


def is_recruiter(user: AnyUser) -> bool:
    """Staff of an employer or agency, viewers included: who may open the employer pages."""
    return bool(employer_organisations_of(user, writers_only=False))


def is_migrant(user: AnyUser) -> bool:
    return has_role(user, Role.MIGRANT)


def is_partnership_officer(user: AnyUser) -> bool:
    return has_role(user, Role.GOVERNMENT_OFFICER) or has_role(user, Role.ADMIN)


def _employer_ids(user: AnyUser, *, writers_only: bool = False) -> list[int]:
    return [o.pk for o in employer_organisations_of(user, writers_only=writers_only)]


def vacancies_visible_to(user: AnyUser) -> QuerySet[Vacancy]:
    qs = Vacancy.objects.select_related(
        "employer", "occupation", "destination_country", "wage_currency", "partnership"
    )
    ids = _employer_ids(user)
    return qs.filter(employer_id__in=ids) if ids else qs.none()


def can_manage_vacancy(user: AnyUser, vacancy: Vacancy) -> bool:
    return vacancy.employer_id in _employer_ids(user, writers_only=True)


def get_vacancy_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> Vacancy:
    vacancy = visible_or_404(vacancies_visible_to(user), pk, "No such vacancy.")
    if for_write and not can_manage_vacancy(user, vacancy):
        raise PermissionDenied("Only the employer's staff can change this vacancy.")
    return vacancy


def interests_visible_to(user: AnyUser) -> QuerySet[Interest]:
    qs = Interest.objects.select_related("vacancy__employer", "profile")
    if not isinstance(user, User) or not user.is_authenticated:
        return qs.none()
    own = Q(profile__user=user) & ~Q(status=Interest.Status.SHORTLISTED)
    ids = _employer_ids(user)
    return qs.filter(own | Q(vacancy__employer_id__in=ids)) if ids else qs.filter(own)


def is_candidate(user: AnyUser, interest: Interest) -> bool:
    return isinstance(user, User) and interest.profile.user_id == user.pk


def can_manage_interest(user: AnyUser, interest: Interest) -> bool:
    return can_manage_vacancy(user, interest.vacancy)


def get_interest_for_user(user: AnyUser, pk: int, *, side: str = "") -> Interest:
    """The interest if ``user`` may see it (404); ``side`` "employer" or "candidate": may act."""
    interest = visible_or_404(interests_visible_to(user), pk, "No such interest.")
    if side == "employer" and not can_manage_interest(user, interest):
        raise PermissionDenied("Only the employer's staff can do this.")
    if side == "candidate" and not is_candidate(user, interest):
        raise PermissionDenied("Only the candidate can answer.")
    return interest


def get_saved_search_for_user(user: AnyUser, pk: int) -> SavedSearch:
    """One of the caller's own saved searches (404 for anyone else's)."""
    search = SavedSearch.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if search is None:
        raise Http404("No such saved search.")
    return search


# --- Declared access of the employers routes (pages and API) ----------------------------------
RECRUITERS = Access("staff of employers and recruitment agencies (viewers read only)", is_recruiter)
VACANCY_STAFF = RECRUITERS.on("employers.permissions.get_vacancy_for_user")
INTEREST_STAFF = RECRUITERS.on("employers.permissions.get_interest_for_user")
# The employer's page of one candidate; the candidate who opens it is sent to their own page.
INTEREST_PAGE = Access(
    "staff of employers and recruitment agencies (the candidate is sent to their own page)",
    lambda user: is_recruiter(user) or is_migrant(user),
    scope="employers.permissions.get_interest_for_user",
)
SAVED_SEARCH_OWNERS = RECRUITERS.on("employers.permissions.get_saved_search_for_user")
CANDIDATES = Access("migrants: the employers' interest in them", is_migrant)
OWN_INTERESTS = CANDIDATES.on("employers.permissions.get_interest_for_user")
PARTNERSHIP_OFFICERS = Access(
    "government officers of the partnership's members, and administrators (counts only)",
    is_partnership_officer,
    scope="partnerships.permissions.get_partnership_for_user",
)
