"""Every change employers make: vacancies (``vacancies``), saved pool searches (``searches``) and
the hiring pipeline with staged disclosure (``pipeline``). Each entity's lifecycle moves are
declared once, at the bottom of its module."""

from employers.services.pipeline import (
    CANDIDATE_SIDE,
    EMPLOYER_SIDE,
    INTEREST_LIFECYCLE,
    PlacementInput,
    interest_apply_action,
    interest_express,
    interest_hire,
    interest_respond,
    shortlist_add,
)
from employers.services.searches import saved_search_create, saved_search_delete
from employers.services.vacancies import (
    VACANCY_LIFECYCLE,
    VacancyInput,
    vacancy_apply_action,
    vacancy_create,
    vacancy_update,
)

__all__ = [
    "CANDIDATE_SIDE",
    "EMPLOYER_SIDE",
    "INTEREST_LIFECYCLE",
    "VACANCY_LIFECYCLE",
    "PlacementInput",
    "VacancyInput",
    "interest_apply_action",
    "interest_express",
    "interest_hire",
    "interest_respond",
    "saved_search_create",
    "saved_search_delete",
    "shortlist_add",
    "vacancy_apply_action",
    "vacancy_create",
    "vacancy_update",
]
