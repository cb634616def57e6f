from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from pytest_django.fixtures import Settings

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from audit.models import AuditEvent
from core.errors import DomainValidationError, InvalidTransition
from partnerships.models import CostEntry, Partnership, PartnershipDocument, PartnershipMember
from partnerships.selectors import partnership_cost_summary, partnership_history
from partnerships.services import (
    PARTNERSHIP_LIFECYCLE,
    CityInput,
    CostInput,
    MemberInput,
    cost_entry_record,
    cost_entry_void,
    document_upload,
    member_add,
    member_remove,
    partnership_apply_action,
    partnership_create,
    partnership_update,
)
from partnerships.tests.factories import (
    add_member,
    government_officer_of,
    make_partnership,
    partnership_input,
    set_target,
)
from tests.clients import status_of

pytestmark = pytest.mark.django_db
S = Partnership.Status
ALL_STATUSES = list(S.values)


@pytest.fixture
def officer() -> User:
    return government_officer_of("BE")


# --- Creation and validation ------------------------------------------------------------------
def test_officer_registers_a_draft_with_derived_corridors_and_lead_membership(
    officer: User,
) -> None:
    partnership = partnership_create(
        actor=officer,
        data=partnership_input(origin_countries=["MA", "TN"], destination_countries=["BE"]),
    )
    assert partnership.status == S.DRAFT
    assert partnership.reference_code.startswith("SMP-")
    assert sorted(str(c) for c in partnership.corridors.all()) == ["MA → BE", "TN → BE"]
    lead = partnership.members.get()
    assert lead.role == PartnershipMember.Role.LEAD_GOVERNMENT
    assert lead.organisation == officer.memberships.get().organisation
    assert partnership.target_away_share == 100  # away track only
    event = partnership_history(partnership=partnership).get()
    assert event.action == "partnerships.partnership.created"
    assert event.data["origin_countries"] == ["MA", "TN"]


