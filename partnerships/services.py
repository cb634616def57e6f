"""Every change to a partnership: lock, check, save, audit. Callers never assign fields directly.

All events are recorded against the partnership itself, so its history reads as one timeline.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, Role, User
from accounts.permissions import AnyUser, acting_organisation_id, has_role
from audit.services import audit_record
from core.api.moves import ReasonInputSerializer
from core.documents import atomic_with_files, document_file_store
from core.errors import DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, Move
from core.uploads import DOCUMENTS, check_upload
from partnerships.models import (
    AnnualTarget,
    Corridor,
    CostEntry,
    CustomIndicator,
    Partnership,
    PartnershipCity,
    PartnershipDocument,
    PartnershipMember,
    PartnershipSector,
    PartnershipStatus,
)
from partnerships.permissions import (
    GOVERNMENT_KINDS,
    can_create_partnership,
    can_edit_partnership,
    get_partnership_for_user,
    government_organisations_of,
)
from taxonomy.models import (
    ConceptStatus,
    Country,
    Currency,
    GcmObjective,
    Occupation,
    SdgTarget,
    Sector,
)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
S = PartnershipStatus


@dataclass
class CityInput:
    name: str
    country: str
    side: str


@dataclass
class PartnershipInput:
    """The editable description of a partnership, as forms and serializers deliver it."""

    title: str
    kind: str
    instrument: str
    origin_countries: list[str]
    destination_countries: list[str]
    summary: str = ""
    signed_on: date | None = None
    start_on: date | None = None
    end_on: date | None = None
    corridors: list[tuple[str, str]] | None = None  # None: every origin-destination pair
    cities: list[CityInput] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    occupations: list[int] = field(default_factory=list)
    gcm_objectives: list[int] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)
    covers_low_skill: bool = False
    covers_medium_skill: bool = False
    covers_high_skill: bool = False
    tracks: str = Partnership.Track.AWAY
    target_away_share: int | None = None
    safeguards: dict[str, bool] = field(default_factory=dict)
    listed_publicly: bool = True
    publish_costs: bool = False


SCALAR_FIELDS = (
    "title",
    "kind",
    "instrument",
    "summary",
    "signed_on",
    "start_on",
    "end_on",
    "covers_low_skill",
    "covers_medium_skill",
    "covers_high_skill",
    "tracks",
    "target_away_share",
    "listed_publicly",
    "publish_costs",
)


CLOSED = (S.CONCLUDED, S.WITHDRAWN)


def _lock(actor: AnyUser, partnership_id: int) -> Partnership:
    # Permission first (404/403 without holding a lock), then the row lock for the change.
    get_partnership_for_user(actor, partnership_id, for_write=True)
    return Partnership.objects.select_for_update().get(pk=partnership_id)


def _ensure_open(partnership: Partnership) -> None:
    if partnership.status in CLOSED:
        raise InvalidTransition(
            _("This partnership is %(status)s and can no longer be changed.")
            % {"status": partnership.get_status_display().lower()}
        )


# --- Validation -------------------------------------------------------------------------------
def _countries(codes: list[str], field_name: str) -> list[Country]:
    wanted = {c.strip().upper() for c in codes if c.strip()}
    found = list(Country.objects.filter(code__in=wanted))
    missing = wanted - {c.code for c in found}
    if missing:
        raise DomainValidationError(
            _("Unknown country code(s): %(codes)s.") % {"codes": ", ".join(sorted(missing))},
            field=field_name,
        )
    return found


def _resolve_corridors(data: PartnershipInput) -> list[tuple[str, str]]:
    origins = {c.upper() for c in data.origin_countries}
    destinations = {c.upper() for c in data.destination_countries}
    possible = {(o, d) for o in origins for d in destinations if o != d}
    if data.corridors is None:
        chosen = possible
    else:
        chosen = {(o.upper(), d.upper()) for o, d in data.corridors}
        for origin, destination in sorted(chosen):
            if origin == destination:
                raise DomainValidationError(
                    _("A country cannot be both origin and destination of one corridor (%(c)s).")
                    % {"c": origin},
                    field="corridors",
                )
            if (origin, destination) not in possible:
                raise DomainValidationError(
                    _("Corridor %(o)s → %(d)s must join an origin to a destination country.")
                    % {"o": origin, "d": destination},
                    field="corridors",
                )
    if not chosen:
        raise DomainValidationError(
            _(
                "A country cannot be both origin and destination of the same corridor: add another "
                "origin or destination country."
            ),
            field="destination_countries",
        )
    return sorted(chosen)


def _validate(data: PartnershipInput) -> dict[str, Any]:
    """Check the whole description; return the resolved related objects."""
    if not data.title.strip():
        raise DomainValidationError(_("Give the partnership a title."), field="title")
    if data.kind not in Partnership.Kind.values:
        raise DomainValidationError(_("Choose the kind of partnership."), field="kind")
    if data.instrument not in Partnership.Instrument.values:
        raise DomainValidationError(_("Choose the legal instrument."), field="instrument")
    if not data.origin_countries:
        raise DomainValidationError(
            _("Add at least one country of origin."), field="origin_countries"
        )
    if not data.destination_countries:
        raise DomainValidationError(
            _("Add at least one country of destination."), field="destination_countries"
        )
    origins = _countries(data.origin_countries, "origin_countries")
    destinations = _countries(data.destination_countries, "destination_countries")
    corridors = _resolve_corridors(data)
    if data.start_on and data.end_on and data.end_on < data.start_on:
        raise DomainValidationError(
            _("The end date must be on or after the start date."), field="end_on"
        )
    if data.tracks not in Partnership.Track.values:
        raise DomainValidationError(_("Choose the tracks."), field="tracks")
    if (
        data.kind == Partnership.Kind.GLOBAL_SKILL_PARTNERSHIP
        and data.tracks != Partnership.Track.BOTH
    ):
        raise DomainValidationError(
            _("A Global Skill Partnership trains on both a home and an away track."), field="tracks"
        )
    if data.tracks == Partnership.Track.BOTH:
        if data.target_away_share is None or not 0 <= data.target_away_share <= 100:
            raise DomainValidationError(
                _("Give the target share of trainees on the away track, from 0 to 100%."),
                field="target_away_share",
            )
    else:
        data.target_away_share = 100 if data.tracks == Partnership.Track.AWAY else 0
    bad_sectors = set(data.sectors) - set(
        Sector.objects.filter(code__in=data.sectors).values_list("code", flat=True)
    )
    if bad_sectors:
        raise DomainValidationError(
            _("Unknown sector(s): %(s)s.") % {"s": ", ".join(sorted(bad_sectors))}, field="sectors"
        )
    occupations = list(
        Occupation.objects.filter(pk__in=data.occupations, status=ConceptStatus.ACTIVE)
    )
    if len(occupations) != len(set(data.occupations)):
        raise DomainValidationError(
            _("Some occupations are unknown or deprecated."), field="occupations"
        )
    gcm = list(GcmObjective.objects.filter(number__in=data.gcm_objectives))
    if len(gcm) != len(set(data.gcm_objectives)):
        raise DomainValidationError(
            _("GCM objectives are numbered 1 to 23."), field="gcm_objectives"
        )
    sdg = list(SdgTarget.objects.filter(code__in=data.sdg_targets))
    if len(sdg) != len(set(data.sdg_targets)):
        raise DomainValidationError(_("Some SDG targets are unknown."), field="sdg_targets")
    unknown = set(data.safeguards) - set(Partnership.SAFEGUARD_FIELDS)
    if unknown:
        raise DomainValidationError(_("Unknown safeguard(s)."), field="safeguards")
    _validate_cities(data, {c.code for c in origins}, {c.code for c in destinations})
    return {
        "origins": origins,
        "destinations": destinations,
        "corridors": corridors,
        "occupations": occupations,
        "gcm": gcm,
        "sdg": sdg,
    }


def _validate_cities(data: PartnershipInput, origins: set[str], destinations: set[str]) -> None:
    for city in data.cities:
        if not city.name.strip():
            raise DomainValidationError(_("Every city needs a name."), field="cities")
        if city.side not in PartnershipCity.Side.values:
            raise DomainValidationError(
                _("Say whether %(city)s is a city of origin or of destination.")
                % {"city": city.name},
                field="cities",
            )
        side_countries = origins if city.side == PartnershipCity.Side.ORIGIN else destinations
        if city.country.upper() not in side_countries:
            message = (
                _("%(city)s must be in one of the partnership's countries of origin.")
                if city.side == PartnershipCity.Side.ORIGIN
                else _("%(city)s must be in one of the partnership's countries of destination.")
            )
            raise DomainValidationError(message % {"city": city.name}, field="cities")
    if data.kind == Partnership.Kind.CITY_TO_CITY:
        sides = {c.side for c in data.cities}
        if sides != {PartnershipCity.Side.ORIGIN, PartnershipCity.Side.DESTINATION}:
            raise DomainValidationError(
                _("A city-to-city partnership needs a city of origin and a city of destination."),
                field="cities",
            )


def _write_description(
    partnership: Partnership, data: PartnershipInput, resolved: dict[str, Any]
) -> None:
    partnership.origin_countries.set(resolved["origins"])
    partnership.destination_countries.set(resolved["destinations"])
    partnership.occupations.set(resolved["occupations"])
    partnership.gcm_objectives.set(resolved["gcm"])
    partnership.sdg_targets.set(resolved["sdg"])
    partnership.corridors.all().delete()
    Corridor.objects.bulk_create(
        Corridor(partnership=partnership, origin_id=o, destination_id=d)
        for o, d in resolved["corridors"]
    )
    partnership.sectors.all().delete()
    PartnershipSector.objects.bulk_create(
        PartnershipSector(partnership=partnership, sector_id=s) for s in sorted(set(data.sectors))
    )
    partnership.cities.all().delete()
    PartnershipCity.objects.bulk_create(
        PartnershipCity(
            partnership=partnership, name=c.name.strip(), country_id=c.country.upper(), side=c.side
        )
        for c in data.cities
    )


def _snapshot(partnership: Partnership) -> dict[str, Any]:
    return {
        **{f: getattr(partnership, f) for f in SCALAR_FIELDS},
        **{f: getattr(partnership, f) for f in Partnership.SAFEGUARD_FIELDS},
        "origin_countries": sorted(c.code for c in partnership.origin_countries.all()),
        "destination_countries": sorted(c.code for c in partnership.destination_countries.all()),
        "corridors": sorted(
            f"{c.origin_id}-{c.destination_id}" for c in partnership.corridors.all()
        ),
        "sectors": sorted(s.sector_id for s in partnership.sectors.all()),
        "occupations": sorted(o.pk for o in partnership.occupations.all()),
        "gcm_objectives": sorted(g.number for g in partnership.gcm_objectives.all()),
        "sdg_targets": sorted(t.code for t in partnership.sdg_targets.all()),
        "cities": sorted(f"{c.name} ({c.country_id}, {c.side})" for c in partnership.cities.all()),
    }


# --- Partnership ------------------------------------------------------------------------------
def _lead_government(actor: User, chosen: int | None) -> Organisation:
    """The government a new partnership is registered for: one of the officer's own (the one
    they chose, or their only one), or any government an administrator without one chooses."""
    governments = government_organisations_of(actor)
    if governments or not has_role(actor, Role.ADMIN):
        lead_id = acting_organisation_id(governments, chosen, field="lead_organisation")
        return next(o for o in governments if o.pk == lead_id)
    lead = None
    if chosen is not None:
        lead = Organisation.objects.filter(
            pk=chosen, kind__in=GOVERNMENT_KINDS, is_active=True
        ).first()
    if lead is None:
        raise DomainValidationError(_("Choose the lead government."), field="lead_organisation")
    return lead


@transaction.atomic
def partnership_create(
    *, actor: User, data: PartnershipInput, lead_organisation_id: int | None = None
) -> Partnership:
    """Register a draft partnership, with the actor's government as lead member."""
    if not can_create_partnership(actor):
        raise PermissionDenied(_("Only government officers can register partnerships."))
    lead = _lead_government(actor, lead_organisation_id)
    resolved = _validate(data)
    # The code embeds the primary key, so the row is first saved under a unique placeholder.
    partnership = Partnership(created_by=actor, reference_code=f"TMP-{uuid.uuid4().hex[:16]}")
    for name in SCALAR_FIELDS:
        setattr(partnership, name, getattr(data, name))
    for name in Partnership.SAFEGUARD_FIELDS:
        setattr(partnership, name, bool(data.safeguards.get(name, False)))
    partnership.save()
    partnership.reference_code = f"SMP-{partnership.created_at:%Y}-{partnership.pk:05d}"
    partnership.save(update_fields=["reference_code"])
    _write_description(partnership, data, resolved)
    PartnershipMember.objects.create(
        partnership=partnership,
        organisation=lead,
        role=PartnershipMember.Role.LEAD_GOVERNMENT,
        contact_name=actor.full_name,
        contact_email=actor.email,
    )
    audit_record(
        actor=actor,
        action="partnerships.partnership.created",
        target=partnership,
        to_state=partnership.status,
        data={"lead": lead.name, **_snapshot(partnership)},
    )
    return partnership


