"""The partnerships API: what each kind of user can do, and what the services refuse."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from audit.models import AuditEvent
from partnerships.api.views import MOVE_APIS
from partnerships.models import CostEntry, Partnership, PartnershipDocument, PartnershipMember
from partnerships.tests.factories import add_member, government_officer_of, make_partnership
from partnerships.tests.test_services import MOVES
from taxonomy.models import Occupation
from tests.clients import ApiClientFor, status_of

pytestmark = pytest.mark.django_db
S = Partnership.Status
ROOT = "/api/v1/partnerships/"


def url(partnership: Partnership, suffix: str = "") -> str:
    return f"{ROOT}{partnership.pk}/{suffix}"


def organisation_of(user: User) -> Organisation:
    return user.memberships.get().organisation


def new_partnership_body(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Belgium-Morocco ICT talent",
        "kind": "bilateral",
        "instrument": "mou",
        "origin_countries": ["MA"],
        "destination_countries": ["BE"],
        "sectors": ["ict"],
        "skill_levels": ["high"],
        "gcm_objectives": [5, 18],
        "sdg_targets": ["10.7"],
        "safeguards": {"employer_pays_recruitment": True},
        **overrides,
    }


@pytest.fixture
def officer() -> User:
    return government_officer_of("BE")


@pytest.fixture
def client(officer: User, api_client_for: ApiClientFor) -> APIClient:
    return api_client_for(officer)


@pytest.fixture
def partnership(officer: User) -> Partnership:
    return make_partnership(officer)


@pytest.fixture
def provider_staff_member(partnership: Partnership, officer: User) -> User:
    """Staff of a training provider that is a (non-governing) member of ``partnership``."""
    provider = OrganisationFactory.create(kind=Organisation.Kind.TRAINING_PROVIDER, country_id="MA")
    add_member(partnership, officer, provider, PartnershipMember.Role.TRAINING_PROVIDER)
    return MembershipFactory.create(organisation=provider).user


# --- Create and update ------------------------------------------------------------------------
def test_officer_can_create_a_partnership(client: APIClient, officer: User) -> None:
    body = new_partnership_body(destination_countries=["BE", "DE"])
    response = client.post(ROOT, body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert re.fullmatch(r"SMP-\d{4}-\d{5}", data["reference_code"])
    assert data["status"] == "draft"
    assert data["corridors"] == ["MA-BE", "MA-DE"]
    assert data["origin_countries"] == ["MA"]
    assert data["destination_countries"] == ["BE", "DE"]
    assert data["skill_levels"] == ["high"]
    assert data["tracks"] == "away"
    assert data["target_away_share"] == 100
    assert data["safeguards"]["employer_pays_recruitment"] is True
    assert data["safeguards"]["grievance_mechanism"] is False
    assert [(m["organisation"]["id"], m["role"]) for m in data["members"]] == [
        (organisation_of(officer).pk, "lead_government")
    ]
    assert [a["name"] for a in data["available_actions"]] == ["start_negotiation", "withdraw"]
    assert data["available_actions"][0]["url"].endswith(f"/{data['id']}/start-negotiation/")
    assert AuditEvent.objects.filter(action="partnerships.partnership.created").count() == 1


def test_officer_can_create_a_city_to_city_partnership_with_chosen_corridors(
    client: APIClient,
) -> None:
    nurse = Occupation.objects.get(code="2221")
    body = new_partnership_body(
        kind="city_to_city",
        origin_countries=["TN", "MA"],
        destination_countries=["IT"],
        corridors=["TN-IT"],
        cities=[
            {"name": "Tunis", "country": "TN", "side": "origin"},
            {"name": "Milan", "country": "IT", "side": "destination"},
        ],
        occupations=[nurse.pk],
    )
    response = client.post(ROOT, body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["corridors"] == ["TN-IT"]
    assert {c["name"] for c in data["cities"]} == {"Tunis", "Milan"}
    assert data["occupations"] == [{"id": nurse.pk, "code": "2221", "title": nurse.title}]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"origin_countries": ["MA"], "destination_countries": ["MA"]}, "destination_countries"),
        ({"kind": "global_skill_partnership", "tracks": "away"}, "tracks"),
        ({"origin_countries": ["XX"]}, "origin_countries"),
        ({"corridors": ["BE-MA"]}, "corridors"),
        ({"tracks": "both"}, "target_away_share"),
    ],
    ids=["same-country", "gsp-one-track", "unknown-country", "backwards-corridor", "no-share"],
)
def test_create_refuses_a_broken_rule_naming_the_field(
    client: APIClient, overrides: dict[str, Any], field: str
) -> None:
    response = client.post(ROOT, new_partnership_body(**overrides))

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"]
    assert not Partnership.objects.exists()


def test_create_checks_the_shape_of_the_input(client: APIClient) -> None:
    response = client.post(ROOT, new_partnership_body(kind="treaty", corridors=["MABE"]))

    assert response.status_code == 400
    assert set(response.json()) == {"kind", "corridors"}


def test_migrant_cannot_create_a_partnership(migrant: User, api_client_for: ApiClientFor) -> None:
    response = api_client_for(migrant).post(ROOT, new_partnership_body())

    assert response.status_code == 403
    assert not Partnership.objects.exists()


def test_officer_can_change_part_of_a_partnership(
    client: APIClient, partnership: Partnership
) -> None:
    response = client.patch(
        url(partnership),
        {
            "title": "Renamed",
            "destination_countries": ["BE", "NL"],
            "safeguards": {"grievance_mechanism": True},
        },
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["title"] == "Renamed"
    assert data["summary"] == partnership.summary  # untouched fields are kept
    assert data["sectors"] == ["ict"]
    assert data["gcm_objectives"] == [5, 18]
    assert data["corridors"] == ["MA-BE", "MA-NL"]  # derived corridors follow the countries
    assert data["safeguards"]["grievance_mechanism"] is True
    event = AuditEvent.objects.get(action="partnerships.partnership.updated")
    assert event.data["title"] == {"from": partnership.title, "to": "Renamed"}


def test_patch_refuses_a_broken_rule(client: APIClient, partnership: Partnership) -> None:
    response = client.patch(url(partnership), {"kind": "global_skill_partnership"})

    assert response.status_code == 400
    assert response.json()["field"] == "tracks"


def test_a_closed_partnership_cannot_be_changed(client: APIClient, officer: User) -> None:
    partnership = make_partnership(officer, status=S.WITHDRAWN)

    response = client.patch(url(partnership), {"title": "Too late"})

    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]


# --- Lifecycle --------------------------------------------------------------------------------
@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("action", list(MOVES))
def test_every_action_applies_only_from_its_source_statuses(
    client: APIClient, officer: User, action: str, status: str
) -> None:
    partnership = make_partnership(
        officer, status=status, signed_on=date(2026, 1, 15), start_on=date(2026, 3, 1)
    )
    sources, target, _code = MOVES[action]

    response = client.post(url(partnership, f"{action.replace('_', '-')}/"), {"reason": "why"})

    partnership.refresh_from_db()
    if status in sources:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == target == partnership.status
    else:
        assert response.status_code == 409
        assert response.json()["detail"]
        assert response.json()["code"] == "invalid_transition"
        assert partnership.status == status


def test_activation_is_refused_until_the_partnership_is_ready(
    client: APIClient, officer: User
) -> None:
    partnership = make_partnership(officer, status=S.NEGOTIATION)

    response = client.post(url(partnership, "activate/"))

    assert response.status_code == 409
    assert "signed" in response.json()["detail"]


def test_suspending_needs_a_reason(client: APIClient, officer: User) -> None:
    partnership = make_partnership(officer, status=S.ACTIVE)

    response = client.post(url(partnership, "suspend/"), {"reason": " "})

    assert response.status_code == 400
    assert response.json()["field"] == "reason"


def test_history_shows_every_change(client: APIClient, partnership: Partnership) -> None:
    client.post(url(partnership, "withdraw/"), {"reason": "Funding fell through"})

    events = client.get(url(partnership, "history/")).json()["results"]

    assert [e["action"] for e in events] == [
        "partnerships.partnership.withdrawn",
        "partnerships.partnership.created",
    ]
    assert events[0]["from_state"] == "draft"
    assert events[0]["to_state"] == "withdrawn"
    assert events[0]["data"] == {"reason": "Funding fell through"}
    assert events[0]["actor_label"]


# --- Permissions ------------------------------------------------------------------------------
PARTNERSHIP_ENDPOINTS = [
    ("get", ""),
    ("patch", ""),
    *[("post", f"{name.replace('_', '-')}/") for name in MOVES],
    ("get", "members/"),
    ("post", "members/"),
    ("get", "targets/"),
    ("put", "targets/"),
    ("get", "indicators/"),
    ("put", "indicators/"),
    ("get", "costs/"),
    ("post", "costs/"),
    ("get", "costs/summary/"),
    ("get", "documents/"),
    ("post", "documents/"),
    ("get", "history/"),
]


def test_anonymous_gets_401(partnership: Partnership) -> None:
    anonymous = APIClient()

    assert anonymous.get(ROOT).status_code == 401
    assert anonymous.post(ROOT, new_partnership_body()).status_code == 401
    for method, suffix in PARTNERSHIP_ENDPOINTS:
        assert getattr(anonymous, method)(url(partnership, suffix)).status_code == 401


def test_migrant_cannot_see_a_partnership(
    migrant: User, api_client_for: ApiClientFor, partnership: Partnership
) -> None:
    client = api_client_for(migrant)

    assert client.get(url(partnership)).status_code == 404
    assert client.get(ROOT).json()["results"] == []


@pytest.mark.parametrize(("method", "suffix"), PARTNERSHIP_ENDPOINTS)
def test_officer_of_another_government_gets_404(
    api_client_for: ApiClientFor, partnership: Partnership, method: str, suffix: str
) -> None:
    outsider = api_client_for(government_officer_of("DE"))

    response = getattr(outsider, method)(url(partnership, suffix), {})

    assert response.status_code == 404


def test_officer_of_another_government_gets_404_on_items(
    api_client_for: ApiClientFor, partnership: Partnership, officer: User
) -> None:
    outsider = api_client_for(government_officer_of("DE"))
    member = partnership.members.get()

    assert outsider.delete(url(partnership, f"members/{member.pk}/")).status_code == 404
    assert outsider.post(url(partnership, "costs/1/void/"), {"reason": "x"}).status_code == 404
    assert outsider.get(ROOT).json()["results"] == []


def test_non_governing_member_can_read_but_not_change(
    api_client_for: ApiClientFor, partnership: Partnership, provider_staff_member: User
) -> None:
    client = api_client_for(provider_staff_member)

    detail = client.get(url(partnership))
    assert detail.status_code == 200
    assert detail.json()["available_actions"] == []
    assert [r["id"] for r in client.get(ROOT).json()["results"]] == [partnership.pk]
    for method, suffix in PARTNERSHIP_ENDPOINTS:
        response = getattr(client, method)(url(partnership, suffix), {})
        assert response.status_code == (200 if method == "get" else 403), (method, suffix)
    assert status_of(partnership) == S.DRAFT


def test_admin_can_read_any_partnership(
    admin_user: User, api_client_for: ApiClientFor, partnership: Partnership
) -> None:
    client = api_client_for(admin_user)

    assert client.get(url(partnership)).status_code == 200
    assert [r["id"] for r in client.get(ROOT).json()["results"]] == [partnership.pk]
    assert client.get(url(partnership, "history/")).status_code == 200


# --- List -------------------------------------------------------------------------------------
def test_list_filters_and_sorts(client: APIClient, officer: User) -> None:
    ict = make_partnership(officer, title="Beta ICT")
    nurses = make_partnership(
        officer,
        title="Alpha nurses",
        origin_countries=["PH"],
        destination_countries=["DE"],
        sectors=["health_care"],
        gcm_objectives=[18],
        status=S.NEGOTIATION,
    )

    def ids(**params: str) -> list[int]:
        response = client.get(ROOT, params)
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids(sort="title") == [nurses.pk, ict.pk]
    assert ids(status="negotiation") == [nurses.pk]
    assert ids(country="ph") == [nurses.pk]
    assert ids(corridor="MA-BE") == [ict.pk]
    assert ids(sector="ict") == [ict.pk]
    assert ids(gcm="5") == [ict.pk]
    assert ids(q="nurses") == [nurses.pk]
    assert client.get(ROOT, {"gcm": "five"}).status_code == 400
    assert client.get(ROOT, {"status": "sleeping"}).status_code == 400


def test_list_query_count_does_not_grow_with_rows(client: APIClient, officer: User) -> None:
    provider = OrganisationFactory.create(kind=Organisation.Kind.TRAINING_PROVIDER, country_id="MA")

    def make(n: int) -> None:
        for _ in range(n):
            partnership = make_partnership(officer)
            add_member(partnership, officer, provider, PartnershipMember.Role.TRAINING_PROVIDER)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ROOT)
        assert response.status_code == 200
        return len(queries)

    make(2)
    client.get(ROOT)  # warm the per-user caches
    two = count()
    make(8)
    ten = count()

    assert client.get(ROOT).json()["count"] == 10
    assert ten == two


# --- Members, targets, indicators -------------------------------------------------------------
def test_officer_can_add_and_remove_a_member(client: APIClient, partnership: Partnership) -> None:
    union = OrganisationFactory.create(kind=Organisation.Kind.TRADE_UNION, country_id="BE")

    added = client.post(
        url(partnership, "members/"),
        {"organisation": union.pk, "role": "trade_union", "contact_email": "a@union.example"},
    )
    assert added.status_code == 201, added.json()
    assert added.json()["organisation"]["name"] == union.name
    assert len(client.get(url(partnership, "members/")).json()) == 2

    removed = client.delete(url(partnership, f"members/{added.json()['id']}/"))
    assert removed.status_code == 204
    assert len(client.get(url(partnership, "members/")).json()) == 1


def test_the_only_lead_government_cannot_be_removed(
    client: APIClient, partnership: Partnership
) -> None:
    lead = partnership.members.get()

    response = client.delete(url(partnership, f"members/{lead.pk}/"))

    assert response.status_code == 400
    assert response.json()["field"] == "member"


def test_officer_can_set_targets_and_indicators(
    client: APIClient, partnership: Partnership
) -> None:
    target = {"year": 2027, "people_to_train": 120, "away_track_placements": 80}
    response = client.put(url(partnership, "targets/"), target)
    assert response.status_code == 200, response.json()
    assert response.json()["people_to_train"] == 120
    assert response.json()["actuals"] == {}

    refused = client.put(url(partnership, "targets/"), {**target, "home_track_placements": 5})
    assert refused.status_code == 400
    assert refused.json()["field"] == "home_track_placements"

    indicator = {"year": 2027, "name": "Employer satisfaction", "unit": "%", "target_value": 80}
    assert client.put(url(partnership, "indicators/"), indicator).status_code == 200
    rows = client.get(url(partnership, "indicators/")).json()
    assert [(r["name"], r["target_value"]) for r in rows] == [("Employer satisfaction", "80.00")]
    assert [r["year"] for r in client.get(url(partnership, "targets/")).json()] == [2027]


# --- Costs ------------------------------------------------------------------------------------
def test_cost_summary_flags_a_migration_cost_paid_by_migrants(
    client: APIClient, partnership: Partnership, officer: User
) -> None:
    lead = organisation_of(officer)
    training = client.post(
        url(partnership, "costs/"),
        {
            "kind": "commitment",
            "cost_group": "training",
            "payer": lead.pk,
            "currency": "EUR",
            "unit_amount": "1500.00",
            "basis": "per_trainee",
            "quantity": 10,
        },
    )
    assert training.status_code == 201, training.json()
    assert training.json()["amount"] == "15000.00"
    travel = client.post(
        url(partnership, "costs/"),
        {
            "kind": "expenditure",
            "cost_group": "migration_travel",
            "paid_by_migrants": True,
            "currency": "EUR",
            "unit_amount": "400",
        },
    )
    assert travel.status_code == 201, travel.json()
    assert travel.json()["breaches_employer_pays"] is True

    summary = client.get(url(partnership, "costs/summary/")).json()

    assert [b["id"] for b in summary["breaches"]] == [travel.json()["id"]]
    payers = {(row["payer"], row["currency"]): row for row in summary["by_payer"]}
    assert payers["Migrants", "EUR"]["expenditure"] == "400.00"
    assert payers[lead.name, "EUR"]["commitment"] == "15000.00"
    groups = {(row["cost_group"], row["currency"]) for row in summary["by_group"]}
    assert groups == {("training", "EUR"), ("migration_travel", "EUR")}


def test_cost_entry_needs_a_member_payer(client: APIClient, partnership: Partnership) -> None:
    stranger = OrganisationFactory.create()
    response = client.post(
        url(partnership, "costs/"),
        {
            "kind": "commitment",
            "cost_group": "training",
            "payer": stranger.pk,
            "currency": "EUR",
            "unit_amount": "10",
        },
    )

    assert response.status_code == 400
    assert response.json()["field"] == "payer"


def test_a_voided_entry_stays_in_the_ledger_but_leaves_the_totals(
    client: APIClient, partnership: Partnership
) -> None:
    entry = client.post(
        url(partnership, "costs/"),
        {
            "kind": "commitment",
            "cost_group": "migration_recruitment",
            "paid_by_migrants": True,
            "currency": "EUR",
            "unit_amount": "900",
        },
    ).json()

    voided = client.post(url(partnership, f"costs/{entry['id']}/void/"), {"reason": "Typo"})

    assert voided.status_code == 200, voided.json()
    ledger = client.get(url(partnership, "costs/")).json()["results"]
    assert [(e["id"], e["void_reason"]) for e in ledger] == [(entry["id"], "Typo")]
    assert ledger[0]["voided_at"] is not None
    summary = client.get(url(partnership, "costs/summary/")).json()
    assert summary == {"by_payer": [], "by_group": [], "breaches": []}
    again = client.post(url(partnership, f"costs/{entry['id']}/void/"), {"reason": "Twice"})
    assert again.status_code == 400
    assert CostEntry.objects.get().void_reason == "Typo"


# --- Documents --------------------------------------------------------------------------------
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_officer_can_upload_a_pdf_and_download_it_from_its_url(
    client: APIClient, officer: User, partnership: Partnership, private_media: Path
) -> None:
    upload = SimpleUploadedFile("mou.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(
        url(partnership, "documents/"),
        {"file": upload, "title": "Signed MoU", "kind": "agreement"},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["content_type"] == "application/pdf"
    assert data["original_name"] == "mou.pdf"
    assert data["size"] == len(PDF_BYTES)
    assert data["download_url"].endswith(f"/partnerships/{partnership.pk}/documents/{data['id']}/")
    browser = Client()
    browser.force_login(officer)
    download = browser.get(data["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert [d["id"] for d in client.get(url(partnership, "documents/")).json()] == [data["id"]]
    assert [p.read_bytes() for p in private_media.rglob("*") if p.is_file()] == [PDF_BYTES]


def test_a_fake_pdf_is_refused_and_nothing_is_stored(
    client: APIClient, partnership: Partnership, private_media: Path
) -> None:
    fake = SimpleUploadedFile(
        "mou.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )

    response = client.post(
        url(partnership, "documents/"), {"file": fake, "title": "MoU"}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert not PartnershipDocument.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


# --- Schema -----------------------------------------------------------------------------------
def test_every_endpoint_is_in_the_schema_with_its_own_operation() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        op["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith(ROOT)
        for op in item.values()
    }

    assert {f"partnerships_{name}" for name in MOVES} <= operations
    assert len(operations) == 25
    assert MOVE_APIS["activate"].__name__ == "PartnershipActivateApi"
