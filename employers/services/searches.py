"""Saved pool searches: a name for a set of pool filters, kept for the person who saved it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainValidationError
from employers.models import SavedSearch
from employers.permissions import get_saved_search_for_user, get_vacancy_for_user

# The pool filters a search keeps (``employers.selectors.pool_search`` reads them).
POOL_FILTERS = frozenset(
    {
        "occupation",
        "skills",
        "evidence",
        "language",
        "language_level",
        "isced",
        "residence",
        "recognition",
        "available_by",
        "q",
    }
)


@transaction.atomic
def saved_search_create(
    *, actor: User, vacancy_id: int, name: str, params: dict[str, Any]
) -> SavedSearch:
    vacancy = get_vacancy_for_user(actor, vacancy_id)
    if not name.strip():
        raise DomainValidationError(_("Name the search."), field="name")
    kept = {k: v for k, v in params.items() if k in POOL_FILTERS and v not in ("", None, [])}
    return SavedSearch.objects.create(
        organisation_id=vacancy.employer_id,
        owner=actor,
        vacancy=vacancy,
        name=name.strip()[:120],
        params=kept,
    )


@transaction.atomic
def saved_search_delete(*, actor: User, search_id: int) -> None:
    get_saved_search_for_user(actor, search_id).delete()