@transaction.atomic
def partnership_update(*, actor: User, partnership_id: int, data: PartnershipInput) -> Partnership:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    before = _snapshot(partnership)
    resolved = _validate(data)
    for name in SCALAR_FIELDS:
        setattr(partnership, name, getattr(data, name))
    for name in Partnership.SAFEGUARD_FIELDS:
        setattr(partnership, name, bool(data.safeguards.get(name, False)))
    partnership.save()
    _write_description(partnership, data, resolved)
    after = _snapshot(partnership)
    changes = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    if changes:
        audit_record(
            actor=actor, action="partnerships.partnership.updated", target=partnership, data=changes
        )
    return partnership


# The audit code each move leaves (``partnerships.partnership.<past participle>``).
MOVE_EVENTS = {
    "start_negotiation": "partnerships.partnership.negotiation_started",
    "return_to_draft": "partnerships.partnership.returned_to_draft",
    "activate": "partnerships.partnership.activated",
    "suspend": "partnerships.partnership.suspended",
    "resume": "partnerships.partnership.resumed",
    "conclude": "partnerships.partnership.concluded",
    "withdraw": "partnerships.partnership.withdrawn",
}


@transaction.atomic
def partnership_apply_action(
    *, actor: User, partnership_id: int, action: str, reason: str = ""
) -> Partnership:
    """Move the partnership through its lifecycle; refused moves raise InvalidTransition."""
    partnership = _lock(actor, partnership_id)
    step = PARTNERSHIP_LIFECYCLE.get(action)
    if step is None:
        raise DomainValidationError(_("Unknown action."), field="action")
    target = step.targets[0]
    if not PARTNERSHIP_LIFECYCLE.applies(step, partnership):
        partnership.ensure_can_become(target)  # raises with a message naming both states
        raise InvalidTransition(
            _("This action does not apply to the partnership's current status.")
        )
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise DomainValidationError(_("Say why, for the partnership's history."), field="reason")
    if target == S.ACTIVE and partnership.status == S.NEGOTIATION:
        _ensure_ready_to_activate(partnership)
    previous = partnership.status
    partnership.status = target
    fields = ["status", "updated_at"]
    if target == S.CONCLUDED and partnership.end_on is None:
        partnership.end_on = max(timezone.localdate(), partnership.start_on or timezone.localdate())
        fields.append("end_on")
    partnership.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=MOVE_EVENTS[step.name],
        target=partnership,
        from_state=previous,
        to_state=partnership.status,
        data={"reason": reason} if reason else {},
    )
    return partnership


