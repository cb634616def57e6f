"""The editable description of a partnership (countries, corridors, cities, sectors,
occupations, goals, tracks, safeguards): its input, its checks, how it is written and
snapshotted for the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from core.errors import DomainValidationError
from partnerships.models import Corridor, Partnership, PartnershipCity, PartnershipSector
from taxonomy.models import ConceptStatus, Country, GcmObjective, Occupation, SdgTarget, Sector


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


def validate_description(data: PartnershipInput) -> dict[str, Any]:
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


def write_description(
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


def snapshot(partnership: Partnership) -> dict[str, Any]:
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
