"""Stale edits are refused: two staff members of a training provider open the same programme (or
cohort), one saves, and the other's save (made from the older copy) is refused instead of
silently undoing the first one's change, through the API (ETag / If-Match, 412) and on the edit
form (its hidden version, the editor's input kept on the page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import MembershipFactory
from audit.models import AuditEvent
from tests.clients import ApiClientFor, ClientFor, page_text
from training.models import Cohort, Programme
from training.tests.factories import Setting, make_cohort
from training.tests.test_api import cohort_body, programme_body
from training.tests.test_views import _programme_form

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Edited:
    """One kind of record the provider edits: how to find it, reach it and describe it with
    ``field`` (a text both editors change) set to a value."""

    name: str
    record: Callable[[Setting], Programme | Cohort]
    collection: str
    edit_route: str
    field: str
    api_body: Callable[[Setting, str], dict[str, Any]]
    page_form: Callable[[Setting, str], dict[str, Any]]

    def api_url(self, record: Programme | Cohort) -> str:
        return f"/api/v1/training/{self.collection}/{record.pk}/"

    def edit_url(self, record: Programme | Cohort) -> str:
        return reverse(self.edit_route, args=[record.pk])

    def value(self, record: Programme | Cohort) -> Any:
        record.refresh_from_db()
        return getattr(record, self.field)

    def updates(self, record: Programme | Cohort) -> int:
        action = f"training.{self.name}.updated"
        return AuditEvent.objects.for_target(record).filter(action=action).count()


def _programme_page(setting: Setting, title: str) -> dict[str, Any]:
    data = _programme_form(setting, title=title, tracks=Programme.Tracks.BOTH)
    del data["provider"]  # fixed once the programme exists
    return data


def _cohort_page(setting: Setting, city: str) -> dict[str, Any]:
    return {
        "code": "WEB-2027-01",
        "starts_on": "2027-01-10",
        "ends_on": "2027-06-30",
        "capacity": "20",
        "location_city": city,
        "location_country": "MA",
    }


PROGRAMME = Edited(
    name="programme",
    record=lambda setting: setting.programme,
    collection="programmes",
    edit_route="training:programme-edit",
    field="title",
    api_body=lambda setting, title: programme_body(title=title, partnership=setting.partnership.pk),
    page_form=_programme_page,
)
COHORT = Edited(
    name="cohort",
    record=make_cohort,
    collection="cohorts",
    edit_route="training:cohort-edit",
    field="location_city",
    api_body=lambda setting, city: cohort_body(setting, location_city=city),
    page_form=_cohort_page,
)
EDITED = pytest.mark.parametrize("edited", [PROGRAMME, COHORT], ids=lambda e: e.name)


@pytest.fixture
def colleague(setting: Setting) -> User:
    """A second staff member of the same provider, editing the same record."""
    return MembershipFactory.create(organisation=setting.provider).user


@EDITED
def test_a_put_from_an_older_etag_is_refused_with_412_and_changes_nothing(
    edited: Edited, setting: Setting, colleague: User, api_client_for: ApiClientFor
) -> None:
    record = edited.record(setting)
    url = edited.api_url(record)
    mine, theirs = api_client_for(setting.staff), api_client_for(colleague)
    etag = mine.get(url)["ETag"]
    assert re.fullmatch(r'"\d+"', etag)

    first = theirs.put(url, edited.api_body(setting, "Theirs"), HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.json()
    assert first["ETag"] != etag  # the saved version has a new tag

    stale = mine.put(url, edited.api_body(setting, "Mine"), HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale.json()["code"] == "stale"
    assert f"Someone else changed this {edited.name} after you opened it" in stale.json()["detail"]
    assert edited.value(record) == "Theirs"
    assert edited.updates(record) == 1

    # Having read the current version, the same change goes through.
    again = mine.put(url, edited.api_body(setting, "Mine"), HTTP_IF_MATCH=first["ETag"])
    assert again.status_code == 200, again.json()
    assert again.json()[edited.field] == "Mine"
    assert again["ETag"] not in (etag, first["ETag"])


@EDITED
@pytest.mark.parametrize(("if_match", "status"), [(None, 200), ('W/"1"', 412), ("garbage", 412)])
def test_if_match_is_optional_and_compared_strongly(
    edited: Edited,
    setting: Setting,
    api_client_for: ApiClientFor,
    if_match: str | None,
    status: int,
) -> None:
    record = edited.record(setting)
    headers = {} if if_match is None else {"If-Match": if_match}

    response = api_client_for(setting.staff).put(
        edited.api_url(record), edited.api_body(setting, "New"), headers=headers
    )

    assert response.status_code == status
    assert (edited.value(record) == "New") is (status == 200)


@EDITED
def test_the_schema_documents_the_etag_and_the_412(
    edited: Edited, setting: Setting, api_client_for: ApiClientFor
) -> None:
    schema = api_client_for(setting.staff).get("/api/schema/?format=json").json()
    item = schema["paths"][f"/api/v1/training/{edited.collection}/{{id}}/"]
    assert "412" in item["put"]["responses"]
    assert "If-Match" in [p["name"] for p in item["put"]["parameters"]]
    assert "ETag" in item["put"]["responses"]["200"]["headers"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]


@EDITED
def test_a_form_saved_over_a_newer_version_is_refused_and_keeps_the_input(
    edited: Edited, setting: Setting, colleague: User, client_for: ClientFor
) -> None:
    record = edited.record(setting)
    edit = edited.edit_url(record)
    mine, theirs = client_for(setting.staff), client_for(colleague)
    opened = mine.get(edit)
    my_version = opened.context["form"]["version"].value()
    assert f'<input type="hidden" name="version" value="{my_version}"' in page_text(opened)
    their_version = theirs.get(edit).context["form"]["version"].value()
    assert my_version == their_version

    saved = theirs.post(edit, {**edited.page_form(setting, "Theirs"), "version": their_version})
    assert saved.status_code == 302

    stale = mine.post(edit, {**edited.page_form(setting, "Mine"), "version": my_version})

    assert stale.status_code == 200
    body = page_text(stale)
    assert f"Someone else changed this {edited.name} after you opened it" in body
    assert 'value="Mine"' in body  # nothing typed is lost
    assert edited.value(record) == "Theirs"
    assert edited.updates(record) == 1

    # Saving again from the page now shown is a deliberate choice over their version.
    current = stale.context["form"]["version"].value()
    assert current != my_version
    again = mine.post(edit, {**edited.page_form(setting, "Mine"), "version": current})
    assert again.status_code == 302
    assert edited.value(record) == "Mine"
