"""The employers API as its callers meet it: employers post vacancies, browse the pseudonymised
pool and run the pipeline; migrants answer; officers see counts only. Identity reaches an
employer only after the candidate accepted, and not after they withdrew that consent."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory
from employers.api.fields import RecognitionLevel
from employers.models import Interest, Vacancy
from employers.services import (
    interest_express,
    shortlist_add,
    vacancy_apply_action,
    vacancy_create,
)
from employers.tests.factories import (
    code_of,
    creator,
    developer_occupation,
    employer_staff_of,
    interest_in,
    member_employer_staff,
    open_vacancy,
    pool_candidate,
    pool_of_two,
    software_skills,
    vacancy_input,
    viewer_of,
    withdraw_pool_consent,
)
from employers.tests.test_lifecycles import VACANCY_MOVES
from migrants.models import ConsentGrant, MigrantProfile
from migrants.selectors import RECOGNITION_ORDER
from migrants.services import consent_withdraw
from migrants.tests.factories import document, qualification
from partnerships.tests.factories import government_officer_of, make_partnership
from taxonomy.models import Occupation
from tests.clients import ApiClientFor

pytestmark = pytest.mark.django_db

API = "/api/v1/employers"
IS = Interest.Status


def vacancy_body(**overrides: Any) -> dict[str, Any]:
    skills = software_skills(4)
    return {
        "title": "Junior software developer",
        "occupation": developer_occupation().pk,
        "essential_skills": skills[:3],
        "optional_skills": skills[3:],
        "languages": [{"language": "fr", "min_level": "B1"}],
        "min_isced_level": 4,
        "destination_country": "BE",
        "destination_city": "Brussels",
        "positions": 2,
        "wage_amount": "3200.00",
        "wage_currency": "EUR",
        "hours_per_week": 38,
        "starts_on": "2027-03-01",
        **overrides,
    }


# --- Vacancies --------------------------------------------------------------------------------
def test_employer_can_post_change_and_publish_a_vacancy(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    client = api_client_for(employer)
    created = client.post(f"{API}/vacancies/", vacancy_body(), format="json")
    assert created.status_code == 201, created.json()
    vacancy = created.json()
    assert vacancy["status"] == "draft"
    assert vacancy["languages"] == [{"language": "fr", "min_level": "B1"}]
    assert len(vacancy["essential_skills"]) == 3
    assert {a["name"] for a in vacancy["available_actions"]} == {"open", "close"}
    url = f"{API}/vacancies/{vacancy['id']}/"

    changed = client.put(url, vacancy_body(title="Backend developer", positions=3), format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["title"], changed.json()["positions"]) == ("Backend developer", 3)

    opened = client.post(f"{url}open/")
    assert opened.status_code == 200, opened.json()
    assert opened.json()["status"] == "open"
    assert {a["name"] for a in opened.json()["available_actions"]} == {
        "back_to_draft",
        "mark_filled",
        "close",
    }
    closed = client.post(f"{url}close/", {"reason": "Budget cut"}, format="json")
    assert (closed.json()["status"], closed.json()["close_reason"]) == ("closed", "Budget cut")
    assert closed.json()["available_actions"] == []


def test_vacancy_list_filters(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    open_vacancy(employer, title="Nurse for Liège")
    vacancy_create(actor=employer, data=vacancy_input(employer, title="Draft developer"))
    open_vacancy(employer, title="Developer in Germany", destination_country="DE")
    open_vacancy()  # another employer's
    client = api_client_for(employer)

    def titles(query: str) -> list[str]:
        response = client.get(f"{API}/vacancies/?{query}")
        assert response.status_code == 200, response.json()
        return sorted(row["title"] for row in response.json()["results"])

    assert len(titles("")) == 3
    assert titles("status=draft") == ["Draft developer"]
    assert titles("country=DE") == ["Developer in Germany"]
    assert titles("q=nurse") == ["Nurse for Liège"]
    assert client.get(f"{API}/vacancies/?status=pending").status_code == 400


def test_worker_paid_fees_cannot_be_published(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    client = api_client_for(employer)
    created = client.post(
        f"{API}/vacancies/", vacancy_body(fee_policy="worker_pays"), format="json"
    ).json()
    response = client.post(f"{API}/vacancies/{created['id']}/open/")
    assert response.status_code == 409
    assert "cannot be published" in response.json()["detail"]
    assert Vacancy.objects.get(pk=created["id"]).status == "draft"


def test_every_refused_vacancy_move_answers_409(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    draft = vacancy_create(actor=employer, data=vacancy_input(employer))
    opened = open_vacancy(employer)
    filled = open_vacancy(employer)
    vacancy_apply_action(actor=employer, vacancy_id=filled.pk, action="mark_filled")
    closed = open_vacancy(employer)
    vacancy_apply_action(actor=employer, vacancy_id=closed.pk, action="close", reason="x")
    client = api_client_for(employer)
    refused = 0
    for vacancy in (draft, opened, filled, closed):
        status = Vacancy.objects.get(pk=vacancy.pk).status
        for action, (sources, _target, _code) in VACANCY_MOVES.items():
            if status in sources:
                continue
            segment = action.replace("_", "-")
            response = client.post(
                f"{API}/vacancies/{vacancy.pk}/{segment}/", {"reason": "x"}, format="json"
            )
            assert response.status_code == 409, (status, action, response.json())
            assert response.json()["detail"]
            assert Vacancy.objects.get(pk=vacancy.pk).status == status
            refused += 1
    assert refused == 13  # draft 3, open 2, filled 3, closed 5
    response = client.put(f"{API}/vacancies/{closed.pk}/", vacancy_body(), format="json")
    assert response.status_code == 409


def test_vacancy_input_errors_name_the_field(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    client = api_client_for(employer)
    body = vacancy_body()
    del body["title"]
    response = client.post(f"{API}/vacancies/", body, format="json")
    assert response.status_code == 400
    assert "title" in response.json()
    response = client.post(f"{API}/vacancies/", vacancy_body(wage_period="week"), format="json")
    assert (response.status_code, list(response.json())) == (400, ["wage_period"])
    bad_level = vacancy_body(languages=[{"language": "fr", "min_level": "Z9"}])
    response = client.post(f"{API}/vacancies/", bad_level, format="json")
    assert (response.status_code, list(response.json())) == (400, ["languages"])
    # Rules of the service come back with the field they concern.
    response = client.post(f"{API}/vacancies/", vacancy_body(occupation=999999), format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "occupation"
    response = client.post(f"{API}/vacancies/", vacancy_body(hours_per_week=80), format="json")
    assert response.json()["field"] == "hours_per_week"
    vacancy = open_vacancy(employer)
    response = client.post(f"{API}/vacancies/{vacancy.pk}/close/", {}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["reason"])
    assert not Vacancy.objects.filter(title="").exists()


def test_employer_of_several_organisations_must_say_which(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    second = Organisation.objects.create(
        name="Second employer", kind=Organisation.Kind.EMPLOYER, country_id="BE"
    )
    MembershipFactory.create(user=employer, organisation=second)
    client = api_client_for(employer)
    response = client.post(f"{API}/vacancies/", vacancy_body(), format="json")
    assert (response.status_code, response.json()["field"]) == (400, "employer")
    response = client.post(f"{API}/vacancies/", vacancy_body(employer=second.pk), format="json")
    assert response.status_code == 201
    assert response.json()["employer"]["id"] == second.pk


def test_vacancy_list_query_count_is_constant(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    open_vacancy(employer)
    client = api_client_for(employer)
    client.get(f"{API}/vacancies/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{API}/vacancies/").status_code == 200
    for i in range(4):
        open_vacancy(employer, title=f"Developer {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{API}/vacancies/")
    assert response.json()["count"] == 5
    assert len(many) == len(few)


# --- Permissions ------------------------------------------------------------------------------
def _employer_urls(vacancy: Vacancy, interest: Interest, pseudonym: str) -> list[str]:
    v = f"{API}/vacancies/{vacancy.pk}"
    return [
        f"{v}/",
        f"{v}/pool/",
        f"{v}/pool/{pseudonym}/",
        f"{v}/saved-searches/",
        f"{v}/interests/",
        f"{API}/interests/{interest.pk}/",
        f"/api/v1/matching/vacancies/{vacancy.pk}/results/",
    ]


def _write_calls(vacancy: Vacancy, interest: Interest) -> list[tuple[str, str, dict[str, Any]]]:
    v = f"{API}/vacancies/{vacancy.pk}"
    i = f"{API}/interests/{interest.pk}"
    return [
        ("put", f"{v}/", vacancy_body()),
        ("post", f"{v}/back-to-draft/", {}),
        ("post", f"{v}/close/", {"reason": "x"}),
        ("post", f"{v}/shortlist/", {"pseudonym": "ABCDEF"}),
        ("post", f"{i}/express/", {"message": "Hi"}),
        ("post", f"{i}/withdraw/", {"reason": "x"}),
        ("post", f"{i}/hire/", {"starts_on": "2027-03-01"}),
        ("post", "/api/v1/matching/runs/", {"vacancy": vacancy.pk}),
    ]


def test_permission_matrix(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    candidate, person = pool_candidate(n=1)
    interest, _user = interest_in(IS.INTEREST_SENT, vacancy, n=2)
    reads = _employer_urls(vacancy, interest, code_of(vacancy, person))
    writes = _write_calls(vacancy, interest)

    anonymous = APIClient()
    for url in reads:
        assert anonymous.get(url).status_code == 401, url
    for method, url, body in writes:
        assert getattr(anonymous, method)(url, body, format="json").status_code == 401, url

    # The migrant whose interest it is, another migrant and an officer are not recruiters:
    # 403 everywhere, whatever the record; another employer learns nothing: 404.
    officer = government_officer_of("BE")
    for outsider, expected in ((_user, 403), (candidate, 403), (officer, 403)):
        client = api_client_for(outsider)
        for url in reads:
            assert client.get(url).status_code == expected, (outsider, url)
        for method, url, body in writes:
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code == expected, (outsider, url, response.status_code)
    client = api_client_for(employer_staff_of())
    for url in reads:
        assert client.get(url).status_code == 404, url
    for method, url, body in writes:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (url, response.status_code)

    # A viewer of the employer reads everything and changes nothing.
    viewer = api_client_for(viewer_of(vacancy))
    for url in reads:
        assert viewer.get(url).status_code == 200, url
    assert viewer.get(f"{API}/vacancies/{vacancy.pk}/").json()["available_actions"] == []
    assert viewer.get(f"{API}/interests/{interest.pk}/").json()["available_actions"] == []
    for method, url, body in writes:
        response = getattr(viewer, method)(url, body, format="json")
        assert response.status_code == 403, (url, response.status_code)
    assert viewer.post(f"{API}/vacancies/", vacancy_body(), format="json").status_code == 403
    vacancy.refresh_from_db()
    interest.refresh_from_db()
    assert (vacancy.status, interest.status) == ("open", IS.INTEREST_SENT)


def test_migrants_and_officers_cannot_post_vacancies(
    api_client_for: ApiClientFor, migrant: User
) -> None:
    for user in (migrant, government_officer_of("BE")):
        response = api_client_for(user).post(f"{API}/vacancies/", vacancy_body(), format="json")
        assert response.status_code == 403


def test_officers_see_only_their_partnerships_figures(api_client_for: ApiClientFor) -> None:
    officer = government_officer_of("BE")
    partnership = make_partnership(officer, status="active")
    employer = member_employer_staff(partnership, officer)
    vacancy = open_vacancy(employer, partnership_id=partnership.pk, positions=3)
    open_vacancy(employer)  # outside the partnership
    interest_in(IS.HIRED, vacancy, n=1)
    interest_in(IS.ACCEPTED, vacancy, n=2)
    interest_in(IS.SHORTLISTED, vacancy, n=3)
    url = f"{API}/partnerships/{partnership.pk}/figures/"
    response = api_client_for(officer).get(url)
    assert response.status_code == 200
    assert response.json() == {
        "partnership": partnership.pk,
        "open_vacancies": 1,
        "positions": 3,
        "interests": 2,
        "accepted": 2,
        "placements": 1,
        "placements_by_year": [{"year": 2027, "placements": 1}],
    }
    assert api_client_for(government_officer_of("DE")).get(url).status_code == 404
    # Figures are for officers: not for migrants, nor for the partnership's employers.
    assert api_client_for(pool_candidate(n=9)[0]).get(url).status_code == 403
    assert api_client_for(employer).get(url).status_code == 403
    # Officers see no vacancy, pool or pipeline.
    officer_client = api_client_for(officer)
    assert officer_client.get(f"{API}/vacancies/").status_code == 403
    assert officer_client.get(f"{API}/vacancies/{vacancy.pk}/pool/").status_code == 403
    assert officer_client.get(f"{API}/placements/").status_code == 403


# --- The pool ---------------------------------------------------------------------------------
def test_pool_filters_and_card(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    _u, full = pool_candidate(n=1, skills=3)
    _u, few = pool_candidate(n=2, skills=1)
    _u, elsewhere = pool_candidate(n=3, destination="DE")  # another country's pool
    client = api_client_for(creator(vacancy))
    url = f"{API}/vacancies/{vacancy.pk}/pool/"
    page = client.get(url).json()
    assert page["count"] == 2
    assert page["next"] is None
    assert [c["pseudonym"] for c in page["results"]] == [
        code_of(vacancy, full),
        code_of(vacancy, few),
    ]  # in the order they joined, under the employer's codes
    card = next(c for c in page["results"] if c["pseudonym"] == code_of(vacancy, full))
    assert card["languages"] == [{"code": "fr", "name": "French", "level": "B2"}]
    assert card["isced_level"] == 6
    assert card["in_pipeline"] is None
    assert "profile_id" not in card
    skills = software_skills(3)
    query = "&".join(f"skills={s}" for s in skills)
    filtered = client.get(f"{url}?{query}").json()
    assert [c["pseudonym"] for c in filtered["results"]] == [code_of(vacancy, full)]
    assert client.get(f"{url}?language=de").json()["count"] == 0
    assert client.get(f"{url}?occupation=2512&isced=6").json()["count"] == 2
    for bad in ("isced=12", "language_level=Z9", "occupation=dev", "recognition=maybe"):
        response = client.get(f"{url}?{bad}")
        assert response.status_code == 400, bad
        assert list(response.json()) == [bad.split("=")[0]]
    one = client.get(f"{url}{code_of(vacancy, full).lower()}/")
    assert one.status_code == 200
    assert one.json()["pseudonym"] == code_of(vacancy, full)
    assert client.get(f"{url}NOSUCH1/").status_code == 404
    # A well-formed code of someone outside this pool (another country's) is not found either.
    assert client.get(f"{url}{code_of(vacancy, elsewhere)}/").status_code == 404


def test_the_pool_filters_only_on_what_its_cards_show(api_client_for: ApiClientFor) -> None:
    """The occupation filter also matches the occupations a candidate wants: the card shows
    them, so a filter never tells the employer something the card hides."""
    vacancy = open_vacancy()
    pool_candidate(n=1)
    _u, wants = pool_candidate(n=2)
    support = Occupation.objects.get(code="3512")
    wants.preferred_occupations.add(support)
    client = api_client_for(creator(vacancy))
    found = client.get(f"{API}/vacancies/{vacancy.pk}/pool/?occupation=3512").json()["results"]
    assert [c["pseudonym"] for c in found] == [code_of(vacancy, wants)]
    assert [o["code"] for o in found[0]["occupations"]] == ["2512"]  # worked as
    assert found[0]["wanted_occupations"] == [{"code": "3512", "label": support.title}]


def test_two_employers_see_unrelated_codes_for_one_candidate(
    api_client_for: ApiClientFor, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """One person in two employers' pools: each employer sees its own code, which is not the
    global pseudonym, and the other employer's code (or the global pseudonym) finds nobody, so
    the two cannot link what they know about the person."""
    user, person = pool_candidate(n=1)
    first, second = open_vacancy(), open_vacancy()
    clients = [api_client_for(creator(first)), api_client_for(creator(second))]
    codes = []
    for client, vacancy in zip(clients, (first, second), strict=True):
        results = client.get(f"{API}/vacancies/{vacancy.pk}/pool/").json()["results"]
        assert len(results) == 1
        codes.append(results[0]["pseudonym"])
    one, two = codes
    assert one != two, "two employers see the same code for one person"
    assert person.pseudonym not in codes, "an employer sees the global pseudonym"

    for client, vacancy, own, foreign in (
        (clients[0], first, one, two),
        (clients[1], second, two, one),
    ):
        pool = f"{API}/vacancies/{vacancy.pk}/pool/"
        for stranger in (foreign, person.pseudonym):
            assert client.get(f"{pool}{stranger}/").status_code == 404, stranger
            refused = client.post(
                f"{API}/vacancies/{vacancy.pk}/shortlist/", {"pseudonym": stranger}, format="json"
            )
            assert (refused.status_code, refused.json()["field"]) == (400, "pseudonym")
        assert client.get(f"{pool}{own.lower()}/").json()["pseudonym"] == own

    # The pipeline, its notifications and the placement speak the employer's code too.
    employer = clients[0]
    shortlisted = employer.post(
        f"{API}/vacancies/{first.pk}/shortlist/", {"pseudonym": one}, format="json"
    )
    assert shortlisted.status_code == 201, shortlisted.json()
    interest = shortlisted.json()
    assert (interest["pseudonym"], interest["candidate"]["pseudonym"]) == (one, one)
    url = f"{API}/interests/{interest['id']}/"
    employer.post(f"{url}express/", {"message": "Hello"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(user).post(f"{API}/me/interests/{interest['id']}/accept/")
    staff = creator(first)
    assert [n.title for n in staff.notifications.all()] == [f"{one} accepted your interest"]
    listed = employer.get(f"{API}/vacancies/{first.pk}/interests/").json()["results"]
    assert [i["pseudonym"] for i in listed] == [one]
    employer.post(f"{url}offer/")
    hired = employer.post(f"{url}hire/", {"starts_on": "2027-04-01"}, format="json")
    assert hired.json()["pseudonym"] == one
    placements = employer.get(f"{API}/placements/").json()["results"]
    assert [p["pseudonym"] for p in placements] == [one]


def test_pool_keyset_pagination_walks_every_candidate_once(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    people = [code_of(vacancy, pool_candidate(n=i)[1]) for i in range(5)]
    client = api_client_for(creator(vacancy))
    url: str | None = f"{API}/vacancies/{vacancy.pk}/pool/?page_size=2&language=fr"
    seen: list[str] = []
    pages = 0
    while url:
        page = client.get(url).json()
        assert page["count"] == 5
        seen += [c["pseudonym"] for c in page["results"]]
        url = page["next"]
        pages += 1
        if url:
            assert "language=fr" in url and f"after={seen[-1]}" in url
    assert pages == 3
    assert seen == people  # in the order they joined; the cursor is the employer's code
    bad = client.get(f"{API}/vacancies/{vacancy.pk}/pool/?after=C-AAAAAAAA")
    assert (bad.status_code, bad.json()["field"]) == (400, "after")


def test_pool_query_count_is_constant(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    pool_candidate(n=1)
    client = api_client_for(creator(vacancy))
    url = f"{API}/vacancies/{vacancy.pk}/pool/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 1
    for i in range(2, 7):
        _u, person = pool_candidate(n=i)
        if i % 2:
            code = code_of(vacancy, person)
            shortlist_add(actor=creator(vacancy), vacancy_id=vacancy.pk, pseudonym=code)
    with CaptureQueriesContext(connection) as many:
        results = client.get(url).json()["results"]
    assert len(results) == 6
    assert sum(1 for c in results if c["in_pipeline"]) == 2
    assert len(many) == len(few)


def test_saved_searches(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    employer = creator(vacancy)
    client = api_client_for(employer)
    url = f"{API}/vacancies/{vacancy.pk}/saved-searches/"
    body = {"name": "French speakers", "params": {"language": "fr", "available_by": "2027-06-01"}}
    created = client.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    search = created.json()
    assert search["params"] == {"language": "fr", "available_by": "2027-06-01"}
    assert "language=fr" in search["pool_url"]
    assert client.get(search["pool_url"]).status_code == 200
    assert [s["name"] for s in client.get(url).json()] == ["French speakers"]
    bad = client.post(url, {"name": "x", "params": {"isced": 99}}, format="json")
    assert bad.status_code == 400
    assert client.post(url, {"params": {}}, format="json").status_code == 400
    # Someone else's saved search is not found.
    colleague = MembershipFactory.create(organisation=vacancy.employer).user
    assert api_client_for(colleague).get(url).json() == []
    other = api_client_for(colleague).delete(f"{API}/saved-searches/{search['id']}/")
    assert other.status_code == 404
    assert client.delete(f"{API}/saved-searches/{search['id']}/").status_code == 204
    assert client.get(url).json() == []


# --- The pipeline -----------------------------------------------------------------------------
def test_shortlist_to_hire(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy(positions=1)
    employer = api_client_for(creator(vacancy))
    user, person = pool_candidate(n=1)
    candidate = api_client_for(user)

    shortlisted = employer.post(
        f"{API}/vacancies/{vacancy.pk}/shortlist/",
        {"pseudonym": code_of(vacancy, person).lower()},
        format="json",
    )
    assert shortlisted.status_code == 201, shortlisted.json()
    interest = shortlisted.json()
    url = f"{API}/interests/{interest['id']}/"
    assert interest["status"] == "shortlisted"
    assert interest["candidate"]["in_pipeline"]["id"] == interest["id"]
    assert {a["name"] for a in interest["available_actions"]} == {"express", "withdraw"}
    # A shortlist is the employer's private list: the candidate does not see it yet.
    assert candidate.get(f"{API}/me/interests/").json()["count"] == 0
    assert candidate.get(f"{API}/me/interests/{interest['id']}/").status_code == 404

    expressed = employer.post(f"{url}express/", {"message": "Come work with us"}, format="json")
    assert expressed.json()["status"] == "interest_sent"
    mine = candidate.get(f"{API}/me/interests/").json()["results"]
    assert [(m["id"], m["message"]) for m in mine] == [(interest["id"], "Come work with us")]
    assert mine[0]["vacancy"]["employer"]["id"] == vacancy.employer_id
    assert {a["name"] for a in mine[0]["available_actions"]} == {"accept", "decline"}
    # The employer cannot answer for the candidate.
    assert employer.post(f"{API}/me/interests/{interest['id']}/accept/").status_code == 403

    accepted = candidate.post(f"{API}/me/interests/{interest['id']}/accept/")
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["available_actions"]) == ("accepted", [])

    assert employer.post(f"{url}interview/").json()["status"] == "interview"
    assert employer.post(f"{url}offer/").json()["status"] == "offer"
    hired = employer.post(f"{url}hire/", {"starts_on": "2027-04-01"}, format="json")
    assert hired.status_code == 200, hired.json()
    assert (hired.json()["status"], hired.json()["available_actions"]) == ("hired", [])
    placement = hired.json()["placement"]
    assert (placement["country"], placement["starts_on"], placement["wage_amount"]) == (
        "BE",
        "2027-04-01",
        "3200.00",
    )
    assert placement["pseudonym"] == code_of(vacancy, person)
    detail = employer.get(url).json()
    assert detail["status"] == "hired"
    assert detail["placement"]["id"] == placement["id"]
    listed = employer.get(f"{API}/placements/").json()
    assert [p["id"] for p in listed["results"]] == [placement["id"]]
    assert employer.get(f"{API}/vacancies/{vacancy.pk}/").json()["status"] == "filled"
    assert api_client_for(employer_staff_of()).get(f"{API}/placements/").json()["count"] == 0


def test_candidate_can_decline(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    interest, user = interest_in(IS.INTEREST_SENT, vacancy, n=1)
    response = api_client_for(user).post(f"{API}/me/interests/{interest.pk}/decline/")
    assert response.json()["status"] == "declined"
    detail = api_client_for(creator(vacancy)).get(f"{API}/interests/{interest.pk}/").json()
    assert (detail["status"], detail["identity"], detail["available_actions"]) == (
        "declined",
        None,
        [],
    )


def test_shortlist_errors(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy()
    _u, person = pool_candidate(n=1)
    _u, elsewhere = pool_candidate(n=2, destination="DE")
    client = api_client_for(creator(vacancy))
    url = f"{API}/vacancies/{vacancy.pk}/shortlist/"
    assert list(client.post(url, {}, format="json").json()) == ["pseudonym"]
    response = client.post(url, {"pseudonym": code_of(vacancy, elsewhere)}, format="json")
    assert (response.status_code, response.json()["field"]) == (400, "pseudonym")
    code = code_of(vacancy, person)
    assert client.post(url, {"pseudonym": code}, format="json").status_code == 201
    again = client.post(url, {"pseudonym": code}, format="json")
    assert (again.status_code, again.json()["field"]) == (400, "pseudonym")
    vacancy_apply_action(actor=creator(vacancy), vacancy_id=vacancy.pk, action="mark_filled")
    _u, late = pool_candidate(n=3)
    refused = client.post(url, {"pseudonym": code_of(vacancy, late)}, format="json")
    assert refused.status_code == 409
    hire = client.post(f"{API}/interests/{Interest.objects.get().pk}/hire/", {}, format="json")
    assert list(hire.json()) == ["starts_on"]


EMPLOYER_MOVES: dict[str, tuple[str, dict[str, Any]]] = {
    "express": (IS.INTEREST_SENT, {"message": "Hello"}),
    "interview": (IS.INTERVIEW, {}),
    "offer": (IS.OFFER, {}),
    "not-selected": (IS.NOT_SELECTED, {"reason": "Another candidate"}),
    "withdraw": (IS.WITHDRAWN, {"reason": "Position cancelled"}),
    "hire": (IS.HIRED, {"starts_on": "2027-03-01"}),
}


def test_every_refused_interest_move_answers_409(api_client_for: ApiClientFor) -> None:
    vacancy = open_vacancy(positions=50)
    employer = api_client_for(creator(vacancy))
    refused = 0
    for n, status in enumerate(IS.values):
        interest, user = interest_in(status, vacancy, n=n)
        for segment, (target, body) in EMPLOYER_MOVES.items():
            if interest.can_become(target):
                continue
            response = employer.post(
                f"{API}/interests/{interest.pk}/{segment}/", body, format="json"
            )
            assert response.status_code == 409, (status, segment, response.json())
            assert response.json()["detail"]
            refused += 1
        if status != IS.SHORTLISTED and status != IS.INTEREST_SENT:
            candidate = api_client_for(user)
            for answer in ("accept", "decline"):
                response = candidate.post(f"{API}/me/interests/{interest.pk}/{answer}/")
                assert response.status_code == 409, (status, answer)
                refused += 1
        assert Interest.objects.get(pk=interest.pk).status == status
    assert refused == 57  # 43 employer moves, 14 answers


def test_interest_list_and_migrant_list_query_counts_are_constant(
    api_client_for: ApiClientFor,
) -> None:
    vacancy = open_vacancy(positions=50)
    other = open_vacancy(title="Second vacancy")
    _i, user = interest_in(IS.HIRED, vacancy, n=1)  # one row in each list to start with
    profile = MigrantProfile.objects.get(user=user)
    employer = api_client_for(creator(vacancy))
    candidate = api_client_for(user)
    lists = (
        (employer, f"{API}/vacancies/{vacancy.pk}/interests/"),
        (candidate, f"{API}/me/interests/"),
        (employer, f"{API}/placements/"),
    )
    few = []
    for client, url in lists:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        few.append(len(queries))
    for n, status in enumerate([IS.ACCEPTED, IS.HIRED, IS.OFFER, IS.SHORTLISTED], start=2):
        interest_in(status, vacancy, n=n)
    code = code_of(other, profile)
    interest = shortlist_add(actor=creator(other), vacancy_id=other.pk, pseudonym=code)
    interest_express(actor=creator(other), interest_id=interest.pk)
    many = []
    for client, url in lists:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        many.append(len(queries))
    assert employer.get(lists[0][1]).json()["count"] == 5
    assert candidate.get(lists[1][1]).json()["count"] == 2
    assert employer.get(lists[2][1]).json()["count"] == 2
    assert few == many


# --- Disclosure -------------------------------------------------------------------------------
def _secrets(user: User, person: MigrantProfile, document_name: str) -> list[str]:
    person.refresh_from_db()
    assert person.date_of_birth is not None
    return [
        person.given_names,
        person.family_name,
        person.contact_email,
        user.email,
        person.phone,
        person.phone.lstrip("+"),
        person.date_of_birth.isoformat(),
        person.date_of_birth.strftime("%d/%m/%Y"),
        document_name,
        person.pseudonym,  # global: it would link the person across employers
    ]


def test_no_identifier_reaches_an_employer_before_acceptance(
    api_client_for: ApiClientFor,
    commit: Callable[..., Any],
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    vacancy = open_vacancy(positions=5)
    employer_user = creator(vacancy)
    user, person = pool_candidate(
        n=42,
        given_names="Zoubaydaq",
        family_name="Quenzarix",
        contact_email="zoubaydaq.quenzarix@example.org",
        phone="+212698765431",
        date_of_birth=date(1997, 11, 23),
    )
    diploma = qualification(
        user,
        person,
        title="Diplôme de technicien",
        institution="OFPPT",
        country="MA",
        isced_level=5,
    )
    scan = document(
        user,
        diploma,
        "quenzarix-passport-scan.pdf",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    )
    secrets = [*_secrets(user, person, scan.original_name), scan.file.name]
    employer = api_client_for(employer_user)
    commit(employer.post, "/api/v1/matching/runs/", {"vacancy": vacancy.pk}, format="json")

    def walk(*urls: str) -> list[Any]:
        bodies = []
        for url in urls:
            response = employer.get(url)
            assert response.status_code == 200, (url, response.status_code)
            bodies.append(response.json())
        return bodies

    v = f"{API}/vacancies/{vacancy.pk}"
    common = (
        f"{API}/vacancies/",
        f"{v}/",
        f"{v}/pool/",
        f"{v}/pool/?q=software",
        f"{v}/pool/{code_of(vacancy, person)}/",
        f"{v}/saved-searches/",
        f"{v}/interests/",
        f"{API}/placements/",
        f"/api/v1/matching/vacancies/{vacancy.pk}/results/",
    )
    results = walk(common[-1])[0]["results"]
    assert [r["pseudonym"] for r in results] == [code_of(vacancy, person)]  # the run published
    seen: list[Any] = walk(*common)

    code = code_of(vacancy, person)
    shortlisted = employer.post(f"{v}/shortlist/", {"pseudonym": code}, format="json")
    interest_url = f"{API}/interests/{shortlisted.json()['id']}/"
    seen += [shortlisted.json(), *walk(*common, interest_url)]
    expressed = employer.post(f"{interest_url}express/", {"message": "Hello"}, format="json")
    seen += [expressed.json(), *walk(*common, interest_url)]
    run = commit(employer.post, "/api/v1/matching/runs/", {"vacancy": vacancy.pk}, format="json")
    seen += [run.json(), *walk(run.json()["url"])]

    serialised = json.dumps(seen, ensure_ascii=False)
    assert code in serialised  # the walk did see the candidate
    for secret in secrets:
        assert secret and secret not in serialised, secret
    assert all(body.get("identity") is None for body in seen if isinstance(body, dict))

    # Acceptance discloses the identity to this employer, in the interest only.
    api_client_for(user).post(f"{API}/me/interests/{shortlisted.json()['id']}/accept/")
    identity = employer.get(interest_url).json()["identity"]
    assert identity == {
        "given_names": "Zoubaydaq",
        "family_name": "Quenzarix",
        "email": "zoubaydaq.quenzarix@example.org",
        "phone": "+212698765431",
    }
    after = json.dumps(walk(*common), ensure_ascii=False)
    assert "Quenzarix" not in after
    # Another employer's staff member never sees it.
    assert api_client_for(employer_staff_of()).get(interest_url).status_code == 404

    # Withdrawing the consent the acceptance granted hides it again at once.
    grant = person.consents.get(
        purpose=ConsentGrant.Purpose.EMPLOYER_IDENTITY, withdrawn_at__isnull=True
    )
    consent_withdraw(actor=user, profile_id=person.pk, consent_id=grant.pk)
    detail = employer.get(interest_url).json()
    assert detail["identity"] is None
    assert detail["status"] == "accepted"
    assert "Quenzarix" not in json.dumps(detail)


def test_withdrawn_pool_consent_removes_the_candidate_at_once(
    api_client_for: ApiClientFor, commit: Callable[..., Any]
) -> None:
    vacancy, user, person = pool_of_two()
    code = code_of(vacancy, person)
    interest = shortlist_add(actor=creator(vacancy), vacancy_id=vacancy.pk, pseudonym=code)
    employer = api_client_for(creator(vacancy))
    commit(employer.post, "/api/v1/matching/runs/", {"vacancy": vacancy.pk}, format="json")
    pool_url = f"{API}/vacancies/{vacancy.pk}/pool/"
    results_url = f"/api/v1/matching/vacancies/{vacancy.pk}/results/"
    assert code in json.dumps(employer.get(pool_url).json())
    assert code in json.dumps(employer.get(results_url).json()["results"])

    withdraw_pool_consent(user, person)  # no rematch ran
    pool = employer.get(pool_url).json()
    assert pool["count"] == 1
    assert code not in json.dumps(pool)
    assert code not in json.dumps(employer.get(results_url).json()["results"])
    assert employer.get(f"{pool_url}{code}/").status_code == 404
    detail = employer.get(f"{API}/interests/{interest.pk}/").json()
    assert detail["candidate"] is None
    express = employer.post(f"{API}/interests/{interest.pk}/express/", {}, format="json")
    assert express.status_code == 409


def test_recognition_filter_choices_follow_the_migrants_app() -> None:
    assert list(RecognitionLevel.values) == RECOGNITION_ORDER


def test_a_vacancy_names_its_sector_from_the_shared_list(api_client_for: ApiClientFor) -> None:
    employer = employer_staff_of()
    client = api_client_for(employer)
    created = client.post(f"{API}/vacancies/", vacancy_body(sector="ict"), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["sector"] == "ict"
    open_vacancy(employer, title="Without a sector")
    listed = client.get(f"{API}/vacancies/?sector=ict").json()["results"]
    assert [row["title"] for row in listed] == ["Junior software developer"]
    assert [row["sector"] for row in client.get(f"{API}/vacancies/").json()["results"]] == [
        None,
        "ict",
    ]
    refused = client.post(f"{API}/vacancies/", vacancy_body(sector="mining"), format="json")
    assert (refused.status_code, list(refused.json())) == (400, ["sector"])
    cleared = client.put(
        f"{API}/vacancies/{created.json()['id']}/", vacancy_body(sector=None), format="json"
    )
    assert cleared.json()["sector"] is None
