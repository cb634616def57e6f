"""Who may start and watch match runs and read rankings.

- A vacancy's ranking: staff of its employer (``employers.permissions.VACANCY_STAFF``); its
  viewers read it but start no run.
- A run: whoever may read its vacancy; administrators start and see full rematches.
- "Jobs for me": the migrant, about themself only.
"""

from __future__ import annotations

from accounts.models import Role
from accounts.permissions import AnyUser, has_role
from core.access import Access
from employers.permissions import is_migrant, is_recruiter


def can_start_full_rematch(user: AnyUser) -> bool:
    return has_role(user, Role.ADMIN)


def _runs_their_vacancies(user: AnyUser) -> bool:
    return is_recruiter(user) or can_start_full_rematch(user)


# Declared access of the matching routes (pages and API).
RUN_STARTERS = Access(
    "staff of employers and recruitment agencies (their vacancies), administrators (every "
    "open vacancy)",
    _runs_their_vacancies,
)
RUN_READERS = RUN_STARTERS.on("matching.selectors.run_for_user")
JOB_SEEKERS = Access("migrants: the vacancies they fit", is_migrant)