def test_reference_codes_are_unique(officer: User) -> None:
    codes = {make_partnership(officer).reference_code for _ in range(3)}
    assert len(codes) == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"origin_countries": []}, "origin_countries", "at least one country of origin"),
        ({"destination_countries": ["MA"]}, "destination_countries", "both origin and destination"),
        ({"origin_countries": ["QQ"]}, "origin_countries", "Unknown country"),
        ({"corridors": [("MA", "MA")]}, "corridors", "both origin and destination"),
        ({"corridors": [("BE", "MA")]}, "corridors", "must join an origin"),
        (
            {"start_on": date(2026, 5, 1), "end_on": date(2026, 4, 1)},
            "end_on",
            "on or after the start date",
        ),
        ({"kind": "global_skill_partnership", "tracks": "away"}, "tracks", "home and an away"),
        ({"tracks": "both", "target_away_share": None}, "target_away_share", "away track"),
        ({"gcm_objectives": [24]}, "gcm_objectives", "numbered 1 to 23"),
        ({"sectors": ["mining"]}, "sectors", "Unknown sector"),
        ({"kind": "city_to_city"}, "cities", "city of origin and a city of destination"),
        (
            {"cities": [CityInput("Milan", "IT", "destination")]},
            "cities",
            "countries of destination",
        ),
    ],
)
def test_invalid_descriptions_are_refused_with_a_field_and_message(
    officer: User, overrides: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(DomainValidationError, match=message) as excinfo:
        partnership_create(actor=officer, data=partnership_input(**overrides))
    assert excinfo.value.field == field
    assert not Partnership.objects.exists()


def test_city_to_city_partnership_keeps_its_cities(officer: User) -> None:
    partnership = partnership_create(
        actor=officer,
        data=partnership_input(
            kind="city_to_city",
            origin_countries=["TN", "MA"],
            destination_countries=["IT"],
            cities=[
                CityInput("Tunis", "TN", "origin"),
                CityInput("Tangier", "MA", "origin"),
                CityInput("Milan", "IT", "destination"),
            ],
        ),
    )
    assert {c.name for c in partnership.cities.all()} == {"Tunis", "Tangier", "Milan"}


def test_migrants_and_employers_cannot_register_partnerships(
    migrant: User, employer_staff: User
) -> None:
    for user in (migrant, employer_staff):
        with pytest.raises(PermissionDenied, match="Only government officers"):
            partnership_create(actor=user, data=partnership_input())


def test_officer_cannot_register_for_another_government(officer: User) -> None:
    other = OrganisationFactory.create(kind=Organisation.Kind.NATIONAL_GOVERNMENT, country_id="DE")
    with pytest.raises(DomainValidationError, match="one of your own organisations"):
        partnership_create(actor=officer, data=partnership_input(), lead_organisation_id=other.pk)


def test_officer_of_two_governments_says_which_one_leads(officer: User) -> None:
    second = OrganisationFactory.create(kind=Organisation.Kind.LOCAL_GOVERNMENT, country_id="BE")
    MembershipFactory.create(user=officer, organisation=second)
    officer = User.objects.get(pk=officer.pk)  # memberships are cached per user object
    with pytest.raises(DomainValidationError, match="say which one") as refused:
        partnership_create(actor=officer, data=partnership_input())
    assert refused.value.field == "lead_organisation"
    partnership = partnership_create(
        actor=officer, data=partnership_input(), lead_organisation_id=second.pk
    )
    lead = partnership.members.get(role=PartnershipMember.Role.LEAD_GOVERNMENT)
    assert lead.organisation_id == second.pk


def test_administrator_registers_for_any_government_they_name(admin_user: User) -> None:
    government = OrganisationFactory.create(
        kind=Organisation.Kind.NATIONAL_GOVERNMENT, country_id="DE"
    )
    employer = OrganisationFactory.create(kind=Organisation.Kind.EMPLOYER, country_id="DE")
    for chosen in (None, employer.pk):
        with pytest.raises(DomainValidationError, match="lead government"):
            partnership_create(
                actor=admin_user, data=partnership_input(), lead_organisation_id=chosen
            )
    partnership = partnership_create(
        actor=admin_user, data=partnership_input(), lead_organisation_id=government.pk
    )
    assert partnership.members.get().organisation_id == government.pk


def test_update_records_only_what_changed(officer: User) -> None:
    partnership = make_partnership(officer)
    partnership_update(
        actor=officer,
        partnership_id=partnership.pk,
        data=partnership_input(title="PALIM", destination_countries=["BE", "NL"]),
    )
    event = AuditEvent.objects.filter(action="partnerships.partnership.updated").get()
    assert set(event.data) == {"title", "destination_countries", "corridors"}
    assert event.data["corridors"] == {"from": ["MA-BE"], "to": ["MA-BE", "MA-NL"]}


# --- Lifecycle --------------------------------------------------------------------------------
# The lifecycle as the partnership agreement process describes it, written out here rather than
# read from the declaration, so a wrong declaration fails these tests.
P = "partnerships.partnership."
MOVES = {
    "start_negotiation": ((S.DRAFT,), S.NEGOTIATION, P + "negotiation_started"),
    "return_to_draft": ((S.NEGOTIATION,), S.DRAFT, P + "returned_to_draft"),
    "activate": ((S.NEGOTIATION,), S.ACTIVE, P + "activated"),
    "suspend": ((S.ACTIVE,), S.SUSPENDED, P + "suspended"),
    "resume": ((S.SUSPENDED,), S.ACTIVE, P + "resumed"),
    "conclude": ((S.ACTIVE, S.SUSPENDED), S.CONCLUDED, P + "concluded"),
    "withdraw": ((S.DRAFT, S.NEGOTIATION), S.WITHDRAWN, P + "withdrawn"),
}
LEGAL = {(name, source) for name, (sources, _t, _code) in MOVES.items() for source in sources}


def test_the_declared_lifecycle_is_the_agreed_one() -> None:
    declared = {
        move.name: (PARTNERSHIP_LIFECYCLE.sources(move), move.targets[0])
        for move in PARTNERSHIP_LIFECYCLE.moves
    }
    assert declared == {name: (sources, target) for name, (sources, target, _c) in MOVES.items()}


@pytest.mark.parametrize(("action", "source"), sorted(LEGAL))
def test_every_allowed_transition_moves_and_is_audited(
    officer: User, action: str, source: str
) -> None:
    partnership = make_partnership(
        officer, status=source, signed_on=date(2026, 1, 1), start_on=date(2026, 2, 1)
    )
    result = partnership_apply_action(
        actor=officer, partnership_id=partnership.pk, action=action, reason="because"
    )
    assert result.status == MOVES[action][1]
    event = partnership_history(partnership=partnership).first()
    assert event is not None
    assert (event.action, event.from_state, event.to_state) == (
        MOVES[action][2],
        source,
        MOVES[action][1],
    )


@pytest.mark.parametrize(
    ("action", "source"),
    sorted((a, s) for a in MOVES for s in ALL_STATUSES if (a, s) not in LEGAL),
)
def test_every_illegal_transition_is_refused_and_changes_nothing(
    officer: User, action: str, source: str
) -> None:
    partnership = make_partnership(
        officer, status=source, signed_on=date(2026, 1, 1), start_on=date(2026, 2, 1)
    )
    events_before = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition):
        partnership_apply_action(
            actor=officer, partnership_id=partnership.pk, action=action, reason="x"
        )
    assert status_of(partnership) == source
    assert AuditEvent.objects.count() == events_before


