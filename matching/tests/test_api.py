"""The matching API: an employer starts a run (202) and watches it, reads the pseudonymised
ranking with explanations; a migrant sees the vacancies they fit with their skill gap. Celery
runs eagerly here, and a run's chunks are sent after commit (see the ``commit`` fixture)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from employers.services import vacancy_create
from employers.tests.factories import (
    code_of,
    creator,
    employer_staff_of,
    open_vacancy,
    pool_candidate,
    pool_of_two,
    vacancy_input,
    viewer_of,
    withdraw_pool_consent,
)
from matching.models import Match, MatchRun
from tests.clients import ApiClientFor
from training.tests.factories import make_setting

pytestmark = pytest.mark.django_db

API = "/api/v1/matching"


def test_employer_starts_a_run_and_watches_it_finish(
    api_client_for: ApiClientFor, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    for i in range(3):
        pool_candidate(n=i, skills=i + 1)
    client = api_client_for(creator(vacancy))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = client.post(f"{API}/runs/", {"vacancy": vacancy.pk}, format="json")
        assert started.status_code == 202, started.json()
        run = started.json()
        assert started["Location"] == run["url"]
        # Answered before any worker ran: the run is queued, its chunks not sent yet.
        assert (run["status"], run["progress_percent"], run["chunks_done"]) == ("queued", 0, 0)
        assert run["kind"] == "vacancy"
        assert run["vacancy"] == vacancy.pk
    for callback in callbacks:  # the workers' turn
        callback()
    done = client.get(run["url"]).json()
    assert (done["status"], done["progress_percent"]) == ("succeeded", 100)
    assert (done["chunks_total"], done["chunks_done"]) == (1, 1)
    assert (done["candidates"], done["vacancies"], done["results"]) == (3, 1, 3)
    assert set(done["timings"]) >= {"build_s", "score_s", "write_s"}
    assert done["error"] == ""
    assert done["results_url"].endswith(f"/vacancies/{vacancy.pk}/results/")


def test_results_are_ranked_explained_and_pseudonymised(
    api_client_for: ApiClientFor, commit: Callable[..., Any]
) -> None:
    setting = make_setting()  # a published programme teaching the vacancy's first 3 skills
    vacancy = open_vacancy()
    people = [pool_candidate(n=i, skills=i + 1, family_name=f"Family{i}x")[1] for i in range(3)]
    client = api_client_for(creator(vacancy))
    commit(client.post, f"{API}/runs/", {"vacancy": vacancy.pk}, format="json")
    page = client.get(f"{API}/vacancies/{vacancy.pk}/results/").json()
    assert page["vacancy"] == vacancy.pk
    assert page["run"]["status"] == "succeeded"
    assert page["next"] is None
    rows = page["results"]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["pseudonym"] == code_of(vacancy, people[2])  # all three essential skills
    assert rows[0]["score"] > rows[-1]["score"]
    assert rows[0]["explanation"]["missing_skills"] == []
    weakest = rows[-1]
    assert weakest["pseudonym"] == code_of(vacancy, people[0])
    assert len(weakest["explanation"]["missing_skills"]) == 2
    assert [p["id"] for p in weakest["explanation"]["programmes"]] == [setting.programme.pk]
    assert weakest["explanation"]["occupation_match"] == "same_occupation"
    assert weakest["languages"][0]["level"] == "B2"  # the candidate card's fields
    assert "profile_id" not in weakest
    text = json.dumps(page)
    for person in people:
        assert person.family_name not in text
        assert person.contact_email not in text
        assert person.phone not in text
        assert person.pseudonym not in text  # global: employers see codes of their own


def test_ranking_shows_the_employers_own_code(
    api_client_for: ApiClientFor, client_for: Callable[[User], Any], commit: Callable[..., Any]
) -> None:
    """A ranked candidate carries the code its employer sees in the pool, on the API and the
    page; never the global pseudonym, and another employer ranks the same person under another
    code."""
    _user, person = pool_candidate(n=1)
    codes = []
    for vacancy in (open_vacancy(), open_vacancy()):
        employer = creator(vacancy)
        client = api_client_for(employer)
        commit(client.post, f"{API}/runs/", {"vacancy": vacancy.pk}, format="json")
        ranked = client.get(f"{API}/vacancies/{vacancy.pk}/results/").json()["results"]
        pool = client.get(f"/api/v1/employers/vacancies/{vacancy.pk}/pool/").json()["results"]
        assert [r["pseudonym"] for r in ranked] == [c["pseudonym"] for c in pool]
        code = ranked[0]["pseudonym"]
        assert code != person.pseudonym, "the ranking shows the global pseudonym"
        page = client_for(employer).get(reverse("matching:vacancy-matches", args=[vacancy.pk]))
        assert code in page.content.decode()
        assert person.pseudonym not in page.content.decode()
        codes.append(code)
    assert codes[0] != codes[1]


def test_results_keyset_pagination_and_constant_query_count(
    api_client_for: ApiClientFor, commit: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    client = api_client_for(creator(vacancy))
    url = f"{API}/vacancies/{vacancy.pk}/results/?page_size=50"
    pool_candidate(n=0)
    commit(client.post, f"{API}/runs/", {"vacancy": vacancy.pk}, format="json")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 1
    for i in range(1, 7):
        pool_candidate(n=i, skills=1 + i % 3)
    commit(client.post, f"{API}/runs/", {"vacancy": vacancy.pk}, format="json")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["results"]) == 7
    assert len(many) == len(few)

    next_url: str | None = f"{API}/vacancies/{vacancy.pk}/results/?page_size=3"
    ranks: list[int] = []
    while next_url:
        page = client.get(next_url).json()
        ranks += [r["rank"] for r in page["results"]]
        next_url = page["next"]
    assert ranks == list(range(1, 8))
    assert client.get(f"{API}/vacancies/{vacancy.pk}/results/?after=-1").status_code == 400


def test_withdrawn_pool_consent_leaves_the_ranking_at_once(
    api_client_for: ApiClientFor, commit: Callable[..., Any]
) -> None:
    vacancy, user, person = pool_of_two()
    client = api_client_for(creator(vacancy))
    commit(client.post, f"{API}/runs/", {"vacancy": vacancy.pk}, format="json")
    url = f"{API}/vacancies/{vacancy.pk}/results/"
    assert code_of(vacancy, person) in json.dumps(client.get(url).json())
    withdraw_pool_consent(user, person)
    assert Match.objects.filter(profile=person).exists()  # no rematch has run yet
    rows = client.get(url).json()["results"]
    assert len(rows) == 1
    assert code_of(vacancy, person) not in json.dumps(rows)
    assert api_client_for(user).get(f"{API}/me/matches/").json() == []


def test_run_input_errors_and_refusals(api_client_for: ApiClientFor, admin_user: User) -> None:
    vacancy = open_vacancy()
    employer = creator(vacancy)
    client = api_client_for(employer)
    assert list(client.post(f"{API}/runs/", {}, format="json").json()) == ["vacancy"]
    both = client.post(f"{API}/runs/", {"kind": "full", "vacancy": vacancy.pk}, format="json")
    assert list(both.json()) == ["vacancy"]
    bad_k = client.post(f"{API}/runs/", {"vacancy": vacancy.pk, "k": 0}, format="json")
    assert list(bad_k.json()) == ["k"]
    assert client.post(f"{API}/runs/", {"kind": "profile"}, format="json").status_code == 400
    # Only an open vacancy is matched.
    draft = vacancy_create(actor=employer, data=vacancy_input(employer))
    refused = client.post(f"{API}/runs/", {"vacancy": draft.pk}, format="json")
    assert refused.status_code == 409
    assert refused.json()["detail"]
    # A full rematch is for administrators.
    assert client.post(f"{API}/runs/", {"kind": "full"}, format="json").status_code == 403
    assert not MatchRun.objects.filter(kind="full").exists()
    full = api_client_for(admin_user).post(f"{API}/runs/", {"kind": "full"}, format="json")
    assert full.status_code == 202
    assert (full.json()["kind"], full.json()["results_url"]) == ("full", None)
    # Employers do not see the full run.
    assert client.get(full.json()["url"]).status_code == 404
    assert api_client_for(admin_user).get(full.json()["url"]).status_code == 200


def test_permission_matrix(api_client_for: ApiClientFor, migrant: User) -> None:
    vacancy = open_vacancy()
    run = api_client_for(creator(vacancy)).post(
        f"{API}/runs/", {"vacancy": vacancy.pk}, format="json"
    )
    run_url = run.json()["url"]
    results_url = f"{API}/vacancies/{vacancy.pk}/results/"
    start = (f"{API}/runs/", {"vacancy": vacancy.pk})
    anonymous = APIClient()
    for url in (run_url, results_url, f"{API}/me/matches/"):
        assert anonymous.get(url).status_code == 401
    assert anonymous.post(*start, format="json").status_code == 401
    candidate, _person = pool_candidate(n=1)
    # Migrants are neither recruiters nor administrators: 403 whatever the record.
    for outsider in (migrant, candidate):
        client = api_client_for(outsider)
        assert client.get(run_url).status_code == 403
        assert client.get(results_url).status_code == 403
        assert client.post(*start, format="json").status_code == 403
    # Another employer learns nothing of this vacancy.
    client = api_client_for(employer_staff_of())
    assert client.get(run_url).status_code == 404
    assert client.get(results_url).status_code == 404
    assert client.post(*start, format="json").status_code == 404
    viewer = viewer_of(vacancy)
    client = api_client_for(viewer)
    assert client.get(run_url).status_code == 200
    assert client.get(results_url).status_code == 200
    assert client.post(*start, format="json").status_code == 403


def test_migrant_sees_fitting_vacancies_with_skill_gap_and_training(
    api_client_for: ApiClientFor, commit: Callable[..., Any]
) -> None:
    setting = make_setting()
    vacancy = open_vacancy()
    open_vacancy(title="Elsewhere", destination_country="DE")  # not in the person's pool
    user, _person = pool_candidate(n=1, skills=1)
    commit(
        api_client_for(creator(vacancy)).post,
        f"{API}/runs/",
        {"vacancy": vacancy.pk},
        format="json",
    )
    matches = api_client_for(user).get(f"{API}/me/matches/").json()
    assert len(matches) == 1
    match = matches[0]
    assert match["vacancy"]["id"] == vacancy.pk
    assert match["vacancy"]["employer"]["id"] == vacancy.employer_id
    assert match["rank"] == 1
    gap = match["explanation"]["missing_skills"]
    assert len(gap) == 2
    assert [p["id"] for p in match["explanation"]["programmes"]] == [setting.programme.pk]
    # "Jobs for me" is for migrants.
    assert api_client_for(creator(vacancy)).get(f"{API}/me/matches/").status_code == 403
