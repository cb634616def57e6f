"""Employers, vacancies and pool candidates for tests, built through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from accounts.models import Membership, Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from employers.models import Interest, Vacancy
from employers.services import (
    PlacementInput,
    VacancyInput,
    interest_apply_action,
    interest_express,
    interest_hire,
    interest_respond,
    shortlist_add,
    vacancy_apply_action,
    vacancy_create,
)
from migrants.models import ConsentGrant, MigrantProfile
from migrants.services import (
    ConsentInput,
    consent_grant,
    consent_withdraw,
    education_add,
    experience_add,
    skill_set,
)
from migrants.tests.factories import migrant_with_profile, speaks
from partnerships.models import Partnership, PartnershipMember
from partnerships.tests.factories import add_member
from taxonomy.models import Occupation, Skill


def employer_staff_of(country: str = "BE") -> User:
    organisation = OrganisationFactory.create(kind=Organisation.Kind.EMPLOYER, country_id=country)
    return MembershipFactory.create(organisation=organisation).user


def member_employer_staff(partnership: Partnership, officer: User) -> User:
    """Staff of an employer that ``officer`` adds to ``partnership`` as a member."""
    employer = employer_staff_of()
    organisation = employer.memberships.get().organisation
    add_member(partnership, officer, organisation, PartnershipMember.Role.EMPLOYER)
    return employer


def software_skills(n: int = 4) -> list[int]:
    return list(Skill.objects.order_by("pk").values_list("pk", flat=True)[:n])


def developer_occupation() -> Occupation:
    return Occupation.objects.get(code="2512")


def vacancy_input(employer: User, **overrides: Any) -> VacancyInput:
    skills = software_skills(4)
    values: dict[str, Any] = {
        "employer_id": employer.memberships.get().organisation_id,
        "title": "Junior software developer",
        "occupation_id": developer_occupation().pk,
        "destination_country": "BE",
        "wage_amount": Decimal("3200.00"),
        "wage_currency": "EUR",
        "hours_per_week": 38,
        "essential_skill_ids": skills[:3],
        "optional_skill_ids": skills[3:],
        "languages": {"fr": "B1"},
        "min_isced_level": 4,
        "starts_on": date(2027, 3, 1),
    }
    values.update(overrides)
    return VacancyInput(**values)


def open_vacancy(employer: User | None = None, **overrides: Any) -> Vacancy:
    employer = employer or employer_staff_of()
    vacancy = vacancy_create(actor=employer, data=vacancy_input(employer, **overrides))
    vacancy_apply_action(actor=employer, vacancy_id=vacancy.pk, action="open")
    vacancy.refresh_from_db()
    return vacancy


def vacancy_in(status: str) -> Vacancy:
    """A new employer's vacancy put straight into ``status`` (for lifecycle tests)."""
    employer = employer_staff_of()
    vacancy = vacancy_create(actor=employer, data=vacancy_input(employer))
    Vacancy.objects.filter(pk=vacancy.pk).update(status=status)  # the state under test
    vacancy.refresh_from_db()
    return vacancy


def pool_candidate(
    *, n: int = 0, skills: int = 3, destination: str = "BE", **profile: Any
) -> tuple[User, MigrantProfile]:
    """A new migrant who consented to the destination pool, with ``skills`` of the vacancy
    skills, French B2, ISCED 6 and two years as a software developer."""
    profile.setdefault("phone", f"+2126100{n:05d}")
    profile.setdefault("contact_email", f"candidate{n}@example.org")
    profile.setdefault("given_names", f"Candidate{n}")
    user, person = migrant_with_profile(**profile)
    ready_for_pool(user, person, skills=skills, destination=destination)
    return user, person


def open_market(vacancies: int, candidates: int) -> None:
    """One employer's ``vacancies`` open developer vacancies (asking ISCED 3 to 7 in turn) and
    ``candidates`` pool candidates holding 0 to 4 of their skills in turn."""
    employer = None
    for i in range(vacancies):
        vacancy = open_vacancy(employer, title=f"Developer {i}", min_isced_level=3 + i % 5)
        employer = vacancy.created_by
    for i in range(candidates):
        pool_candidate(n=i, skills=i % 5)


