"""The ranked candidates page and "Jobs for me", as employers and migrants use them: the progress
bar while a run works, the ranking with its explanations, and what never appears on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import User
from employers.models import Vacancy
from employers.services import vacancy_apply_action
from employers.tests.factories import (
    code_of,
    creator,
    employer_staff_of,
    open_vacancy,
    pool_candidate,
    viewer_of,
    withdraw_pool_consent,
)
from matching.internal import chunk_execute
from matching.models import Match, MatchChunk, MatchRun
from matching.services import vacancy_rematch_start
from migrants.models import MigrantProfile
from tests.clients import ClientFor, page_text, queries_to_get
from training.tests.factories import make_setting

pytestmark = pytest.mark.django_db
BIRTH = date(1995, 11, 4)


def _matches_url(vacancy: Vacancy) -> str:
    return reverse("matching:vacancy-matches", args=[vacancy.pk])


def _ranked(commit: Callable[..., Any], vacancy: Vacancy) -> None:
    commit(vacancy_rematch_start, actor=creator(vacancy), vacancy_id=vacancy.pk)


def _named(n: int = 5, **profile: Any) -> tuple[User, MigrantProfile]:
    return pool_candidate(
        n=n,
        given_names="Yassine",
        family_name="Benkirane",
        date_of_birth=BIRTH,
        phone="+212699887766",
        contact_email="yassine.b@example.org",
        **profile,
    )


# --- Permissions ------------------------------------------------------------------------------
def test_matches_page_permission_matrix(client_for: ClientFor) -> None:
    vacancy = open_vacancy()
    viewer = viewer_of(vacancy)
    migrant, _profile = pool_candidate(n=1)
    url = _matches_url(vacancy)
    users = [creator(vacancy), viewer, employer_staff_of(), migrant]
    assert [client_for(u).get(url).status_code for u in users] == [200, 200, 404, 403]
    assert Client().get(url)["Location"].startswith(reverse("account_login"))
    run = reverse("matching:vacancy-run", args=[vacancy.pk])
    assert client_for(viewer).post(run).status_code == 403
    assert client_for(employer_staff_of()).post(run).status_code == 404
    assert client_for(migrant).post(run).status_code == 403
    assert client_for(creator(vacancy)).get(run).status_code == 405
    assert not MatchRun.objects.filter(vacancy=vacancy, requested_by__isnull=False).exists()
    assert f'action="{run}"' not in page_text(client_for(viewer).get(url))
    assert f'action="{run}"' in page_text(client_for(creator(vacancy)).get(url))


# --- Runs and progress ------------------------------------------------------------------------
def test_progress_bar_polls_while_queued_and_the_ranking_replaces_it(
    client_for: ClientFor,
) -> None:
    vacancy = open_vacancy()
    _user, person = pool_candidate(n=1)
    client = client_for(creator(vacancy))
    # Without the after-commit callbacks the chunk task is never sent: the run stays queued.
    response = client.post(reverse("matching:vacancy-run", args=[vacancy.pk]), follow=True)
    assert "Matching started" in page_text(response)
    run = MatchRun.objects.filter(vacancy=vacancy).latest("created_at")
    assert run.status == MatchRun.Status.QUEUED
    page = page_text(client.get(_matches_url(vacancy)))
    assert "<progress" in page and 'hx-trigger="every 2s"' in page
    partial = page_text(client.get(_matches_url(vacancy), HTTP_HX_REQUEST="true"))
    assert "<html" not in partial
    assert 'id="matches-body"' in partial and 'hx-trigger="every 2s"' in partial
    assert "Matching is queued" in partial and "0 of 1 parts done" in partial
    assert code_of(vacancy, person) not in partial
    chunk_execute(MatchChunk.objects.get(run=run).pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    done = page_text(client.get(_matches_url(vacancy), HTTP_HX_REQUEST="true"))
    assert "every 2s" not in done and "<progress" not in done
    assert code_of(vacancy, person) in done and "#1" in done


def test_run_refused_for_a_vacancy_that_is_not_open(
    client_for: ClientFor, commit: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    vacancy_apply_action(actor=creator(vacancy), vacancy_id=vacancy.pk, action="back_to_draft")
    client = client_for(creator(vacancy))
    body = page_text(client.get(_matches_url(vacancy)))
    run = reverse("matching:vacancy-run", args=[vacancy.pk])
    assert f'action="{run}"' not in body and "Only an open vacancy is matched." in body
    response = client.post(run, follow=True)
    assert '<p class="message message--error">Only an open vacancy is matched.</p>' in page_text(
        response
    )
    assert not MatchRun.objects.filter(vacancy=vacancy, requested_by__isnull=False).exists()


# --- The ranking ------------------------------------------------------------------------------
def test_ranking_shows_score_breakdown_skill_gap_and_training(
    client_for: ClientFor, commit: Callable[..., Any]
) -> None:
    setting = make_setting()  # a published programme teaching the vacancy's three skills
    vacancy = open_vacancy()
    _full_user, full = pool_candidate(n=1, skills=3)
    _gap_user, gap = pool_candidate(n=2, skills=2)
    _ranked(commit, vacancy)
    body = page_text(client_for(creator(vacancy)).get(_matches_url(vacancy)))
    assert body.index(code_of(vacancy, full)) < body.index(code_of(vacancy, gap))
    assert "% match" in body and "Score breakdown" in body
    assert "Essential skills" in body and "Occupation:" in body
    assert "Skill gap: missing essential skills" in body
    assert "None: every essential skill is there." in body
    assert setting.programme.title in body  # suggested for the one missing a skill
    assert body.count('action="' + reverse("employers:shortlist", args=[vacancy.pk])) == 2


def test_ranking_never_shows_identity_and_drops_a_withdrawn_consent_at_once(
    client_for: ClientFor, commit: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    user, person = _named()
    _ranked(commit, vacancy)
    client = client_for(creator(vacancy))
    url = _matches_url(vacancy)
    body = page_text(client.get(url))
    assert code_of(vacancy, person) in body
    spellings = [BIRTH.isoformat(), BIRTH.strftime("%d/%m/%Y")]
    for language in ("en", "fr", "de", "ar"):
        with translation.override(language):
            spellings += [
                formats.date_format(BIRTH, "DATE_FORMAT"),
                formats.date_format(BIRTH, "SHORT_DATE_FORMAT"),
            ]
    for identifier in (
        "Yassine",
        "Benkirane",
        "yassine.b@example.org",
        user.email,
        "+212699887766",
        "212699887766",
        person.pseudonym,  # global: it would link the person across employers
        *spellings,
    ):
        assert identifier.lower() not in body.lower(), identifier
    withdraw_pool_consent(user, person)
    assert Match.objects.filter(vacancy=vacancy, profile=person).exists()  # no rematch yet
    body = page_text(client.get(url))
    assert code_of(vacancy, person) not in body
    assert "No ranked candidates yet." in body


def test_shortlisting_from_the_ranking_returns_to_it(
    client_for: ClientFor, commit: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    _user, person = pool_candidate(n=1)
    _ranked(commit, vacancy)
    client = client_for(creator(vacancy))
    url = _matches_url(vacancy)
    response = client.post(
        reverse("employers:shortlist", args=[vacancy.pk]),
        {"pseudonym": code_of(vacancy, person), "next": url},
    )
    assert response["Location"] == url
    body = page_text(client.get(url))
    assert "In your pipeline" in body
    assert 'action="' + reverse("employers:shortlist", args=[vacancy.pk]) not in body


def test_ranking_pages_continue_after_the_last_rank(
    client_for: ClientFor, commit: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from matching import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    vacancy = open_vacancy()
    people = [pool_candidate(n=i)[1] for i in range(3)]
    _ranked(commit, vacancy)
    ranked = list(Match.objects.filter(vacancy=vacancy).order_by("rank"))
    client = client_for(creator(vacancy))
    first = page_text(client.get(_matches_url(vacancy)))
    assert "?after=2" in first
    second = page_text(client.get(_matches_url(vacancy), {"after": "2"}))
    last = next(p for p in people if p.pk == ranked[2].profile_id)
    assert code_of(vacancy, last) in second and "First page" in second
    assert all(code_of(vacancy, p) not in second for p in people if p.pk != ranked[2].profile_id)


def test_matches_query_count_does_not_grow_with_candidates(
    client_for: ClientFor, commit: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    client = client_for(creator(vacancy))
    for i in range(2):
        pool_candidate(n=i, skills=2 + i % 2)
    _ranked(commit, vacancy)
    few = queries_to_get(client, _matches_url(vacancy))
    for i in range(2, 6):
        pool_candidate(n=i, skills=2 + i % 2)
    _ranked(commit, vacancy)
    assert Match.objects.filter(vacancy=vacancy).count() == 6
    assert queries_to_get(client, _matches_url(vacancy)) == few


# --- Jobs for me ------------------------------------------------------------------------------
def test_migrant_sees_the_jobs_they_fit_with_gap_and_training(
    client_for: ClientFor, commit: Callable[..., Any]
) -> None:
    setting = make_setting()
    vacancy = open_vacancy()
    user, _person = pool_candidate(n=1, skills=2)
    _ranked(commit, vacancy)
    body = page_text(client_for(user).get(reverse("matching:my-matches")))
    assert vacancy.title in body and vacancy.employer.name in body
    assert "% match" in body
    assert "Skill gap: missing essential skills" in body
    assert setting.programme.title in body


def test_jobs_for_me_empty_states(client_for: ClientFor) -> None:
    user, _person = pool_candidate(n=1)
    body = page_text(client_for(user).get(reverse("matching:my-matches")))
    assert "No matching jobs yet." in body
    assert reverse("migrants:own-step", args=["consents"]) in body
