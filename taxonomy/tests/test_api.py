from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from tests.clients import ApiClientFor

pytestmark = pytest.mark.django_db
OCCUPATIONS = "/api/v1/taxonomy/occupations/"
SKILLS = "/api/v1/taxonomy/skills/"


@pytest.fixture
def client(migrant: User, api_client_for: ApiClientFor) -> APIClient:
    return api_client_for(migrant)


def test_reference_data_needs_a_signed_in_user() -> None:
    assert APIClient().get(OCCUPATIONS).status_code == 401
    assert APIClient().get(SKILLS).status_code == 401


def test_sectors_are_listed_by_code_in_list_order(client: APIClient) -> None:
    rows = client.get("/api/v1/taxonomy/sectors/").json()
    assert [r["code"] for r in rows][:2] == ["health_care", "ict"]
    assert rows[0] == {"code": "health_care", "label": "Health and care", "rank": 1}
    assert APIClient().get("/api/v1/taxonomy/sectors/").status_code == 401


def test_occupations_filter_by_level_and_parent(client: APIClient) -> None:
    rows = client.get(OCCUPATIONS, {"level": "4", "parent": "222"}).json()["results"]
    assert [(r["code"], r["title"]) for r in rows] == [
        ("2221", "Nursing professionals"),
        ("2222", "Midwifery professionals"),
    ]
    assert {r["parent_code"] for r in rows} == {"222"}


def test_occupation_search_by_title_words_in_any_order(client: APIClient) -> None:
    codes = {
        r["code"] for r in client.get(OCCUPATIONS, {"q": "professionals nursing"}).json()["results"]
    }
    assert "2221" in codes
    assert "2222" not in codes


def test_occupation_search_by_code_prefix(client: APIClient) -> None:
    codes = [
        r["code"]
        for r in client.get(OCCUPATIONS, {"q": "722", "page_size": "200"}).json()["results"]
    ]
    assert codes and all(code.startswith("722") for code in codes)


def test_skill_search_matches_alternative_labels(client: APIClient) -> None:
    labels = [r["preferred_label"] for r in client.get(SKILLS, {"q": "gtaw"}).json()["results"]]
    assert labels == ["perform tungsten inert gas welding"]


def test_skill_filter_by_sector_collection_and_type(client: APIClient) -> None:
    rows = client.get(SKILLS, {"collection": "starter-health_care", "page_size": "200"}).json()[
        "results"
    ]
    assert len(rows) >= 20
    assert {r["sector"] for r in rows} == {"health_care"}
    knowledge = client.get(SKILLS, {"skill_type": "knowledge", "page_size": "200"}).json()[
        "results"
    ]
    assert knowledge and {r["skill_type"] for r in knowledge} == {"knowledge"}


def test_cursor_pages_walk_the_whole_list_without_overlap(client: APIClient) -> None:
    seen: list[int] = []
    url: str | None = f"{OCCUPATIONS}?level=4&page_size=100"
    while url:
        body = client.get(url).json()
        seen.extend(r["id"] for r in body["results"])
        url = body["next"]
    assert len(seen) == len(set(seen)) == 436


def test_page_size_is_capped(client: APIClient) -> None:
    assert len(client.get(SKILLS, {"page_size": "10000"}).json()["results"]) == 200


def test_small_reference_lists_are_complete(client: APIClient) -> None:
    assert len(client.get("/api/v1/taxonomy/cefr-levels/").json()) == 6
    levels = client.get("/api/v1/taxonomy/isced-levels/").json()
    assert levels[6] == {
        "level": 6,
        "title": "Bachelor's or equivalent level",
        "skill_level": "high",
    }
    assert any(c["code"] == "PH" for c in client.get("/api/v1/taxonomy/countries/").json())