def ready_for_pool(
    user: User,
    person: MigrantProfile,
    *,
    skills: int = 3,
    destination: str = "BE",
    institution: str = "Université",
    **experience: Any,
) -> None:
    """What a developer vacancy asks for, on ``person``'s profile, and their consent to the
    pool of ``destination``: ``skills`` of the vacancy skills, French B2, ISCED 6 at
    ``institution`` and two years as a software developer (``experience`` adds to it)."""
    for skill_id in software_skills(4)[:skills]:
        skill_set(actor=user, profile_id=person.pk, skill_id=skill_id, proficiency="advanced")
    speaks(user, person, "fr", "B2")
    education_add(
        actor=user, profile_id=person.pk, isced_level=6, institution=institution, country="MA"
    )
    experience_add(
        actor=user,
        profile_id=person.pk,
        occupation_id=developer_occupation().pk,
        country="MA",
        started_on=date(2022, 1, 1),
        ended_on=date(2024, 1, 1),
        **experience,
    )
    consent_grant(
        actor=user,
        profile_id=person.pk,
        data=ConsentInput(purpose=ConsentGrant.Purpose.POOL_DESTINATION, country=destination),
    )


def pool_of_two() -> tuple[Vacancy, User, MigrantProfile]:
    """An open vacancy with two candidates in its pool: the vacancy, then the first one's login
    and profile."""
    vacancy = open_vacancy()
    user, person = pool_candidate(n=1)
    pool_candidate(n=2)
    return vacancy, user, person


def withdraw_pool_consent(user: User, person: MigrantProfile) -> None:
    """The candidate withdraws the consent that put them in the destination pool (no rematch
    runs: every read checks active grants)."""
    grant = person.consents.get(purpose=ConsentGrant.Purpose.POOL_DESTINATION)
    consent_withdraw(actor=user, profile_id=person.pk, consent_id=grant.pk)


def creator(vacancy: Vacancy) -> User:
    """The employer staff member who posted ``vacancy``."""
    assert vacancy.created_by is not None
    return vacancy.created_by


def code_of(vacancy: Vacancy, profile: MigrantProfile) -> str:
    """The code under which ``vacancy``'s employer sees ``profile`` (never the pseudonym)."""
    return vacancy.candidate_code(profile.pk)


def viewer_of(vacancy: Vacancy) -> User:
    """A read-only member of ``vacancy``'s employer."""
    return MembershipFactory.create(organisation=vacancy.employer, role=Membership.Role.VIEWER).user


IS = Interest.Status
# The steps that bring a shortlisted candidate to each status, through the services.
PATHS: dict[str, list[str]] = {
    IS.SHORTLISTED: [],
    IS.INTEREST_SENT: ["express"],
    IS.ACCEPTED: ["express", "accept"],
    IS.DECLINED: ["express", "decline"],
    IS.INTERVIEW: ["express", "accept", "interview"],
    IS.OFFER: ["express", "accept", "interview", "offer"],
    IS.HIRED: ["express", "accept", "offer", "hire"],
    IS.NOT_SELECTED: ["express", "accept", "not_selected"],
    IS.WITHDRAWN: ["withdraw"],
}


def interest_in(
    status: str,
    vacancy: Vacancy,
    n: int = 0,
    *,
    candidate: tuple[User, MigrantProfile] | None = None,
) -> tuple[Interest, User]:
    """An interest of ``candidate`` (by default a new pool candidate ``n``), moved to ``status``
    through the services; with the candidate's user."""
    employer = creator(vacancy)
    user, person = candidate or pool_candidate(n=n)
    interest = shortlist_add(
        actor=employer, vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, person)
    )
    for step in PATHS[status]:
        if step == "express":
            interest_express(actor=employer, interest_id=interest.pk)
        elif step in ("accept", "decline"):
            interest_respond(actor=user, interest_id=interest.pk, accept=step == "accept")
        elif step == "hire":
            interest_hire(
                actor=employer,
                interest_id=interest.pk,
                data=PlacementInput(starts_on=date(2027, 3, 1)),
            )
        else:
            interest_apply_action(
                actor=employer, interest_id=interest.pk, action=step, reason="test"
            )
    interest.refresh_from_db()
    assert interest.status == status
    return interest, user