def _ensure_ready_to_activate(partnership: Partnership) -> None:
    missing = []
    if partnership.signed_on is None:
        missing.append(_("the date the agreement was signed"))
    if partnership.start_on is None:
        missing.append(_("a start date"))
    if not partnership.members.filter(role=PartnershipMember.Role.LEAD_GOVERNMENT).exists():
        missing.append(_("a lead government member"))
    if not partnership.corridors.exists():
        missing.append(_("at least one corridor"))
    if missing:
        raise InvalidTransition(
            _("Before activating, add %(missing)s.")
            % {"missing": ", ".join(str(m) for m in missing)}
        )


# --- Members ----------------------------------------------------------------------------------
@dataclass
class MemberInput:
    organisation_id: int
    role: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    joined_on: date | None = None


@transaction.atomic
def member_add(*, actor: User, partnership_id: int, data: MemberInput) -> PartnershipMember:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    if data.role not in PartnershipMember.Role.values:
        raise DomainValidationError(_("Choose the member's role."), field="role")
    organisation = Organisation.objects.filter(pk=data.organisation_id, is_active=True).first()
    if organisation is None:
        raise DomainValidationError(_("Choose an organisation."), field="organisation")
    if partnership.members.filter(organisation=organisation, role=data.role).exists():
        raise DomainValidationError(
            _("%(org)s is already a member in this role.") % {"org": organisation.name},
            field="organisation",
        )
    member = PartnershipMember.objects.create(
        partnership=partnership,
        organisation=organisation,
        role=data.role,
        contact_name=data.contact_name.strip(),
        contact_email=data.contact_email.strip(),
        contact_phone=data.contact_phone.strip(),
        joined_on=data.joined_on,
    )
    audit_record(
        actor=actor,
        action="partnerships.member.added",
        target=partnership,
        data={"member": member.pk, "organisation": organisation.name, "role": data.role},
    )
    return member


