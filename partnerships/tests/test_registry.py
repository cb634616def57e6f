"""The public registry: who appears, what is shown, and what never leaves the portal."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.tests.factories import OrganisationFactory
from partnerships.models import CostEntry, CostGroup, Partnership, PartnershipMember
from partnerships.public import (
    PUBLIC_CSV_COLUMNS,
    public_cost_totals,
    public_csv_row,
    public_record,
)
from partnerships.selectors import partnership_cost_summary
from partnerships.services import (
    MemberInput,
    cost_entry_void,
    member_add,
)
from partnerships.tests.factories import government_officer_of, ledger_line, make_partnership

pytestmark = pytest.mark.django_db

S = Partnership.Status
CONTACT_NAME = "Zebulon Quillfeather-Contact"
CONTACT_EMAIL = "zq.private@contact.example.org"
CONTACT_PHONE = "+99 555 0199 7788"
ENTRY_DESCRIPTION = "Confidential ledger line 7Q"


@pytest.fixture
def officer() -> User:
    return government_officer_of("BE")


def _provider() -> Organisation:
    return OrganisationFactory.create(kind=Organisation.Kind.TRAINING_PROVIDER, country_id="MA")


def _with_private_details(partnership: Partnership, officer: User) -> Organisation:
    """Add a member with distinctive contact details and two cost entries; return the member."""
    provider = _provider()
    member_add(
        actor=officer,
        partnership_id=partnership.pk,
        data=MemberInput(
            organisation_id=provider.pk,
            role=PartnershipMember.Role.TRAINING_PROVIDER,
            contact_name=CONTACT_NAME,
            contact_email=CONTACT_EMAIL,
            contact_phone=CONTACT_PHONE,
        ),
    )
    for amount in ("1234.56", "100.00"):
        ledger_line(officer, partnership, amount, provider.pk, description=ENTRY_DESCRIPTION)
    return provider


def _get(url: str, **params: Any) -> Any:
    return Client().get(url, params)


# --- Who appears ------------------------------------------------------------------------------
def test_anyone_can_see_active_suspended_and_concluded_partnerships_only(officer: User) -> None:
    shown = {
        status: make_partnership(officer, status=status, title=f"Shown {status}")
        for status in (S.ACTIVE, S.SUSPENDED, S.CONCLUDED)
    }
    hidden = [
        make_partnership(officer, status=status, title=f"Hidden {status}")
        for status in (S.DRAFT, S.NEGOTIATION, S.WITHDRAWN)
    ]
    hidden.append(
        make_partnership(officer, status=S.ACTIVE, title="Hidden unlisted", listed_publicly=False)
    )

    response = _get(reverse("registry:list"))

    assert response.status_code == 200
    page = response.content.decode()
    for partnership in shown.values():
        assert partnership.title in page
        assert reverse("registry:detail", args=[partnership.reference_code]) in page
    for partnership in hidden:
        assert partnership.title not in page
    assert "3 partnerships" in page


@pytest.mark.parametrize(
    ("status", "listed"),
    [(S.DRAFT, True), (S.NEGOTIATION, True), (S.WITHDRAWN, True), (S.ACTIVE, False)],
)
def test_anyone_cannot_see_a_non_public_partnership_by_its_reference_code(
    officer: User, status: str, listed: bool
) -> None:
    partnership = make_partnership(officer, status=status, listed_publicly=listed)

    response = _get(reverse("registry:detail", args=[partnership.reference_code]))

    assert response.status_code == 404


def test_anyone_can_read_a_public_partnership_without_its_contact_persons(officer: User) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE)
    provider = _with_private_details(partnership, officer)

    response = _get(reverse("registry:detail", args=[partnership.reference_code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert partnership.title in page
    assert provider.name in page
    for private in (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, officer.email, ENTRY_DESCRIPTION):
        assert private not in page
    assert "The partners have not published their costs." in page


def test_the_list_filters_like_the_officer_list(officer: User) -> None:
    make_partnership(officer, status=S.ACTIVE, title="Tunisian ICT", origin_countries=["TN"])
    make_partnership(officer, status=S.ACTIVE, title="Moroccan ICT", origin_countries=["MA"])

    page = _get(reverse("registry:list"), country="TN").content.decode()

    assert "Tunisian ICT" in page
    assert "Moroccan ICT" not in page
    assert "export.csv?country=TN" in page


def test_malformed_filters_are_ignored_not_an_error(officer: User) -> None:
    make_partnership(officer, status=S.ACTIVE, title="Still listed")

    for url in ("registry:list", "registry:export-csv", "registry:export-json"):
        response = _get(reverse(url), gcm="abc", kind="nonsense", page="x")
        assert response.status_code == 200, url
        assert b"Still listed" in response.content


def test_an_empty_registry_says_so() -> None:
    response = _get(reverse("registry:list"))

    assert "No partnership has been published yet." in response.content.decode()


# --- Exports ----------------------------------------------------------------------------------
@pytest.mark.parametrize("export", ["registry:export-csv", "registry:export-json"])
def test_exports_contain_no_contact_person_and_no_cost_entry(officer: User, export: str) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE, publish_costs=False)
    provider = _with_private_details(partnership, officer)

    content = _get(reverse(export)).content.decode("utf-8-sig")

    assert partnership.reference_code in content
    assert provider.name in content
    for private in (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, officer.email, ENTRY_DESCRIPTION):
        assert private not in content
    # Neither the entries nor their total: the partners did not publish costs.
    for amount in ("1234.56", "100.00", "1334.56"):
        assert amount not in content


@pytest.mark.parametrize("export", ["registry:export-csv", "registry:export-json"])
def test_exports_contain_cost_totals_only_when_published(officer: User, export: str) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE, publish_costs=True)
    _with_private_details(partnership, officer)

    content = _get(reverse(export)).content.decode("utf-8-sig")

    assert "1334.56" in content  # the training total in EUR
    for private in ("1234.56", ENTRY_DESCRIPTION, CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE):
        assert private not in content


def test_the_json_export_lists_public_records(officer: User) -> None:
    published = make_partnership(officer, status=S.ACTIVE, publish_costs=True, title="Published")
    _with_private_details(published, officer)
    make_partnership(officer, status=S.CONCLUDED, title="Concluded")
    make_partnership(officer, status=S.DRAFT, title="Draft")

    response = _get(reverse("registry:export-json"))

    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"generated_at", "count", "partnerships"}
    assert body["count"] == 2
    record = next(r for r in body["partnerships"] if r["title"] == "Published")
    assert record["cost_totals"] == [
        {
            "cost_group": {"code": "training", "label": "Training"},
            "currency": "EUR",
            "committed": "1334.56",
            "spent": "0.00",
        }
    ]
    assert {m["role"]["code"] for m in record["members"]} == {
        "lead_government",
        "training_provider",
    }
    assert all(set(m) == {"organisation", "country", "role"} for m in record["members"])
    assert record["corridors"] == ["MA-BE"]
    assert record["origin_countries"] == [{"code": "MA", "name": "Morocco"}]
    concluded = next(r for r in body["partnerships"] if r["title"] == "Concluded")
    assert concluded["cost_totals"] is None


def test_the_csv_export_is_a_utf8_spreadsheet_with_one_row_per_partnership(
    officer: User,
) -> None:
    make_partnership(officer, status=S.ACTIVE, title="Béni Mellal, Torino traineeships")
    make_partnership(officer, status=S.CONCLUDED, title="Second")
    make_partnership(officer, status=S.NEGOTIATION, title="Not yet public")

    response = _get(reverse("registry:export-csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="smp-registry-')
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == PUBLIC_CSV_COLUMNS
    assert len(rows) == 3
    titles = {row[PUBLIC_CSV_COLUMNS.index("title")] for row in rows[1:]}
    assert titles == {"Béni Mellal, Torino traineeships", "Second"}


def test_the_csv_export_honours_the_filters(officer: User) -> None:
    make_partnership(officer, status=S.ACTIVE, title="Tunisian ICT", origin_countries=["TN"])
    make_partnership(officer, status=S.ACTIVE, title="Moroccan ICT", origin_countries=["MA"])

    response = _get(reverse("registry:export-csv"), country="TN", q="ICT")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Tunisian ICT"]


def test_a_csv_cell_cannot_become_a_spreadsheet_formula(officer: User) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE, title='=HYPERLINK("http://x")')

    row = public_csv_row(public_record(partnership))

    assert row[PUBLIC_CSV_COLUMNS.index("title")] == '\'=HYPERLINK("http://x")'


def test_batched_cost_totals_match_the_cost_summary(officer: User) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE, publish_costs=True)
    provider = _with_private_details(partnership, officer)
    voided = ledger_line(
        officer,
        partnership,
        "999",
        provider.pk,
        kind=CostEntry.Kind.EXPENDITURE,
        cost_group=CostGroup.MIGRATION_TRAVEL,
    )
    cost_entry_void(actor=officer, partnership_id=partnership.pk, entry_id=voided.pk, reason="Typo")

    batched = public_cost_totals([partnership])[partnership.pk]

    assert batched == partnership_cost_summary(partnership=partnership).by_group
    assert public_record(partnership, cost_totals=batched) == public_record(partnership)


@pytest.mark.parametrize("url", ["registry:list", "registry:export-csv", "registry:export-json"])
def test_registry_queries_do_not_grow_with_rows(officer: User, url: str) -> None:
    def make(n: int) -> None:
        for i in range(n):
            partnership = make_partnership(
                officer, status=S.ACTIVE, publish_costs=True, title=f"Row {i}"
            )
            _with_private_details(partnership, officer)

    def count() -> int:
        client = Client()
        client.get(reverse(url))  # warm caches (content types, translations)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url)).status_code == 200
        return len(queries)

    make(2)
    with_two = count()
    make(6)
    assert count() == with_two


def test_detail_queries_are_bounded(officer: User) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE, publish_costs=True)
    _with_private_details(partnership, officer)
    url = reverse("registry:detail", args=[partnership.reference_code])
    client = Client()
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    assert len(queries) <= 14


# --- Caching ----------------------------------------------------------------------------------
def test_exports_may_be_cached_publicly_but_pages_only_privately(officer: User) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE)

    for url in (reverse("registry:export-csv"), reverse("registry:export-json")):
        cache_control = _get(url)["Cache-Control"]
        assert "public" in cache_control
        assert "max-age=300" in cache_control
    for url in (
        reverse("registry:list"),
        reverse("registry:detail", args=[partnership.reference_code]),
    ):
        cache_control = _get(url)["Cache-Control"]
        assert "private" in cache_control
        assert "public" not in cache_control
