"""Demo employers: open vacancies in every seed corridor, a published ranking the demo employer
sees, a pipeline with a hire, and an interest the demo migrant has to answer; seeded once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from accounts.models import Notification, Organisation, User
from audit.models import AuditEvent
from core.demo import AMINA
from core.errors import InvalidTransition
from demo import seeding
from demo.tests.support import row_counts
from employers import demo as employers_demo
from employers.models import Interest, Placement, Vacancy
from employers.selectors import candidate_identity, interests_for_migrant
from employers.services import interest_respond, vacancy_apply_action
from matching.models import Match, MatchRun
from matching.selectors import ranked_candidates, vacancies_for_migrant
from migrants.models import ConsentGrant, MigrantProfile
from partnerships.models import PartnershipMember

pytestmark = pytest.mark.django_db
IS = Interest.Status
EMPLOYER = "employer@demo.example.org"


# What seeding again must not add to.
COUNTED = (
    Vacancy,
    Interest,
    Placement,
    MatchRun,
    Match,
    ConsentGrant,
    PartnershipMember,
    User,
    Organisation,
    Notification,
    AuditEvent,
)


def _seed_layers_below() -> None:
    # What the employers build on; the full `seed_demo` chain runs in the other apps' tests.
    seeding.seed("accounts", "partnerships", "migrants", "training")


@pytest.fixture
def seeded() -> None:
    _seed_layers_below()
    seeding.seed("employers")


def test_seeding_again_creates_nothing_and_only_the_demo_migrant_was_notified(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Any]]],
) -> None:
    _seed_layers_below()
    # As in `make run`: the incremental rematches and chunk tasks run once each step commits.
    with django_capture_on_commit_callbacks(execute=True):
        seeding.seed("employers")
    counts = row_counts(*COUNTED)

    with django_capture_on_commit_callbacks(execute=True):
        seeding.seed("employers")

    assert row_counts(*COUNTED) == counts
    assert counts["Vacancy"] == len(employers_demo.VACANCIES)
    notified = set(Notification.objects.values_list("user__email", flat=True))
    assert notified == {AMINA}


def test_every_corridor_has_open_vacancies_and_the_worker_pays_draft_cannot_be_opened(
    seeded: None,
) -> None:
    open_vacancies = Vacancy.objects.filter(status=Vacancy.Status.OPEN).select_related(
        "occupation", "employer"
    )
    corridors = {(v.destination_country_id, v.occupation.isco_code[:2]) for v in open_vacancies}
    assert {("BE", "25"), ("LT", "25"), ("DE", "22"), ("KR", "71")} <= corridors
    assert {("ES", "92"), ("CA", "92")} <= corridors  # crop farm labourers
    assert not open_vacancies.exclude(fee_policy=Vacancy.FeePolicy.EMPLOYER_PAYS).exists()
    for vacancy in open_vacancies:
        assert vacancy.essential_skills.exists(), vacancy.title
        assert vacancy.languages.exists(), vacancy.title
        if vacancy.partnership_id is not None:
            assert vacancy.partnership.members.filter(  # type: ignore[union-attr]
                organisation=vacancy.employer, role=PartnershipMember.Role.EMPLOYER
            ).exists(), vacancy.title
    # The employers of the demo partnerships recruit through them.
    in_partnerships = open_vacancies.exclude(partnership=None)
    assert set(in_partnerships.values_list("destination_country_id", flat=True)) == {
        "BE",
        "LT",
        "DE",
        "CA",
    }

    draft = Vacancy.objects.get(title=employers_demo.WORKER_PAYS_DRAFT)
    owner = User.objects.get(email=EMPLOYER)
    assert draft.fee_policy == Vacancy.FeePolicy.WORKER_PAYS
    with pytest.raises(InvalidTransition, match="worker pay"):
        vacancy_apply_action(actor=owner, vacancy_id=draft.pk, action="open")
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT
    assert not Match.objects.filter(vacancy=draft).exists()


def test_the_demo_employer_sees_ranked_candidates_and_its_hiring_pipeline(seeded: None) -> None:
    owner = User.objects.get(email=EMPLOYER)
    run = MatchRun.objects.get(kind=MatchRun.Kind.FULL)
    assert run.status == MatchRun.Status.SUCCEEDED and run.results > 0
    open_ids = set(Vacancy.objects.filter(status="open").values_list("pk", flat=True))
    assert set(Match.objects.values_list("vacancy_id", flat=True)) == open_ids

    python = Vacancy.objects.get(
        title=employers_demo.PYTHON_DEVELOPER, employer__memberships__user=owner
    )
    page = ranked_candidates(user=owner, vacancy_id=python.pk)
    assert len(page.rows) >= 10
    assert [row.rank for row in page.rows] == list(range(1, len(page.rows) + 1))
    assert all(row.why is not None for row in page.rows)  # explained: matched and missing skills

    interests = Interest.objects.filter(vacancy__employer__memberships__user=owner)
    statuses = list(interests.values_list("status", flat=True))
    assert {IS.SHORTLISTED, IS.INTEREST_SENT, IS.ACCEPTED, IS.DECLINED, IS.HIRED} <= set(statuses)
    assert statuses.count(IS.HIRED) == 1
    placement = Placement.objects.get(vacancy__employer__memberships__user=owner)
    assert (placement.country_id, placement.occupation_id) == ("BE", python.occupation_id)
    # Identity only where the candidate accepted.
    for interest in interests:
        identity = candidate_identity(interest)
        assert (identity is not None) == (interest.status in (IS.ACCEPTED, IS.HIRED))
    # The pipeline works down the ranking: the best candidate who can answer is hired.
    answerable = (
        Match.objects.filter(vacancy=python, profile__user__isnull=False)
        .exclude(profile__user__email=AMINA)
        .order_by("rank")
        .values_list("profile_id", flat=True)
    )
    assert interests.get(status=IS.HIRED).profile_id == answerable[0]


def test_the_demo_migrant_has_an_interest_to_answer_and_vacancies_she_fits(seeded: None) -> None:
    amina = User.objects.get(email=AMINA)
    profile = MigrantProfile.objects.get(user=amina)

    waiting = interests_for_migrant(profile=profile).filter(status=IS.INTEREST_SENT)
    assert [i.vacancy.employer.name for i in waiting] == ["Brussels Software House (demo)"]
    fitting = vacancies_for_migrant(user=amina)
    assert employers_demo.PYTHON_DEVELOPER in {f.vacancy.title for f in fitting}
    assert all(f.why is not None for f in fitting)

    accepted = interest_respond(actor=amina, interest_id=waiting[0].pk, accept=True)
    assert candidate_identity(accepted) is not None