def test_activation_needs_signature_start_date_and_says_what_is_missing(officer: User) -> None:
    partnership = make_partnership(officer, status=S.NEGOTIATION)
    with pytest.raises(InvalidTransition, match="signed, a start date"):
        partnership_apply_action(actor=officer, partnership_id=partnership.pk, action="activate")


@pytest.mark.parametrize(("action", "status"), [("suspend", S.ACTIVE), ("withdraw", S.DRAFT)])
def test_suspension_and_withdrawal_need_a_reason(officer: User, action: str, status: str) -> None:
    partnership = make_partnership(officer, status=status)
    with pytest.raises(DomainValidationError, match="Say why"):
        partnership_apply_action(
            actor=officer, partnership_id=partnership.pk, action=action, reason=" "
        )


def test_concluding_sets_the_end_date(officer: User) -> None:
    partnership = make_partnership(officer, status=S.CONCLUDED)
    assert partnership.end_on is not None


def test_closed_partnerships_cannot_be_edited(officer: User) -> None:
    partnership = make_partnership(officer, status=S.WITHDRAWN)
    with pytest.raises(InvalidTransition, match="can no longer be changed"):
        partnership_update(actor=officer, partnership_id=partnership.pk, data=partnership_input())


# --- Permissions at the service boundary ------------------------------------------------------
def test_non_member_cannot_see_or_change_a_partnership(officer: User) -> None:
    partnership = make_partnership(officer)
    outsider = government_officer_of("DE")
    with pytest.raises(Http404):
        partnership_apply_action(
            actor=outsider, partnership_id=partnership.pk, action="withdraw", reason="x"
        )


def test_non_governing_member_can_read_but_not_change(officer: User) -> None:
    partnership = make_partnership(officer)
    provider = OrganisationFactory.create(kind=Organisation.Kind.TRAINING_PROVIDER, country_id="MA")
    add_member(partnership, officer, provider, PartnershipMember.Role.TRAINING_PROVIDER)
    provider_staff = MembershipFactory.create(organisation=provider).user
    with pytest.raises(PermissionDenied):
        partnership_update(
            actor=provider_staff, partnership_id=partnership.pk, data=partnership_input()
        )


