"""Stale edits are refused: a person and the counsellor they gave counselling consent to open the
same profile, one saves, and the other's save (made from the older copy) is refused instead of
silently undoing the first one's change, through the API (ETag / If-Match, 412, on ``/me/`` and
on ``/profiles/{id}/``) and on the profile's pages (their hidden version, the editor's input
kept on the page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from core.versions import version_of
from migrants.models import MigrantProfile
from migrants.tests.factories import counsellor, grant, migrant_with_profile, organisation_of
from tests.clients import ApiClientFor, ClientFor, page_text

pytestmark = pytest.mark.django_db

STALE_MESSAGE = "Someone else changed this profile after you opened it"
ME, BY_ID = "person", "counsellor"  # who edits, each their own way in


class Editors:
    """The person (through ``/me/`` and their own pages) and a counsellor of an organisation
    they gave counselling consent to (through the profile's id)."""

    def __init__(self) -> None:
        self.person, self.profile = migrant_with_profile()
        self.counsellor = counsellor()
        organisation = organisation_of(self.counsellor).pk
        grant(self.person, self.profile, "counselling", organisation_id=organisation)

    def user(self, who: str) -> User:
        return self.person if who == ME else self.counsellor

    def api_url(self, who: str) -> str:
        return (
            "/api/v1/migrants/me/" if who == ME else f"/api/v1/migrants/profiles/{self.profile.pk}/"
        )

    def page_url(self, who: str, step: str = "identity") -> str:
        if who == ME:
            return reverse("migrants:own-step", args=[step])
        return reverse("migrants:step", args=[self.profile.pk, step])

    def given_names(self) -> str:
        self.profile.refresh_from_db()
        return self.profile.given_names

    def updates(self) -> int:
        events = AuditEvent.objects.for_target(self.profile)
        return events.filter(action="migrants.profile.updated").count()


@pytest.fixture
def editors() -> Editors:
    return Editors()


def other(who: str) -> str:
    return BY_ID if who == ME else ME


def identity(given_names: str, version: str) -> dict[str, Any]:
    """The identity page as posted."""
    return {
        "given_names": given_names,
        "family_name": "Haddad",
        "date_of_birth": "1998-04-12",
        "sex": MigrantProfile.Sex.FEMALE,
        "nationality": "MA",
        "version": version,
    }


@pytest.mark.parametrize("stale_editor", [ME, BY_ID])
def test_a_patch_from_an_older_etag_is_refused_with_412_and_changes_nothing(
    editors: Editors, api_client_for: ApiClientFor, stale_editor: str
) -> None:
    first_editor = other(stale_editor)
    mine = api_client_for(editors.user(stale_editor))
    theirs = api_client_for(editors.user(first_editor))
    etag = mine.get(editors.api_url(stale_editor))["ETag"]
    assert re.fullmatch(r'"\d+"', etag)
    assert theirs.get(editors.api_url(first_editor))["ETag"] == etag  # one record, one version

    first = theirs.patch(
        editors.api_url(first_editor), {"given_names": "Theirs"}, HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200, first.json()
    assert first["ETag"] != etag  # the saved version has a new tag

    stale = mine.patch(
        editors.api_url(stale_editor),
        {"given_names": "Mine", "phone": "+212600000001"},
        HTTP_IF_MATCH=etag,
    )

    assert stale.status_code == 412
    assert stale.json()["code"] == "stale"
    assert STALE_MESSAGE in stale.json()["detail"]
    assert editors.given_names() == "Theirs"
    assert editors.profile.phone != "+212600000001"
    assert editors.updates() == 1

    # Having read the current version, the change goes through.
    again = mine.patch(
        editors.api_url(stale_editor), {"phone": "+212600000001"}, HTTP_IF_MATCH=first["ETag"]
    )
    assert again.status_code == 200, again.json()
    assert again.json()["given_names"] == "Theirs"
    assert again.json()["phone"] == "+212600000001"


@pytest.mark.parametrize("who", [ME, BY_ID])
@pytest.mark.parametrize(("if_match", "status"), [(None, 200), ('W/"1"', 412), ("garbage", 412)])
def test_if_match_is_optional_and_compared_strongly(
    editors: Editors, api_client_for: ApiClientFor, who: str, if_match: str | None, status: int
) -> None:
    headers = {} if if_match is None else {"If-Match": if_match}

    response = api_client_for(editors.user(who)).patch(
        editors.api_url(who), {"given_names": "New"}, headers=headers
    )

    assert response.status_code == status
    assert (editors.given_names() == "New") is (status == 200)


@pytest.mark.parametrize("path", ["/api/v1/migrants/me/", "/api/v1/migrants/profiles/{id}/"])
def test_the_schema_documents_the_etag_and_the_412(api_client_for: ApiClientFor, path: str) -> None:
    schema = api_client_for(counsellor()).get("/api/schema/?format=json").json()
    item = schema["paths"][path]
    assert "412" in item["patch"]["responses"]
    assert "If-Match" in [p["name"] for p in item["patch"]["parameters"]]
    assert "ETag" in item["patch"]["responses"]["200"]["headers"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]


@pytest.mark.parametrize("who", [ME, BY_ID])
@pytest.mark.parametrize("step", ["identity", "contact", "migration"])
def test_each_personal_details_page_carries_the_profile_version(
    editors: Editors, client_for: ClientFor, who: str, step: str
) -> None:
    page = page_text(client_for(editors.user(who)).get(editors.page_url(who, step)))

    version = version_of(editors.profile)
    assert f'<input type="hidden" name="version" value="{version}"' in page


@pytest.mark.parametrize("stale_editor", [ME, BY_ID])
def test_a_page_saved_over_a_newer_version_is_refused_and_keeps_the_input(
    editors: Editors, client_for: ClientFor, stale_editor: str
) -> None:
    first_editor = other(stale_editor)
    mine = client_for(editors.user(stale_editor))
    theirs = client_for(editors.user(first_editor))
    my_page, their_page = editors.page_url(stale_editor), editors.page_url(first_editor)
    my_version = mine.get(my_page).context["form"]["version"].value()
    their_version = theirs.get(their_page).context["form"]["version"].value()
    assert my_version == their_version

    saved = theirs.post(their_page, identity("Theirs", their_version))
    assert saved.status_code == 302

    stale = mine.post(my_page, identity("Mine", my_version))

    assert stale.status_code == 200
    body = page_text(stale)
    assert STALE_MESSAGE in body
    assert 'value="Mine"' in body  # nothing typed is lost
    assert editors.given_names() == "Theirs"
    assert editors.updates() == 1

    # Saving again from the page now shown is a deliberate choice over their version.
    current = stale.context["form"]["version"].value()
    assert current != my_version
    again = mine.post(my_page, identity("Mine", current))
    assert again.status_code == 302
    assert editors.given_names() == "Mine"
