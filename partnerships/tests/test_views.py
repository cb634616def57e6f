"""The officer pages of the partnerships registry, as a person uses them in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from audit.models import AuditEvent
from partnerships.models import CostEntry, Partnership, PartnershipDocument, PartnershipMember
from partnerships.tests.factories import (
    add_member,
    government_officer_of,
    ledger_line,
    make_partnership,
)
from tests.clients import ClientFor, page_text, status_of

pytestmark = pytest.mark.django_db
S = Partnership.Status

# A complete one-page PDF: header, catalogue, page tree, cross-reference table and trailer.
SMALL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \ntrailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


@pytest.fixture
def officer() -> User:
    return government_officer_of("BE")


@pytest.fixture
def outsider() -> User:
    """A government officer of an organisation that is not a member."""
    return government_officer_of("DE")


def _create_form(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Belgium-Morocco ICT talent partnership",
        "kind": Partnership.Kind.BILATERAL,
        "instrument": Partnership.Instrument.MOU,
        "summary": "Moroccan ICT graduates trained for jobs in Belgium.",
        "signed_on": "",
        "start_on": "2026-03-01",
        "end_on": "",
        "origin_countries": "MA",
        "destination_countries": "Belgium",
        "corridors": "",
        "cities": "",
        "sectors": ["ict"],
        "occupations": "2512, 2519",
        "skill_levels": ["high"],
        "tracks": Partnership.Track.AWAY,
        "target_away_share": "",
        "gcm_objectives": ["5", "18"],
        "sdg_targets": ["10.7"],
        "safeguards": ["employer_pays_recruitment", "grievance_mechanism"],
        "listed_publicly": "on",
        **overrides,
    }


def _posted(client: Client, url: str, data: dict[str, Any]) -> str:
    """The text of the page a form's post leads to (its redirect followed)."""
    return page_text(client.post(url, data, follow=True))