@transaction.atomic
def member_remove(*, actor: User, partnership_id: int, member_id: int) -> None:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    member = partnership.members.select_related("organisation").filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member.")
    leads = partnership.members.filter(role=PartnershipMember.Role.LEAD_GOVERNMENT)
    if member.role == PartnershipMember.Role.LEAD_GOVERNMENT and leads.count() == 1:
        raise DomainValidationError(
            _("A partnership needs a lead government: add another before removing this one."),
            field="member",
        )
    if (
        partnership.costs.filter(payer=member.organisation).exists()
        and not partnership.members.filter(organisation=member.organisation)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise DomainValidationError(
            _("%(org)s has entries in the cost ledger; void them before removing it.")
            % {"org": member.organisation.name},
            field="member",
        )
    audit_record(
        actor=actor,
        action="partnerships.member.removed",
        target=partnership,
        data={"member": member.pk, "organisation": member.organisation.name, "role": member.role},
    )
    member.delete()


# --- Targets ----------------------------------------------------------------------------------
@transaction.atomic
def annual_target_set(
    *,
    actor: User,
    partnership_id: int,
    year: int,
    people_to_train: int,
    home_track_placements: int,
    away_track_placements: int,
    min_women_share: int | None = None,
) -> AnnualTarget:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    if not 2000 <= year <= 2100:
        raise DomainValidationError(_("Give a year between 2000 and 2100."), field="year")
    if min(people_to_train, home_track_placements, away_track_placements) < 0:
        raise DomainValidationError(_("Targets cannot be negative."))
    if min_women_share is not None and not 0 <= min_women_share <= 100:
        raise DomainValidationError(
            _("The share of women is a percentage, 0 to 100."), field="min_women_share"
        )
    if partnership.tracks == Partnership.Track.HOME and away_track_placements:
        raise DomainValidationError(
            _("This partnership has no away track."), field="away_track_placements"
        )
    if partnership.tracks == Partnership.Track.AWAY and home_track_placements:
        raise DomainValidationError(
            _("This partnership has no home track."), field="home_track_placements"
        )
    values = {
        "people_to_train": people_to_train,
        "home_track_placements": home_track_placements,
        "away_track_placements": away_track_placements,
        "min_women_share": min_women_share,
    }
    target, created = AnnualTarget.objects.update_or_create(
        partnership=partnership, year=year, defaults=values
    )
    audit_record(
        actor=actor,
        action="partnerships.target.set",
        target=partnership,
        data={"year": year, "created": created, **values},
    )
    return target


@transaction.atomic
def custom_indicator_set(
    *,
    actor: User,
    partnership_id: int,
    year: int,
    name: str,
    target_value: Decimal,
    unit: str = "",
    actual_value: Decimal | None = None,
) -> CustomIndicator:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    if not name.strip():
        raise DomainValidationError(_("Name the indicator."), field="name")
    if not 2000 <= year <= 2100:
        raise DomainValidationError(_("Give a year between 2000 and 2100."), field="year")
    indicator, _created = CustomIndicator.objects.update_or_create(
        partnership=partnership,
        year=year,
        name=name.strip(),
        defaults={"unit": unit.strip(), "target_value": target_value, "actual_value": actual_value},
    )
    audit_record(
        actor=actor,
        action="partnerships.indicator.set",
        target=partnership,
        data={"year": year, "name": indicator.name, "target": target_value, "actual": actual_value},
    )
    return indicator


# --- Costs ------------------------------------------------------------------------------------
@dataclass
class CostInput:
    kind: str
    cost_group: str
    currency: str
    unit_amount: Decimal
    payer_id: int | None = None
    paid_by_migrants: bool = False
    basis: str = CostEntry.Basis.LUMP_SUM
    quantity: int = 1
    description: str = ""
    occurred_on: date | None = None


@transaction.atomic
def cost_entry_record(*, actor: User, partnership_id: int, data: CostInput) -> CostEntry:
    """Add a ledger line. A migration cost charged to migrants is recorded but flagged."""
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    return _cost_entry_create(actor, partnership, data, source="")


@transaction.atomic
def cost_entry_post_from_member(
    *, actor: User, partnership_id: int, data: CostInput, source: str
) -> CostEntry:
    """A ledger line posted by another app on behalf of a member organisation (training posts a
    cohort's funding commitments). The calling app has checked that ``actor`` works for that
    member; the ledger rules (payer is a member, currency, amounts) are the same as by hand."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
    _ensure_open(partnership)
    return _cost_entry_create(actor, partnership, data, source=source)


def _cost_entry_create(
    actor: User, partnership: Partnership, data: CostInput, *, source: str
) -> CostEntry:
    if data.kind not in CostEntry.Kind.values:
        raise DomainValidationError(_("Choose commitment or expenditure."), field="kind")
    if data.cost_group not in dict(CostEntry._meta.get_field("cost_group").choices or []):
        raise DomainValidationError(_("Choose a cost group."), field="cost_group")
    if (data.payer_id is None) == (not data.paid_by_migrants):
        raise DomainValidationError(
            _("Choose who pays: a member organisation, or the migrants themselves."), field="payer"
        )
    if (
        data.payer_id is not None
        and not partnership.members.filter(organisation_id=data.payer_id).exists()
    ):
        raise DomainValidationError(
            _("The payer must be a member of the partnership."), field="payer"
        )
    if not Currency.objects.filter(code=data.currency.upper()).exists():
        raise DomainValidationError(_("Use an ISO 4217 currency code, e.g. EUR."), field="currency")
    if data.unit_amount <= 0:
        raise DomainValidationError(_("The amount must be more than zero."), field="unit_amount")
    if data.basis not in CostEntry.Basis.values:
        raise DomainValidationError(_("Choose the basis of the amount."), field="basis")
    quantity = 1 if data.basis == CostEntry.Basis.LUMP_SUM else data.quantity
    if quantity < 1:
        raise DomainValidationError(_("Give the number of cohorts or trainees."), field="quantity")
    entry = CostEntry.objects.create(
        partnership=partnership,
        kind=data.kind,
        cost_group=data.cost_group,
        payer_id=data.payer_id,
        paid_by_migrants=data.paid_by_migrants,
        currency_id=data.currency.upper(),
        unit_amount=data.unit_amount,
        basis=data.basis,
        quantity=quantity,
        amount=CostEntry.total(data.unit_amount, quantity),
        description=data.description.strip(),
        occurred_on=data.occurred_on,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="partnerships.cost.recorded",
        target=partnership,
        data={
            "entry": entry.pk,
            "kind": entry.kind,
            "cost_group": entry.cost_group,
            "payer": "migrants" if entry.paid_by_migrants else entry.payer_id,
            "amount": entry.amount,
            "currency": entry.currency_id,
            "breaches_employer_pays": entry.breaches_employer_pays,
            **({"source": source} if source else {}),
        },
    )
    return entry


@transaction.atomic
def cost_entry_void(*, actor: User, partnership_id: int, entry_id: int, reason: str) -> CostEntry:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    entry = partnership.costs.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such ledger entry.")
    if entry.voided_at is not None:
        raise DomainValidationError(_("This entry was already voided."), field="entry")
    if not reason.strip():
        raise DomainValidationError(_("Say why the entry is voided."), field="reason")
    entry.voided_at = timezone.now()
    entry.void_reason = reason.strip()[:255]
    entry.save(update_fields=["voided_at", "void_reason"])
    audit_record(
        actor=actor,
        action="partnerships.cost.voided",
        target=partnership,
        data={"entry": entry.pk, "reason": entry.void_reason, "amount": entry.amount},
    )
    return entry


# --- Documents --------------------------------------------------------------------------------
@atomic_with_files
def document_upload(
    *, actor: User, partnership_id: int, upload: UploadedFile, title: str, kind: str
) -> PartnershipDocument:
    # The content check (which may wait for the virus scanner) runs before the row lock.
    _ensure_open(get_partnership_for_user(actor, partnership_id, for_write=True))
    if kind not in PartnershipDocument.Kind.values:
        raise DomainValidationError(_("Choose the kind of document."), field="kind")
    if not title.strip():
        raise DomainValidationError(_("Give the document a title."), field="title")
    checked = check_upload(upload, allowed=DOCUMENTS, max_bytes=MAX_DOCUMENT_BYTES)
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    document = PartnershipDocument(
        partnership=partnership, kind=kind, title=title.strip()[:200], uploaded_by=actor
    )
    document_file_store(document, checked)
    document.save()
    audit_record(
        actor=actor,
        action="partnerships.document.uploaded",
        target=partnership,
        data={"document": document.pk, "title": document.title, "sha256": checked.sha256},
    )
    return document


@transaction.atomic
def document_delete(*, actor: User, partnership_id: int, document_id: int) -> None:
    partnership = _lock(actor, partnership_id)
    _ensure_open(partnership)
    document = partnership.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document.")
    audit_record(
        actor=actor,
        action="partnerships.document.deleted",
        target=partnership,
        data={"document": document.pk, "title": document.title, "sha256": document.sha256},
    )
    storage, name = document.file.storage, document.file.name or ""
    document.delete()
    if name:
        # The file goes only once the deletion is committed; a rollback keeps both.
        transaction.on_commit(lambda: storage.delete(name))


# --- Lifecycle: each move declared once; the API endpoints, the page's buttons and the
# "available actions" lists are made from this.
def _move(name: str, label: Promise, target: str, **options: Any) -> Move[Partnership]:
    return Move(
        name,
        label,
        (target,),
        lambda actor, pk, values: partnership_apply_action(
            actor=actor, partnership_id=pk, action=name, reason=values.get("reason", "")
        ),
        allowed=can_edit_partnership,
        body=ReasonInputSerializer,
        **options,
    )


PARTNERSHIP_LIFECYCLE: Lifecycle[Partnership] = Lifecycle(
    entity="partnership",
    model=Partnership,
    lookup=get_partnership_for_user,
    moves=(
        _move("start_negotiation", gettext_lazy("Start negotiation"), S.NEGOTIATION, style=""),
        _move("return_to_draft", gettext_lazy("Return to draft"), S.DRAFT),
        _move("activate", gettext_lazy("Activate"), S.ACTIVE, sources=(S.NEGOTIATION,), style=""),
        _move(
            "suspend",
            gettext_lazy("Suspend"),
            S.SUSPENDED,
            needs_reason=True,
            reason_label=gettext_lazy("Why is the partnership suspended?"),
            style="button--danger",
        ),
        _move("resume", gettext_lazy("Resume"), S.ACTIVE, sources=(S.SUSPENDED,), style=""),
        _move("conclude", gettext_lazy("Conclude"), S.CONCLUDED),
        _move(
            "withdraw",
            gettext_lazy("Withdraw"),
            S.WITHDRAWN,
            needs_reason=True,
            reason_label=gettext_lazy("Why is the partnership withdrawn?"),
            style="button--danger",
        ),
    ),
)
