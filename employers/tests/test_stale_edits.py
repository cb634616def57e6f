"""Stale edits are refused: two recruiters of one employer open the same vacancy, one saves, and
the other's save (made from the older copy) is refused instead of silently undoing the first
one's change, through the API (ETag / If-Match, 412) and on the edit form (its hidden version,
the editor's input kept on the page)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import MembershipFactory
from audit.models import AuditEvent
from employers.models import Vacancy
from employers.tests.factories import creator, employer_staff_of, open_vacancy
from employers.tests.test_api import vacancy_body
from employers.tests.test_views import _vacancy_form
from tests.clients import ApiClientFor, ClientFor, page_text

pytestmark = pytest.mark.django_db

STALE_MESSAGE = "Someone else changed this vacancy after you opened it"


@pytest.fixture
def vacancy() -> Vacancy:
    return open_vacancy()


@pytest.fixture
def recruiter(vacancy: Vacancy) -> User:
    return creator(vacancy)


@pytest.fixture
def colleague(vacancy: Vacancy) -> User:
    """A second recruiter of the same employer, editing the same vacancy."""
    return MembershipFactory.create(organisation=vacancy.employer).user


def api_url(vacancy: Vacancy) -> str:
    return f"/api/v1/employers/vacancies/{vacancy.pk}/"


def updates(vacancy: Vacancy) -> int:
    return AuditEvent.objects.for_target(vacancy).filter(action="employers.vacancy.updated").count()


def page_form(editor: User, **overrides: str) -> dict[str, object]:
    """The edit form as posted (the employer is fixed once the vacancy exists)."""
    data = _vacancy_form(editor, **overrides)
    del data["employer"]
    return data


def test_a_put_from_an_older_etag_is_refused_with_412_and_changes_nothing(
    vacancy: Vacancy, recruiter: User, colleague: User, api_client_for: ApiClientFor
) -> None:
    mine, theirs = api_client_for(recruiter), api_client_for(colleague)
    etag = mine.get(api_url(vacancy))["ETag"]
    assert re.fullmatch(r'"\d+"', etag)

    first = theirs.put(api_url(vacancy), vacancy_body(title="Their title"), HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.json()
    assert first["ETag"] != etag  # the saved version has a new tag

    stale = mine.put(api_url(vacancy), vacancy_body(destination_city="Ghent"), HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale.json()["code"] == "stale"
    assert STALE_MESSAGE in stale.json()["detail"]
    vacancy.refresh_from_db()
    assert vacancy.title == "Their title"
    assert vacancy.destination_city != "Ghent"
    assert updates(vacancy) == 1

    # Having read the current version, the same change goes through.
    again = mine.put(
        api_url(vacancy),
        vacancy_body(title="Their title", destination_city="Ghent"),
        HTTP_IF_MATCH=first["ETag"],
    )
    assert again.status_code == 200
    assert again.json()["title"] == "Their title"
    assert again.json()["destination_city"] == "Ghent"
    assert again["ETag"] not in (etag, first["ETag"])


@pytest.mark.parametrize(
    ("if_match", "status"), [(None, 200), ("*", 200), ('W/"1"', 412), ("garbage", 412)]
)
def test_if_match_is_optional_and_compared_strongly(
    vacancy: Vacancy,
    recruiter: User,
    api_client_for: ApiClientFor,
    if_match: str | None,
    status: int,
) -> None:
    headers = {} if if_match is None else {"If-Match": if_match}

    response = api_client_for(recruiter).put(
        api_url(vacancy), vacancy_body(title="New"), headers=headers
    )

    assert response.status_code == status
    vacancy.refresh_from_db()
    assert (vacancy.title == "New") is (status == 200)


def test_the_schema_documents_the_etag_and_the_412(api_client_for: ApiClientFor) -> None:
    schema = api_client_for(employer_staff_of()).get("/api/schema/?format=json").json()
    item = schema["paths"]["/api/v1/employers/vacancies/{id}/"]
    assert "412" in item["put"]["responses"]
    assert "If-Match" in [p["name"] for p in item["put"]["parameters"]]
    assert "ETag" in item["put"]["responses"]["200"]["headers"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]


def test_a_form_saved_over_a_newer_version_is_refused_and_keeps_the_input(
    vacancy: Vacancy, recruiter: User, colleague: User, client_for: ClientFor
) -> None:
    edit = reverse("employers:vacancy-edit", args=[vacancy.pk])
    mine, theirs = client_for(recruiter), client_for(colleague)
    opened = mine.get(edit)
    my_version = opened.context["form"]["version"].value()
    assert f'<input type="hidden" name="version" value="{my_version}"' in page_text(opened)
    their_version = theirs.get(edit).context["form"]["version"].value()
    assert my_version == their_version

    saved = theirs.post(edit, page_form(colleague, title="Their title", version=their_version))
    assert saved.status_code == 302

    stale = mine.post(edit, page_form(recruiter, title="My title", version=my_version))

    assert stale.status_code == 400
    body = page_text(stale)
    assert STALE_MESSAGE in body
    assert 'value="My title"' in body  # nothing typed is lost
    vacancy.refresh_from_db()
    assert vacancy.title == "Their title"
    assert updates(vacancy) == 1

    # Saving again from the page now shown is a deliberate choice over their version.
    current = stale.context["form"]["version"].value()
    assert current != my_version
    again = mine.post(edit, page_form(recruiter, title="My title", version=current))
    assert again.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "My title"