def test_partner_government_officers_may_edit(officer: User) -> None:
    partnership = make_partnership(officer)
    morocco_officer = government_officer_of("MA")
    add_member(
        partnership,
        officer,
        morocco_officer.memberships.get().organisation,
        PartnershipMember.Role.PARTNER_GOVERNMENT,
    )
    partnership_update(
        actor=morocco_officer, partnership_id=partnership.pk, data=partnership_input(title="Edited")
    )
    partnership.refresh_from_db()
    assert partnership.title == "Edited"


# --- Members, targets ---------------------------------------------------------------------------
def test_last_lead_government_cannot_be_removed(officer: User) -> None:
    partnership = make_partnership(officer)
    lead = partnership.members.get()
    with pytest.raises(DomainValidationError, match="needs a lead government"):
        member_remove(actor=officer, partnership_id=partnership.pk, member_id=lead.pk)


def test_member_added_once_per_role(officer: User) -> None:
    partnership = make_partnership(officer)
    funder = OrganisationFactory.create(kind=Organisation.Kind.FUNDER)
    data = MemberInput(
        organisation_id=funder.pk, role=PartnershipMember.Role.FUNDER, contact_name="Ana"
    )
    member_add(actor=officer, partnership_id=partnership.pk, data=data)
    with pytest.raises(DomainValidationError, match="already a member"):
        member_add(actor=officer, partnership_id=partnership.pk, data=data)
    assert [e.action for e in partnership_history(partnership=partnership)][:1] == [
        "partnerships.member.added"
    ]


def test_annual_target_is_one_row_per_year_and_respects_tracks(officer: User) -> None:
    partnership = make_partnership(officer)
    set_target(
        officer, partnership, people_to_train=100, away_track_placements=60, min_women_share=40
    )
    set_target(officer, partnership, people_to_train=120, away_track_placements=70)
    assert list(partnership.targets.values_list("year", "people_to_train")) == [(2027, 120)]
    with pytest.raises(DomainValidationError, match="no home track"):
        set_target(
            officer,
            partnership,
            year=2028,
            people_to_train=10,
            home_track_placements=5,
            away_track_placements=5,
        )


# --- Cost ledger ------------------------------------------------------------------------------
def _cost(officer: User, partnership: Partnership, **overrides: object) -> CostEntry:
    values: dict[str, object] = {
        "kind": "commitment",
        "cost_group": "training",
        "currency": "EUR",
        "unit_amount": Decimal("1500"),
        "payer_id": partnership.members.get(role="lead_government").organisation_id,
    }
    values.update(overrides)
    return cost_entry_record(actor=officer, partnership_id=partnership.pk, data=CostInput(**values))  # type: ignore[arg-type]


def test_per_trainee_costs_multiply_and_totals_never_mix_currencies(officer: User) -> None:
    partnership = make_partnership(officer)
    entry = _cost(officer, partnership, basis="per_trainee", quantity=40)
    assert entry.amount == Decimal("60000.00")
    _cost(officer, partnership, currency="MAD", unit_amount=Decimal("100"))
    summary = partnership_cost_summary(partnership=partnership)
    assert summary.by_group[("training", "EUR")] == {"commitment": Decimal("60000.00")}
    assert summary.by_group[("training", "MAD")] == {"commitment": Decimal("100.00")}
    assert summary.breaches == []


def test_migration_costs_charged_to_migrants_are_flagged(officer: User) -> None:
    partnership = make_partnership(officer)
    visa = _cost(
        officer, partnership, cost_group="migration_visa", payer_id=None, paid_by_migrants=True
    )
    _cost(officer, partnership, cost_group="living", payer_id=None, paid_by_migrants=True)
    summary = partnership_cost_summary(partnership=partnership)
    assert summary.breaches == [visa]
    assert ("Migrants", "EUR") in summary.by_payer


