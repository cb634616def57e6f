"""Vacancies, the pool and staged disclosure, as an employer and a migrant meet them."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from core.errors import DomainValidationError, InvalidTransition
from employers.models import Interest, Placement
from employers.selectors import candidate_cards, candidate_identity, pool_search
from employers.services import (
    interest_apply_action,
    interest_express,
    interest_respond,
    shortlist_add,
    vacancy_apply_action,
    vacancy_create,
)
from employers.tests.factories import (
    code_of,
    creator,
    employer_staff_of,
    interest_in,
    open_vacancy,
    pool_candidate,
    vacancy_input,
    withdraw_pool_consent,
)
from migrants.models import ConsentGrant
from migrants.services import ConsentInput, consent_grant, consent_withdraw
from migrants.tests.factories import migrant_with_profile
from training.models import OutcomeFollowUp
from training.services import cohort_apply_action, enrolment_apply_action
from training.tests.factories import enrol, make_cohort, make_setting

pytestmark = pytest.mark.django_db


def test_worker_paid_fees_cannot_be_published() -> None:
    employer = employer_staff_of()
    vacancy = vacancy_create(actor=employer, data=vacancy_input(employer, fee_policy="worker_pays"))
    with pytest.raises(InvalidTransition, match="cannot be published"):
        vacancy_apply_action(actor=employer, vacancy_id=vacancy.pk, action="open")
    vacancy.refresh_from_db()
    assert vacancy.status == "draft"


def test_vacancy_validation_says_which_field() -> None:
    employer = employer_staff_of()
    with pytest.raises(DomainValidationError) as err:
        vacancy_create(actor=employer, data=vacancy_input(employer, languages={"fr": "Z9"}))
    assert err.value.field == "languages"
    with pytest.raises(DomainValidationError) as err:
        vacancy_create(actor=employer_staff_of(), data=vacancy_input(employer))
    assert err.value.field == "employer"
    with pytest.raises(DomainValidationError) as err:
        vacancy_create(actor=employer, data=vacancy_input(employer, sector="mining"))
    assert err.value.field == "sector"
    vacancy = vacancy_create(actor=employer, data=vacancy_input(employer, sector="ict"))
    assert vacancy.sector_id == "ict"


def test_pool_holds_only_consenting_people_and_no_identifiers() -> None:
    vacancy = open_vacancy()
    _user, inside = pool_candidate(n=1, family_name="Zerhouni")
    pool_candidate(n=2, destination="DE")  # consented to Germany only
    migrant_with_profile(phone="+212600000077", contact_email="none@example.org")  # no consent
    page = pool_search(vacancy=vacancy, params={})
    assert [c.pseudonym for c in page.cards] == [code_of(vacancy, inside)]
    card = page.cards[0]
    serialised = json.dumps(asdict(card), default=str)
    for secret in (
        "Zerhouni",
        "Candidate1",
        "candidate1@example.org",
        "+212610000001",
        "1998-04-12",
        inside.pseudonym,  # the global one: employers see codes of their own
    ):
        assert secret not in serialised
    assert card.age_band and card.skills and card.languages[0]["level"] == "B2"
    assert card.occupations[0]["years"] == pytest.approx(2.0, abs=0.1)


def test_withdrawing_pool_consent_removes_the_person_at_once() -> None:
    vacancy = open_vacancy()
    user, person = pool_candidate(n=3)
    assert pool_search(vacancy=vacancy, params={}).total == 1
    withdraw_pool_consent(user, person)
    assert pool_search(vacancy=vacancy, params={}).total == 0
    code = code_of(vacancy, person)
    with pytest.raises(DomainValidationError):
        shortlist_add(actor=creator(vacancy), vacancy_id=vacancy.pk, pseudonym=code)


def test_pool_filters() -> None:
    vacancy = open_vacancy()
    pool_candidate(n=4, skills=3)
    _u, few = pool_candidate(n=5, skills=1)
    skills = list(vacancy.essential_skills.values_list("pk", flat=True))
    page = pool_search(vacancy=vacancy, params={"skills": skills})
    assert code_of(vacancy, few) not in [c.pseudonym for c in page.cards]
    assert page.total == 1
    assert pool_search(vacancy=vacancy, params={"language": "de"}).total == 0
    assert pool_search(vacancy=vacancy, params={"occupation": "2512"}).total == 2
    assert pool_search(vacancy=vacancy, params={"isced": "7"}).total == 0


def test_staged_disclosure_reveals_identity_only_after_acceptance() -> None:
    vacancy = open_vacancy()
    employer = creator(vacancy)
    user, person = pool_candidate(n=6, family_name="Bennani")
    interest = shortlist_add(
        actor=employer, vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, person)
    )
    assert candidate_identity(interest) is None
    interest = interest_express(actor=employer, interest_id=interest.pk, message="Hello")
    assert candidate_identity(interest) is None
    with pytest.raises(PermissionDenied):
        interest_respond(actor=employer, interest_id=interest.pk, accept=True)
    interest = interest_respond(actor=user, interest_id=interest.pk, accept=True)
    identity = candidate_identity(interest)
    assert identity is not None and identity.family_name == "Bennani"
    # The consent names this employer only.
    grant = interest.identity_consent
    assert grant is not None
    assert grant.organisation_id == vacancy.employer_id
    consent_withdraw(actor=user, profile_id=person.pk, consent_id=grant.pk)
    interest.refresh_from_db()
    assert candidate_identity(interest) is None


def test_migrant_never_sees_the_shortlist_and_other_employers_get_404() -> None:
    vacancy = open_vacancy()
    user, person = pool_candidate(n=7)
    interest = shortlist_add(
        actor=creator(vacancy), vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, person)
    )
    with pytest.raises(Http404):
        interest_respond(actor=user, interest_id=interest.pk, accept=True)
    with pytest.raises(Http404):
        interest_express(actor=employer_staff_of(), interest_id=interest.pk)


def test_declined_interest_ends_the_pipeline() -> None:
    vacancy = open_vacancy()
    user, person = pool_candidate(n=8)
    interest = shortlist_add(
        actor=creator(vacancy), vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, person)
    )
    interest_express(actor=creator(vacancy), interest_id=interest.pk)
    interest_respond(actor=user, interest_id=interest.pk, accept=False)
    with pytest.raises(InvalidTransition):
        interest_apply_action(actor=creator(vacancy), interest_id=interest.pk, action="offer")


def test_hire_records_placement_fills_vacancy_and_becomes_the_trainee_outcome() -> None:
    setting = make_setting()
    cohort = make_cohort(setting)
    vacancy = open_vacancy(positions=1)
    user, person = pool_candidate(n=9)
    # The candidate also trained with the provider (who holds a counselling consent).
    consent_grant_for_provider(user, person.pk, setting.provider.pk)
    enrolment = enrol(setting, cohort, person, track="away")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="complete")
    interest, _user = interest_in(Interest.Status.HIRED, vacancy, candidate=(user, person))
    assert Placement.objects.get(interest=interest).country_id == "BE"
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"
    outcome = OutcomeFollowUp.objects.get(enrolment=enrolment)
    assert (outcome.months, outcome.status, outcome.country_id) == (3, "employed_destination", "BE")
    assert Interest.objects.get(pk=interest.pk).status == "hired"


def consent_grant_for_provider(user: User, profile_id: int, organisation_id: int) -> None:

    consent_grant(
        actor=user,
        profile_id=profile_id,
        data=ConsentInput(
            purpose=ConsentGrant.Purpose.COUNSELLING, organisation_id=organisation_id
        ),
    )


def test_cards_cost_a_fixed_number_of_queries() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = [pool_candidate(n=20 + i)[1].pk for i in range(6)]
    vacancy = open_vacancy()
    with CaptureQueriesContext(connection) as few:
        candidate_cards(ids[:2], vacancy=vacancy)
    with CaptureQueriesContext(connection) as many:
        assert len(candidate_cards(ids, vacancy=vacancy)) == 6
    assert len(many) == len(few)


def test_cards_are_made_only_for_people_in_the_vacancys_pool() -> None:
    vacancy = open_vacancy()
    _u, inside = pool_candidate(n=30)
    _u, elsewhere = pool_candidate(n=31, destination="DE")
    _u, no_consent = migrant_with_profile(phone="+212600000031")
    cards = candidate_cards([elsewhere.pk, inside.pk, no_consent.pk], vacancy=vacancy)
    assert [card.profile_id for card in cards] == [inside.pk]


def test_recognition_filter_covers_the_whole_pool_with_exact_paging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrants import selectors as migrant_selectors

    vacancy = open_vacancy()
    people = [pool_candidate(n=40 + i)[1] for i in range(5)]
    recognised = {p.pk for p in people[1::2]}
    monkeypatch.setattr(
        migrant_selectors,
        "RECOGNITION_STATUS_PROVIDERS",
        [lambda ids: {pid: "full" for pid in ids if pid in recognised}],
    )
    first = pool_search(vacancy=vacancy, params={"recognition": "full"}, page_size=1)
    assert first.total == 2 and first.cards[0].recognition == "full"
    second = pool_search(
        vacancy=vacancy, params={"recognition": "full", "after": first.next_after}, page_size=1
    )
    assert {first.cards[0].profile_id, second.cards[0].profile_id} == recognised
    assert second.next_after is None and second.total == 2
    assert pool_search(vacancy=vacancy, params={"recognition": "none"}).total == 3
