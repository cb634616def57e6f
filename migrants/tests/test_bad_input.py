"""Ordinary bad input in a profile's entries is refused with the field named, never a 500: an
ISCED level or ISCED-F field that does not exist, an impossible year."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from migrants.models import Education, Qualification
from migrants.tests.factories import migrant_with_profile
from tests.clients import ApiClientFor, ClientFor

pytestmark = pytest.mark.django_db
ME = "/api/v1/migrants/me/"

EDUCATION = {"isced_level": 3, "institution": "Lycée Ibn Sina", "country": "MA"}
QUALIFICATION = {"title": "BSc Nursing", "institution": "UST", "country": "PH", "isced_level": 6}

# (entry, field, bad value): each one a 500 before.
BAD_ENTRIES = [
    ("education", "isced_level", 9),
    ("education", "isced_level", -1),
    ("education", "field_code", "zz"),
    ("education", "field_code", "0913"),
    ("education", "start_year", -5),
    ("education", "start_year", 99999),
    ("education", "end_year", 0),
    ("qualifications", "isced_level", 9),
    ("qualifications", "field_code", "zz"),
    ("qualifications", "field_code", "0913"),
]
BODIES = {"education": EDUCATION, "qualifications": QUALIFICATION}
MODELS: dict[str, type[Education] | type[Qualification]] = {
    "education": Education,
    "qualifications": Qualification,
}


def _named_field(response: Any) -> str:
    body = response.json()
    return str(body["field"]) if "field" in body else next(iter(body))


@pytest.mark.parametrize(("entry", "field", "value"), BAD_ENTRIES)
def test_migrant_gets_a_400_naming_the_field_for_a_bad_entry_api(
    entry: str, field: str, value: Any, api_client_for: ApiClientFor
) -> None:
    user, profile = migrant_with_profile()
    response = api_client_for(user).post(
        f"{ME}{entry}/", {**BODIES[entry], field: value}, format="json"
    )
    assert response.status_code == 400, response.content
    assert _named_field(response) == field
    assert not MODELS[entry].objects.filter(profile=profile).exists()


@pytest.mark.parametrize(("entry", "field", "value"), BAD_ENTRIES)
def test_migrant_sees_the_field_refused_for_a_bad_entry_html(
    entry: str, field: str, value: Any, client_for: ClientFor
) -> None:
    user, profile = migrant_with_profile()
    url = reverse("migrants:own-step", args=[entry])
    response = client_for(user).post(url, {**BODIES[entry], field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MODELS[entry].objects.filter(profile=profile).exists()


def test_a_known_isced_field_and_plausible_years_are_accepted(
    api_client_for: ApiClientFor,
) -> None:
    user, profile = migrant_with_profile()
    body = {**EDUCATION, "field_code": "091", "start_year": 2012, "end_year": 2015}
    response = api_client_for(user).post(f"{ME}education/", body, format="json")
    assert response.status_code == 201, response.content
    entry = profile.education.get()
    assert (entry.field_id, entry.start_year, entry.end_year) == ("091", 2012, 2015)
