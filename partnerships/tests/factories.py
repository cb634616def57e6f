"""Partnerships for tests, always built through the services (so they are valid and audited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from partnerships.models import AnnualTarget, CostEntry, CostGroup, Partnership
from partnerships.services import (
    MemberInput,
    PartnershipInput,
    annual_target_set,
    member_add,
    partnership_apply_action,
    partnership_create,
)
from partnerships.services.costs import CostInput, cost_entry_record


def partnership_input(**overrides: Any) -> PartnershipInput:
    values: dict[str, Any] = {
        "title": "Morocco-Belgium ICT talent partnership",
        "kind": Partnership.Kind.BILATERAL,
        "instrument": Partnership.Instrument.MOU,
        "origin_countries": ["MA"],
        "destination_countries": ["BE"],
        "summary": "Training Moroccan ICT graduates for jobs in Belgium.",
        "sectors": ["ict"],
        "gcm_objectives": [5, 18],
        "sdg_targets": ["10.7"],
        "covers_high_skill": True,
    }
    values.update(overrides)
    return PartnershipInput(**values)


def government_officer_of(country: str = "BE", **org: Any) -> User:
    """A staff member of a new national government organisation in ``country``."""
    organisation = OrganisationFactory.create(
        kind=Organisation.Kind.NATIONAL_GOVERNMENT, country_id=country, **org
    )
    return MembershipFactory.create(organisation=organisation).user


def make_partnership(
    actor: User | None = None, *, status: str = Partnership.Status.DRAFT, **overrides: Any
) -> Partnership:
    """A partnership led by ``actor``'s government, moved on to ``status`` through the actions."""
    actor = actor or government_officer_of()
    if status in (
        Partnership.Status.ACTIVE,
        Partnership.Status.SUSPENDED,
        Partnership.Status.CONCLUDED,
    ):
        overrides.setdefault("signed_on", date(2026, 1, 15))
        overrides.setdefault("start_on", date(2026, 3, 1))
    partnership = partnership_create(actor=actor, data=partnership_input(**overrides))
    paths: dict[str, list[str]] = {
        Partnership.Status.DRAFT: [],
        Partnership.Status.NEGOTIATION: ["start_negotiation"],
        Partnership.Status.ACTIVE: ["start_negotiation", "activate"],
        Partnership.Status.SUSPENDED: ["start_negotiation", "activate", "suspend"],
        Partnership.Status.CONCLUDED: ["start_negotiation", "activate", "conclude"],
        Partnership.Status.WITHDRAWN: ["withdraw"],
    }
    for action in paths[status]:
        partnership_apply_action(
            actor=actor, partnership_id=partnership.pk, action=action, reason="test"
        )
    partnership.refresh_from_db()
    return partnership


def add_member(
    partnership: Partnership, actor: User, organisation: Organisation, role: str
) -> None:
    member_add(
        actor=actor,
        partnership_id=partnership.pk,
        data=MemberInput(organisation_id=organisation.pk, role=role),
    )


def set_target(
    actor: User,
    partnership: Partnership,
    *,
    year: int = 2027,
    people_to_train: int,
    away_track_placements: int,
    home_track_placements: int = 0,
    min_women_share: int | None = None,
) -> AnnualTarget:
    """``partnership``'s target for ``year``, through the service; an away track only unless
    ``home_track_placements`` says otherwise."""
    return annual_target_set(
        actor=actor,
        partnership_id=partnership.pk,
        year=year,
        people_to_train=people_to_train,
        home_track_placements=home_track_placements,
        away_track_placements=away_track_placements,
        min_women_share=min_women_share,
    )


def ledger_line(
    actor: User, partnership: Partnership, amount: str, payer_id: int, **overrides: Any
) -> CostEntry:
    """A line of ``amount`` euros on ``partnership``'s ledger, paid by ``payer_id``: a training
    commitment unless ``overrides`` say otherwise (``kind=``, ``description=``...)."""
    values: dict[str, Any] = {"kind": CostEntry.Kind.COMMITMENT, "cost_group": CostGroup.TRAINING}
    data = CostInput(
        currency="EUR", unit_amount=Decimal(amount), payer_id=payer_id, **{**values, **overrides}
    )
    return cost_entry_record(actor=actor, partnership_id=partnership.pk, data=data)
