"""Match runs a person asks for: check the caller, then start the run through
``matching.internal`` (which the system calls directly, without a user)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import locked_for_write
from core.errors import ConflictError, DomainValidationError
from employers.models import Vacancy
from employers.permissions import get_vacancy_for_user
from matching.internal import TOP_K, rematch_all, supersede_and_rank
from matching.models import MatchRun
from matching.permissions import can_start_full_rematch


@transaction.atomic
def full_rematch_start(*, actor: User, k: int = TOP_K) -> MatchRun:
    """Every open vacancy against every pool candidate: administrators only."""
    if not can_start_full_rematch(actor):
        raise PermissionDenied(_("Only administrators start a full rematch."))
    if not 1 <= k <= 200:
        raise DomainValidationError(_("k is between 1 and 200."), field="k")
    return rematch_all(actor=actor, k=k)


@transaction.atomic
def vacancy_rematch_start(*, actor: User, vacancy_id: int, k: int = TOP_K) -> MatchRun:
    """One vacancy's ranking, at its employer's request (the page's button or the API)."""
    vacancy = locked_for_write(get_vacancy_for_user, actor, vacancy_id)
    if vacancy.status != Vacancy.Status.OPEN:
        raise ConflictError(_("Only an open vacancy is matched."))
    return supersede_and_rank(vacancy=vacancy, actor=actor, k=k)
