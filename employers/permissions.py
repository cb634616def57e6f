"""Who may see vacancies, candidate pools and the hiring pipeline.

- Staff of an employer (or of a licensed recruitment agency) manage their organisation's
  vacancies, browse those vacancies' pseudonymised pools, shortlist and express interest;
  viewers only read.
- A migrant sees the interests addressed to them (from "interest expressed" on; a shortlist is
  the employer's private working list) and answers them.
- Officers of a vacancy's partnership see aggregate figures only (``employers.selectors``).
- Everyone else gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Organisation, User
from accounts.permissions import AnyUser, active_memberships
from employers.models import Interest, Vacancy

EMPLOYER_KINDS = frozenset({Organisation.Kind.EMPLOYER, Organisation.Kind.RECRUITMENT_AGENCY})


def employer_organisations_of(user: AnyUser, *, writers_only: bool = True) -> list[Organisation]:
    return [
        m.organisation
        for m in active_memberships(user)
        if m.organisation.kind in EMPLOYER_KINDS and (m.can_write or not writers_only)
    ]


def can_recruit(user: AnyUser) -> bool:
    return bool(employer_organisations_of(user))


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
    vacancy = vacancies_visible_to(user).filter(pk=pk).first()
    if vacancy is None:
        raise Http404("No such vacancy.")
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


def get_interest_for_user(user: AnyUser, pk: int, *, side: str = "") -> Interest:
    """The interest if ``user`` may see it (404); ``side`` "employer" or "candidate": may act."""
    interest = interests_visible_to(user).filter(pk=pk).first()
    if interest is None:
        raise Http404("No such interest.")
    if side == "employer" and not can_manage_vacancy(user, interest.vacancy):
        raise PermissionDenied("Only the employer's staff can do this.")
    if side == "candidate" and not is_candidate(user, interest):
        raise PermissionDenied("Only the candidate can answer.")
    return interest
