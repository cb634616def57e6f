"""Stale edits are refused: two officers open the same partnership, one saves, and the other's
save (made from the older copy) is refused instead of silently undoing the first one's change,
through the API (ETag / If-Match, 412) and on the edit form (its hidden version, the editor's
input kept on the page)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import MembershipFactory
from audit.models import AuditEvent
from partnerships.models import Partnership
from partnerships.tests.factories import government_officer_of, make_partnership
from partnerships.tests.test_views import _create_form
from tests.clients import ApiClientFor, ClientFor, page_text

pytestmark = pytest.mark.django_db

STALE_MESSAGE = "Someone else changed this partnership after you opened it"


@pytest.fixture
def officer() -> User:
    return government_officer_of()


@pytest.fixture
def colleague(officer: User) -> User:
    """A second officer of the same government, editing the same partnership."""
    return MembershipFactory.create(organisation=officer.memberships.get().organisation).user


def api_url(partnership: Partnership) -> str:
    return f"/api/v1/partnerships/{partnership.pk}/"


def updates(partnership: Partnership) -> int:
    return (
        AuditEvent.objects.for_target(partnership)
        .filter(action="partnerships.partnership.updated")
        .count()
    )


def test_a_patch_from_an_older_etag_is_refused_with_412_and_changes_nothing(
    officer: User, colleague: User, api_client_for: ApiClientFor
) -> None:
    partnership = make_partnership(officer)
    mine, theirs = api_client_for(officer), api_client_for(colleague)
    etag = mine.get(api_url(partnership))["ETag"]
    assert re.fullmatch(r'"\d+"', etag)

    first = theirs.patch(api_url(partnership), {"title": "Their title"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.json()
    assert first["ETag"] != etag  # the saved version has a new tag

    stale = mine.patch(api_url(partnership), {"summary": "My summary"}, HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale.json()["code"] == "stale"
    assert STALE_MESSAGE in stale.json()["detail"]
    partnership.refresh_from_db()
    assert partnership.title == "Their title"
    assert partnership.summary != "My summary"
    assert updates(partnership) == 1

    # Having read the current version, the same change goes through.
    again = mine.patch(api_url(partnership), {"summary": "My summary"}, HTTP_IF_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["title"] == "Their title"
    assert again.json()["summary"] == "My summary"


@pytest.mark.parametrize(
    ("if_match", "status"), [(None, 200), ("*", 200), ('W/"1"', 412), ("garbage", 412)]
)
def test_if_match_is_optional_and_compared_strongly(
    officer: User, api_client_for: ApiClientFor, if_match: str | None, status: int
) -> None:
    partnership = make_partnership(officer)
    headers = {} if if_match is None else {"If-Match": if_match}

    response = api_client_for(officer).patch(
        api_url(partnership), {"title": "New"}, headers=headers
    )

    assert response.status_code == status


def test_the_schema_documents_the_etag_and_the_412(api_client_for: ApiClientFor) -> None:
    schema = api_client_for(government_officer_of()).get("/api/schema/?format=json").json()
    item = schema["paths"]["/api/v1/partnerships/{id}/"]
    assert "412" in item["patch"]["responses"]
    assert "If-Match" in [p["name"] for p in item["patch"]["parameters"]]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]


def test_a_form_saved_over_a_newer_version_is_refused_and_keeps_the_input(
    officer: User, colleague: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    edit = reverse("partnerships:edit", args=[partnership.pk])
    mine, theirs = client_for(officer), client_for(colleague)
    my_version = mine.get(edit).context["form"]["version"].value()
    their_version = theirs.get(edit).context["form"]["version"].value()
    assert my_version == their_version

    saved = theirs.post(edit, _create_form(title="Their title", version=their_version))
    assert saved.status_code == 302

    stale = mine.post(edit, _create_form(title="My title", version=my_version))

    assert stale.status_code == 200
    body = page_text(stale)
    assert STALE_MESSAGE in body
    assert 'value="My title"' in body  # nothing typed is lost
    partnership.refresh_from_db()
    assert partnership.title == "Their title"
    assert updates(partnership) == 1

    # Saving again from the page now shown is a deliberate choice over their version.
    current = stale.context["form"]["version"].value()
    assert current != my_version
    again = mine.post(edit, _create_form(title="My title", version=current))
    assert again.status_code == 302
    partnership.refresh_from_db()
    assert partnership.title == "My title"