def _upload(client: Client, partnership: Partnership, name: str, content: bytes) -> Any:
    return client.post(
        reverse("partnerships:document-upload", args=[partnership.pk]),
        {
            "document-title": "Signed memorandum",
            "document-kind": PartnershipDocument.Kind.AGREEMENT,
            "document-file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


# --- Create and edit --------------------------------------------------------------------------
def test_officer_registers_a_partnership_and_lands_on_its_detail_page(
    officer: User, client_for: ClientFor
) -> None:
    client = client_for(officer)
    assert client.get(reverse("partnerships:create")).status_code == 200

    response = client.post(reverse("partnerships:create"), _create_form(), follow=True)

    partnership = Partnership.objects.get()
    assert response.redirect_chain[-1][0] == reverse("partnerships:detail", args=[partnership.pk])
    body = page_text(response)
    assert "Belgium-Morocco ICT talent partnership" in body
    assert partnership.reference_code in body
    assert "MA → BE" in body
    assert "Morocco" in body and "Belgium" in body
    assert "2512" in body and "Software developers" in body
    assert "✓" in body and "✗" in body  # safeguards checklist
    assert "Registered" in body  # history
    assert {o.code for o in partnership.occupations.all()} == {"2512", "2519"}
    assert partnership.members.get().role == PartnershipMember.Role.LEAD_GOVERNMENT


def test_service_refusal_is_shown_on_the_form_and_keeps_what_was_typed(
    officer: User, client_for: ClientFor
) -> None:
    response = client_for(officer).post(
        reverse("partnerships:create"),
        _create_form(title="My typed title", destination_countries="MA"),
    )

    assert response.status_code == 200
    body = page_text(response)
    assert "A country cannot be both origin and destination of the same corridor" in body
    assert 'value="My typed title"' in body
    assert "There is a problem" in body
    assert not Partnership.objects.exists()


def test_form_names_unknown_countries_occupations_and_bad_city_lines(
    officer: User, client_for: ClientFor
) -> None:
    response = client_for(officer).post(
        reverse("partnerships:create"),
        _create_form(
            origin_countries="MA, Atlantis",
            occupations="2512, 9999",
            cities="Milan, IT, destination\nTunis TN origin",
        ),
    )

    body = page_text(response)
    assert "Unknown country: “Atlantis”" in body
    assert "Unknown ISCO-08 code or ESCO occupation: 9999" in body
    assert "Line 2:" in body
    assert not Partnership.objects.exists()


def test_editor_edits_the_description(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer)
    client = client_for(officer)
    form = client.get(reverse("partnerships:edit", args=[partnership.pk]))
    assert 'value="Morocco-Belgium ICT talent partnership"' in page_text(form)

    response = client.post(
        reverse("partnerships:edit", args=[partnership.pk]),
        _create_form(title="Renamed partnership", origin_countries="MA, TN"),
        follow=True,
    )

    assert "Renamed partnership" in page_text(response)
    partnership.refresh_from_db()
    assert partnership.title == "Renamed partnership"
    assert partnership.corridors.count() == 2
    assert AuditEvent.objects.filter(action="partnerships.partnership.updated").exists()


def test_registering_is_refused_to_an_employer(employer_staff: User, client_for: ClientFor) -> None:
    assert client_for(employer_staff).get(reverse("partnerships:create")).status_code == 403


# --- Permissions ------------------------------------------------------------------------------
def test_non_member_officer_cannot_reach_a_partnership(
    officer: User, outsider: User, client_for: ClientFor, private_media: Path
) -> None:
    partnership = make_partnership(officer)
    _upload(client_for(officer), partnership, "agreement.pdf", SMALL_PDF)
    document = PartnershipDocument.objects.get()
    client = client_for(outsider)

    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 404
    assert client.get(reverse("partnerships:edit", args=[partnership.pk])).status_code == 404
    action = reverse("partnerships:move", args=[partnership.pk, "start_negotiation"])
    assert client.post(action).status_code == 404
    download = reverse("partnerships:document-download", args=[partnership.pk, document.pk])
    assert client.get(download).status_code == 404
    assert partnership.reference_code not in page_text(client.get(reverse("partnerships:list")))
    assert status_of(partnership) == S.DRAFT


def test_non_governing_member_can_view_but_cannot_edit_or_act(
    officer: User, provider_staff: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    provider = provider_staff.memberships.get().organisation
    add_member(partnership, officer, provider, PartnershipMember.Role.TRAINING_PROVIDER)
    client = client_for(provider_staff)

    detail = client.get(reverse("partnerships:detail", args=[partnership.pk]))
    assert detail.status_code == 200
    body = page_text(detail)
    assert partnership.title in body
    assert reverse("partnerships:edit", args=[partnership.pk]) not in body
    assert "Start negotiation" not in body
    assert client.get(reverse("partnerships:edit", args=[partnership.pk])).status_code == 403
    action = reverse("partnerships:move", args=[partnership.pk, "start_negotiation"])
    assert client.post(action).status_code == 403
    assert status_of(partnership) == S.DRAFT


def test_viewer_of_a_governing_member_cannot_edit(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer)
    organisation = officer.memberships.get().organisation
    viewer = MembershipFactory.create(organisation=organisation, role="viewer").user
    client = client_for(viewer)
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 200
    assert client.get(reverse("partnerships:edit", args=[partnership.pk])).status_code == 403


# --- Lifecycle --------------------------------------------------------------------------------
def test_editor_starts_negotiation_and_sees_it_in_history(
    officer: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    client = client_for(officer)
    detail = page_text(client.get(reverse("partnerships:detail", args=[partnership.pk])))
    action = reverse("partnerships:move", args=[partnership.pk, "start_negotiation"])
    assert f'action="{action}"' in detail

    response = client.post(action, follow=True)

    assert status_of(partnership) == S.NEGOTIATION
    body = page_text(response)
    assert "The partnership is now under negotiation." in body
    assert "Negotiation started" in body
    assert "Draft → Under negotiation" in body


def test_refused_action_shows_the_reason_and_changes_nothing(
    officer: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    client = client_for(officer)
    events = AuditEvent.objects.count()

    activate = reverse("partnerships:move", args=[partnership.pk, "activate"])
    body = page_text(client.post(activate, follow=True))
    assert "A partnership that is draft cannot become active." in body

    withdraw = reverse("partnerships:move", args=[partnership.pk, "withdraw"])
    body = page_text(client.post(withdraw, {"reason": "  "}, follow=True))
    assert "Say why, for the partnership&#x27;s history." in body

    assert status_of(partnership) == S.DRAFT
    assert AuditEvent.objects.count() == events


def test_get_on_an_action_is_not_allowed(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer)
    url = reverse("partnerships:move", args=[partnership.pk, "start_negotiation"])
    assert client_for(officer).get(url).status_code == 405


def test_concluded_partnership_shows_no_edit_controls(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer, status=S.CONCLUDED)
    client = client_for(officer)
    body = page_text(client.get(reverse("partnerships:detail", args=[partnership.pk])))
    assert reverse("partnerships:edit", args=[partnership.pk]) not in body
    assert reverse("partnerships:member-add", args=[partnership.pk]) not in body
    assert "Upload a document" not in body
    response = client.get(reverse("partnerships:edit", args=[partnership.pk]), follow=True)
    assert "can no longer be changed" in page_text(response)


# --- Members, targets, costs ------------------------------------------------------------------
def test_editor_adds_a_member_with_a_contact_person(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer)
    provider = OrganisationFactory.create(
        name="ICT Academy", kind=Organisation.Kind.TRAINING_PROVIDER, country_id="MA"
    )
    body = _posted(
        client_for(officer),
        reverse("partnerships:member-add", args=[partnership.pk]),
        {
            "organisation": provider.pk,
            "role": PartnershipMember.Role.TRAINING_PROVIDER,
            "contact_name": "Amina Berrada",
            "contact_email": "amina@example.org",
        },
    )
    assert "ICT Academy" in body and "Amina Berrada" in body
    assert partnership.members.count() == 2


def test_targets_show_not_yet_reported_actuals(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer)
    client = client_for(officer)
    body = _posted(
        client,
        reverse("partnerships:target-set", args=[partnership.pk]),
        {
            "target-year": "2026",
            "target-people_to_train": "120",
            "target-away_track_placements": "80",
            "target-min_women_share": "40",
        },
    )
    assert "The targets for 2026 were saved." in body
    assert "120" in body and "not yet reported" in body and "at least 40%" in body

    refused = client.post(
        reverse("partnerships:target-set", args=[partnership.pk]),
        {"target-year": "1999", "target-people_to_train": "5"},
    )
    assert refused.status_code == 200
    assert "Ensure this value is greater than or equal to 2000." in page_text(refused)


def test_employer_pays_warning_after_a_migration_cost_charged_to_migrants(
    officer: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    client = client_for(officer)
    detail = reverse("partnerships:detail", args=[partnership.pk])
    assert "Migrants are charged for migration costs" not in page_text(client.get(detail))

    body = _posted(
        client,
        reverse("partnerships:cost-record", args=[partnership.pk]),
        {
            "kind": CostEntry.Kind.EXPENDITURE,
            "cost_group": "migration_travel",
            "payer": "migrants",
            "currency": "EUR",
            "unit_amount": "450.00",
            "basis": CostEntry.Basis.LUMP_SUM,
            "quantity": "1",
            "description": "Flights to Brussels",
        },
    )
    assert "Migrants are charged for migration costs" in body
    assert "Flights to Brussels" in body
    assert CostEntry.objects.get().paid_by_migrants


def test_voided_entries_are_struck_through_with_their_reason(
    officer: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    lead = partnership.members.get().organisation
    entry = ledger_line(officer, partnership, "1000", lead.pk)
    client = client_for(officer)
    body = _posted(
        client,
        reverse("partnerships:cost-void", args=[partnership.pk, entry.pk]),
        {"reason": "Entered twice"},
    )
    assert "Entered twice" in body
    assert "<del>" in body


# --- Documents --------------------------------------------------------------------------------
def test_pdf_upload_and_download_as_attachment(
    officer: User, client_for: ClientFor, private_media: Path
) -> None:
    partnership = make_partnership(officer)
    client = client_for(officer)

    response = _upload(client, partnership, "memorandum.pdf", SMALL_PDF)

    assert response.status_code == 302
    document = PartnershipDocument.objects.get()
    download = client.get(
        reverse("partnerships:document-download", args=[partnership.pk, document.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SMALL_PDF  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="memorandum.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_renamed_script_is_refused_and_nothing_is_stored(
    officer: User, client_for: ClientFor, private_media: Path
) -> None:
    partnership = make_partnership(officer)
    before = PartnershipDocument.objects.count()

    response = _upload(client_for(officer), partnership, "agreement.pdf", b"#!/bin/sh\necho hi\n")

    assert response.status_code == 200
    assert "Its content was checked, not its name." in page_text(response)
    assert PartnershipDocument.objects.count() == before
    assert not any(p.is_file() for p in private_media.rglob("*"))


def test_document_of_another_partnership_is_not_found(
    officer: User, client_for: ClientFor, private_media: Path
) -> None:
    first = make_partnership(officer)
    second = make_partnership(officer)
    client = client_for(officer)
    _upload(client, first, "memorandum.pdf", SMALL_PDF)
    document = PartnershipDocument.objects.get()
    url = reverse("partnerships:document-download", args=[second.pk, document.pk])
    assert client.get(url).status_code == 404


# --- List -------------------------------------------------------------------------------------
def test_list_filters_by_status_and_answers_htmx_with_a_fragment(
    officer: User, client_for: ClientFor
) -> None:
    draft = make_partnership(officer, title="Draft one")
    active = make_partnership(officer, title="Active one", status=S.ACTIVE)
    client = client_for(officer)

    page = client.get(reverse("partnerships:list"), {"status": "active"})
    body = page_text(page)
    assert active.reference_code in body and draft.reference_code not in body
    assert "Register a partnership" in body
    assert "HX-Request" in page["Vary"]

    fragment = client.get(
        reverse("partnerships:list"), {"corridor": "ma-be"}, headers={"HX-Request": "true"}
    )
    text = page_text(fragment)
    assert "<html" not in text and 'id="results"' in text
    assert active.reference_code in text and draft.reference_code in text


def test_list_shows_an_empty_state_and_ignores_malformed_filters(
    officer: User, client_for: ClientFor
) -> None:
    make_partnership(officer)
    client = client_for(officer)
    body = page_text(client.get(reverse("partnerships:list"), {"gcm": "abc", "occupation": "x"}))
    assert "Use one to four digits of an ISCO-08 code." in body
    assert "Morocco-Belgium ICT talent partnership" in body
    empty = page_text(client.get(reverse("partnerships:list"), {"q": "nothing-matches-this"}))
    assert "No partnership matches these filters." in empty


def test_list_query_count_does_not_grow_with_rows(officer: User, client_for: ClientFor) -> None:
    client = client_for(officer)
    url = reverse("partnerships:list")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(3):
        make_partnership(officer, origin_countries=["MA", "TN"])
    few = count_queries()
    for _ in range(9):
        make_partnership(officer, origin_countries=["MA", "TN"])
    many = count_queries()
    assert few == many


def test_migrants_do_not_see_the_partnerships_link(
    migrant: User, officer: User, client_for: ClientFor
) -> None:
    url = reverse("partnerships:list")
    assert f'href="{url}"' not in page_text(client_for(migrant).get(reverse("home")))
    assert f'href="{url}"' in page_text(client_for(officer).get(reverse("home")))


def test_detail_query_count_does_not_grow_with_members_costs_and_history(
    officer: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    lead = partnership.members.get().organisation
    client = client_for(officer)
    url = reverse("partnerships:detail", args=[partnership.pk])

    def record_cost() -> None:
        ledger_line(officer, partnership, "100", lead.pk)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    record_cost()
    few = count_queries()
    for _ in range(4):
        add_member(
            partnership,
            officer,
            OrganisationFactory.create(kind=Organisation.Kind.EMPLOYER),
            PartnershipMember.Role.EMPLOYER,
        )
        record_cost()
    assert count_queries() == few


def test_officer_of_several_governments_chooses_the_lead(client_for: ClientFor) -> None:
    officer = government_officer_of("BE", name="Belgian ministry")
    other = OrganisationFactory.create(
        name="Flemish government", kind=Organisation.Kind.LOCAL_GOVERNMENT, country_id="BE"
    )
    MembershipFactory.create(user=officer, organisation=other)
    client = client_for(officer)
    assert 'name="lead_organisation"' in page_text(client.get(reverse("partnerships:create")))

    client.post(reverse("partnerships:create"), _create_form(lead_organisation=other.pk))

    lead = Partnership.objects.get().members.get()
    assert lead.organisation == other
    assert lead.role == PartnershipMember.Role.LEAD_GOVERNMENT


def test_single_government_officer_is_not_asked_for_the_lead(
    officer: User, client_for: ClientFor
) -> None:
    body = page_text(client_for(officer).get(reverse("partnerships:create")))
    assert 'name="lead_organisation"' not in body


def test_custom_indicator_is_shown_with_its_unit(officer: User, client_for: ClientFor) -> None:
    partnership = make_partnership(officer)
    body = _posted(
        client_for(officer),
        reverse("partnerships:indicator-set", args=[partnership.pk]),
        {
            "indicator-year": "2027",
            "indicator-name": "Employers engaged",
            "indicator-unit": "employers",
            "indicator-target_value": "15",
            "indicator-actual_value": "",
        },
    )
    assert "Employers engaged" in body and "15 employers" in body
    assert "not yet reported" in body


def test_detail_page_shows_each_section_once_with_every_ledger_entry(
    officer: User, client_for: ClientFor
) -> None:
    partnership = make_partnership(officer)
    lead = partnership.members.get().organisation_id
    for group in ("training", "migration_travel"):
        ledger_line(
            officer, partnership, "250", lead, cost_group=group, description=f"unique-{group}"
        )
    body = (
        client_for(officer)
        .get(reverse("partnerships:detail", args=[partnership.pk]))
        .content.decode()
    )
    for heading in (
        'id="costs-title"',
        'id="ledger-title"',
        'id="totals-payer-title"',
        'id="totals-group-title"',
    ):
        assert body.count(heading) == 1, heading
    assert body.count("unique-training") == 1
    assert body.count("unique-migration_travel") == 1
