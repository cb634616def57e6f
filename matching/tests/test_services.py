"""Match runs through the services (Celery runs eagerly here; see tests/test_celery_worker.py
for real workers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.models import User
from accounts.tests.factories import UserFactory
from employers.tests.factories import (
    code_of,
    creator,
    open_vacancy,
    pool_candidate,
    software_skills,
    withdraw_pool_consent,
)
from matching import engine
from matching.inputs import build_inputs, open_vacancy_ids
from matching.internal import chunk_execute, runs_resume_stalled
from matching.models import Match, MatchChunk, MatchResult, MatchRun
from matching.selectors import ranked_candidates, vacancies_for_migrant
from matching.services import full_rematch_start, vacancy_rematch_start
from migrants.services import skill_set

pytestmark = pytest.mark.django_db


def _admin() -> User:
    return UserFactory.create(is_staff=True, is_superuser=True)


def _published(vacancy_id: int) -> list[tuple[int, int]]:
    return list(
        Match.objects.filter(vacancy_id=vacancy_id)
        .order_by("rank")
        .values_list("rank", "profile_id")
    )


def test_full_run_publishes_the_engines_ranking(commit: Callable[..., Any]) -> None:
    first = open_vacancy()
    second = open_vacancy(title="Senior developer", min_isced_level=7)
    people = [pool_candidate(n=i, skills=i % 4)[1] for i in range(6)]
    Match.objects.all().delete()  # incremental rematches ran while building
    run = commit(full_rematch_start, actor=_admin())
    run.refresh_from_db()
    assert (run.status, run.chunks_total, run.chunks_done) == ("succeeded", 1, 1)
    inputs = build_inputs(vacancy_ids=open_vacancy_ids())
    expected = engine.top_k(inputs.candidates, inputs.vacancies, k=50)
    for row, vacancy_id in enumerate(inputs.vacancy_ids):
        candidates, _scores = expected.row(row)
        assert [pid for _rank, pid in _published(vacancy_id)] == [
            inputs.profile_ids[int(c)] for c in candidates
        ]
    assert len(_published(first.pk)) == len(people) == len(_published(second.pk))
    assert MatchResult.objects.count() == 0  # staging emptied on publish
    best = _published(first.pk)[0][1]
    assert best in {p.pk for p in people[3::4]}  # one of those with all essential skills


def test_a_chunk_delivered_twice_changes_nothing(commit: Callable[..., Any]) -> None:
    vacancy = open_vacancy()
    for i in range(3):
        pool_candidate(n=i)
    run = commit(vacancy_rematch_start, actor=creator(vacancy), vacancy_id=vacancy.pk)
    before = _published(vacancy.pk)
    chunk = MatchChunk.objects.get(run=run)
    chunk_execute(chunk.pk)  # redelivery after success
    assert _published(vacancy.pk) == before
    assert Match.objects.filter(vacancy=vacancy).count() == 3


def test_a_run_whose_messages_were_lost_is_sent_again_once_stalled(
    commit: Callable[..., Any], settings: Settings
) -> None:
    """A broker restarted without persistence forgets the run's chunks: the beat's sweep sends
    them again once the run has shown no progress for SMP_STALLED_JOB_SECONDS."""
    settings.SMP_STALLED_JOB_SECONDS = 60
    open_vacancy()
    pool_candidate()
    run = full_rematch_start(actor=_admin())  # its chunks' messages never leave (lost)
    assert commit(runs_resume_stalled) == 0  # too early: maybe only waiting in the queue
    later = timezone.now() + timedelta(seconds=61)
    assert commit(runs_resume_stalled, now=later) == 1
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    assert commit(runs_resume_stalled, now=later) == 0  # a finished run is left alone


def test_withdrawn_consent_leaves_rankings_at_once_and_skills_change_reranks(
    commit: Callable[..., Any],
) -> None:
    vacancy = open_vacancy()
    user, weak = pool_candidate(n=1, skills=1)
    _u2, strong = pool_candidate(n=2, skills=3)
    commit(vacancy_rematch_start, actor=creator(vacancy), vacancy_id=vacancy.pk)
    page = ranked_candidates(user=creator(vacancy), vacancy_id=vacancy.pk)
    assert [r.card.pseudonym for r in page.rows] == [
        code_of(vacancy, strong),
        code_of(vacancy, weak),
    ]
    assert page.rows[1].why is not None and len(page.rows[1].why.missing_skills) == 2
    # Adding the missing skills queues an incremental rematch of just that profile.
    for skill_id in software_skills(4):
        commit(skill_set, actor=user, profile_id=weak.pk, skill_id=skill_id, proficiency="expert")
    page = ranked_candidates(user=creator(vacancy), vacancy_id=vacancy.pk)
    assert page.rows[0].card.pseudonym == code_of(vacancy, weak)
    # Read-time consent check: no rematch needed (its callbacks are not run here).
    withdraw_pool_consent(user, weak)
    page = ranked_candidates(user=creator(vacancy), vacancy_id=vacancy.pk)
    assert [r.card.pseudonym for r in page.rows] == [code_of(vacancy, strong)]
    assert vacancies_for_migrant(user=user) == []


def test_migrant_sees_the_vacancies_they_fit_with_their_skill_gap(
    commit: Callable[..., Any],
) -> None:
    vacancy = open_vacancy()
    user, _person = pool_candidate(n=3, skills=2)
    commit(vacancy_rematch_start, actor=creator(vacancy), vacancy_id=vacancy.pk)
    fits = vacancies_for_migrant(user=user)
    assert [f.vacancy.pk for f in fits] == [vacancy.pk]
    assert fits[0].why is not None
    assert [s["id"] for s in fits[0].why.missing_skills] == software_skills(3)[2:3]


def test_closing_a_vacancy_drops_its_ranking(commit: Callable[..., Any]) -> None:
    from employers.services import vacancy_apply_action

    vacancy = open_vacancy()
    pool_candidate(n=4)
    commit(vacancy_rematch_start, actor=creator(vacancy), vacancy_id=vacancy.pk)
    assert Match.objects.filter(vacancy=vacancy).exists()
    commit(
        vacancy_apply_action,
        actor=creator(vacancy),
        vacancy_id=vacancy.pk,
        action="close",
        reason="Budget",
    )
    assert not Match.objects.filter(vacancy=vacancy).exists()
    assert MatchRun.objects.filter(vacancy=vacancy).exists()