def test_payer_must_be_a_member_and_exactly_one(officer: User) -> None:
    partnership = make_partnership(officer)
    stranger = OrganisationFactory.create()
    with pytest.raises(DomainValidationError, match="must be a member"):
        _cost(officer, partnership, payer_id=stranger.pk)
    with pytest.raises(DomainValidationError, match="Choose who pays"):
        _cost(officer, partnership, paid_by_migrants=True)
    with pytest.raises(DomainValidationError, match="ISO 4217"):
        _cost(officer, partnership, currency="EURO")
    with pytest.raises(DomainValidationError, match="more than zero"):
        _cost(officer, partnership, unit_amount=Decimal("0"))


def test_voided_entries_leave_the_totals_but_stay_in_the_ledger(officer: User) -> None:
    partnership = make_partnership(officer)
    entry = _cost(
        officer, partnership, cost_group="migration_travel", payer_id=None, paid_by_migrants=True
    )
    with pytest.raises(DomainValidationError, match="Say why"):
        cost_entry_void(actor=officer, partnership_id=partnership.pk, entry_id=entry.pk, reason="")
    cost_entry_void(actor=officer, partnership_id=partnership.pk, entry_id=entry.pk, reason="typo")
    summary = partnership_cost_summary(partnership=partnership)
    assert summary.breaches == []
    assert summary.by_group == {}
    assert partnership.costs.get().void_reason == "typo"


# --- Documents --------------------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_agreement_pdf_is_stored_under_its_digest(
    officer: User, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    partnership = make_partnership(officer)
    document = document_upload(
        actor=officer,
        partnership_id=partnership.pk,
        upload=SimpleUploadedFile("MoU signed.pdf", PDF, content_type="application/pdf"),
        title="Signed MoU",
        kind="agreement",
    )
    assert document.content_type == "application/pdf"
    assert document.original_name == "MoU signed.pdf"
    assert "MoU" not in str(document.file.name)
    assert document.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agreement.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("scan.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"),
        ("page.pdf", b"%PDF-1.4 <html><body>phish</body></html>"),
        ("empty.pdf", b""),
    ],
)
def test_hostile_or_broken_uploads_are_refused_and_nothing_is_stored(
    officer: User, settings: Settings, tmp_path: Path, name: str, content: bytes
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    partnership = make_partnership(officer)
    with pytest.raises(DomainValidationError):
        document_upload(
            actor=officer,
            partnership_id=partnership.pk,
            upload=SimpleUploadedFile(name, content),
            title="x",
            kind="agreement",
        )
    assert not PartnershipDocument.objects.exists()
    assert not any(tmp_path.rglob("*"))


def test_oversized_upload_is_refused_before_reading(officer: User) -> None:
    partnership = make_partnership(officer)
    big = SimpleUploadedFile("big.pdf", PDF)
    big.size = 21 * 1024 * 1024
    with pytest.raises(DomainValidationError, match="the limit is 20"):
        document_upload(
            actor=officer, partnership_id=partnership.pk, upload=big, title="x", kind="agreement"
        )


def test_concluded_partnership_refuses_documents_and_ledger_changes(
    officer: User, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    partnership = make_partnership(officer, status=S.ACTIVE)
    entry = _cost(officer, partnership)
    partnership_apply_action(actor=officer, partnership_id=partnership.pk, action="conclude")
    with pytest.raises(InvalidTransition, match="can no longer be changed"):
        cost_entry_void(actor=officer, partnership_id=partnership.pk, entry_id=entry.pk, reason="x")
    with pytest.raises(InvalidTransition, match="can no longer be changed"):
        document_upload(
            actor=officer,
            partnership_id=partnership.pk,
            upload=SimpleUploadedFile("a.pdf", PDF),
            title="Late annex",
            kind="annex",
        )
    assert not PartnershipDocument.objects.exists()


def test_outsider_learns_nothing_even_from_a_bogus_action(officer: User) -> None:
    partnership = make_partnership(officer)
    with pytest.raises(Http404):
        partnership_apply_action(
            actor=government_officer_of("DE"), partnership_id=partnership.pk, action="explode"
        )
