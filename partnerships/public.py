"""The public record of a partnership: the one place that decides what the registry shows.

The registry pages, the CSV and the JSON export all render what `public_record` returns, so a
field reaches the public only if it is named here. Never public: contact persons of members
(name, e-mail, phone), documents, history, individual cost entries and who paid them. Cost
totals per cost group and currency appear only when the partners chose to publish them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from partnerships.models import CostEntry, CostGroup, Partnership, PartnershipMember
from partnerships.selectors import partnership_cost_summary

# {(cost group, currency): {"commitment": total, "expenditure": total}}, as
# `partnership_cost_summary(...).by_group` returns it.
CostTotals = Mapping[tuple[str, str], Mapping[str, Decimal]]


def public_prefetches(qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Load everything `public_record` reads, so a list of records costs a fixed few queries.

    `qs` comes from `public_partnership_list()`, which already prefetches members with their
    organisations; the country of each organisation is one more query for the whole list.
    """
    return qs.prefetch_related(
        "corridors", "targets", "members__organisation__country", "cities__country"
    )


def _country(country: Any) -> dict[str, str]:
    return {"code": country.code, "name": country.name}


def _choice(code: str, label: object) -> dict[str, str]:
    return {"code": code, "label": str(label)}


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def public_cost_totals(partnerships: Iterable[Partnership]) -> dict[int, CostTotals]:
    """Totals per cost group and currency for the partnerships that publish their costs.

    One aggregate query for a whole export; it counts exactly what `partnership_cost_summary`
    counts (entries not voided), which a test checks.
    """
    ids = [p.pk for p in partnerships if p.publish_costs]
    totals: dict[int, dict[tuple[str, str], dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    if not ids:
        return {}
    rows = (
        CostEntry.objects.filter(partnership_id__in=ids, voided_at__isnull=True)
        .values("partnership_id", "cost_group", "currency_id", "kind")
        .annotate(summed=Sum("amount"))
        .order_by()
    )
    for row in rows:
        key = (row["cost_group"], row["currency_id"])
        totals[row["partnership_id"]][key][row["kind"]] = row["summed"]
    return dict(totals)


def _cost_rows(totals: CostTotals) -> list[dict[str, Any]]:
    order = list(CostGroup.values)
    labels = dict(CostGroup.choices)
    return [
        {
            "cost_group": _choice(group, labels.get(group, group)),
            "currency": currency,
            "committed": _amount(values.get(CostEntry.Kind.COMMITMENT, Decimal(0))),
            "spent": _amount(values.get(CostEntry.Kind.EXPENDITURE, Decimal(0))),
        }
        for (group, currency), values in sorted(
            totals.items(),
            key=lambda item: (order.index(item[0][0]) if item[0][0] in order else 99, item[0][1]),
        )
    ]


def public_record(
    partnership: Partnership, *, cost_totals: CostTotals | None = None
) -> dict[str, Any]:
    """The partnership as the public may see it: plain data (dates stay `date`, which
    DjangoJSONEncoder writes as ISO 8601; amounts are strings with two decimals).

    ``cost_totals`` lets an export pass totals fetched for many partnerships at once (see
    `public_cost_totals`); without it, the totals come from `partnership_cost_summary`.
    """
    p = partnership
    cost_section: list[dict[str, Any]] | None = None
    if p.publish_costs:
        if cost_totals is None:
            cost_totals = partnership_cost_summary(partnership=p).by_group
        cost_section = _cost_rows(cost_totals)
    members = sorted(
        p.members.all(),
        key=lambda m: (list(PartnershipMember.Role.values).index(m.role), m.organisation.name),
    )
    return {
        "reference_code": p.reference_code,
        "title": p.title,
        "kind": _choice(p.kind, p.get_kind_display()),
        "instrument": _choice(p.instrument, p.get_instrument_display()),
        "summary": p.summary,
        "status": _choice(p.status, p.get_status_display()),
        "signed_on": p.signed_on,
        "start_on": p.start_on,
        "end_on": p.end_on,
        "origin_countries": [_country(c) for c in sorted(p.origin_countries.all(), key=str)],
        "destination_countries": [
            _country(c) for c in sorted(p.destination_countries.all(), key=str)
        ],
        "corridors": sorted(f"{c.origin_id}-{c.destination_id}" for c in p.corridors.all()),
        "cities": [
            {
                "name": c.name,
                "country": _country(c.country),
                "side": _choice(c.side, c.get_side_display()),
            }
            for c in sorted(p.cities.all(), key=lambda c: (c.side != "origin", c.name))
        ],
        "sectors": [_choice(s.sector_id, str(s.sector)) for s in p.sectors.all()],
        "occupations": [
            {"code": o.code or o.isco_code, "title": o.title, "esco_uri": o.esco_uri or None}
            for o in sorted(p.occupations.all(), key=lambda o: (o.isco_code, o.title))
        ],
        "skill_levels": p.skill_levels,
        "tracks": _choice(p.tracks, p.get_tracks_display()),
        "target_away_share": p.target_away_share,
        "gcm_objectives": [
            {"number": g.number, "title": g.title}
            for g in sorted(p.gcm_objectives.all(), key=lambda g: g.number)
        ],
        "sdg_targets": [t.code for t in sorted(p.sdg_targets.all(), key=lambda t: t.rank)],
        "safeguards": {name: bool(getattr(p, name)) for name in Partnership.SAFEGUARD_FIELDS},
        # Organisation, country and role only: contact persons are never public.
        "members": [
            {
                "organisation": m.organisation.name,
                "country": _country(m.organisation.country),
                "role": _choice(m.role, m.get_role_display()),
            }
            for m in members
        ],
        "targets": [
            {
                "year": t.year,
                "people_to_train": t.people_to_train,
                "home_track_placements": t.home_track_placements,
                "away_track_placements": t.away_track_placements,
                "min_women_share": t.min_women_share,
            }
            for t in sorted(p.targets.all(), key=lambda t: t.year)
        ],
        # None: the partners have not published their costs (not "no costs").
        "cost_totals": cost_section,
    }


def public_records(partnerships: Iterable[Partnership]) -> list[dict[str, Any]]:
    """Records for a list (prefetched with `public_prefetches`), in a fixed number of queries."""
    rows = list(partnerships)
    totals = public_cost_totals(rows)
    return [
        public_record(p, cost_totals=totals.get(p.pk, {}) if p.publish_costs else None)
        for p in rows
    ]


# --- CSV --------------------------------------------------------------------------------------
PUBLIC_CSV_COLUMNS: list[str] = [
    "reference_code",
    "title",
    "kind",
    "instrument",
    "status",
    "signed_on",
    "start_on",
    "end_on",
    "origin_countries",
    "destination_countries",
    "corridors",
    "cities",
    "sectors",
    "occupations",
    "skill_levels",
    "tracks",
    "target_away_share",
    "gcm_objectives",
    "sdg_targets",
    *(f"safeguard_{name}" for name in Partnership.SAFEGUARD_FIELDS),
    "members",
    "targets",
    "cost_totals",
    "summary",
]

SEPARATOR = "; "
# A cell starting with one of these is a formula to Excel and LibreOffice ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _target(t: Mapping[str, Any]) -> str:
    parts = [
        f"train {t['people_to_train']}",
        f"home {t['home_track_placements']}",
        f"away {t['away_track_placements']}",
    ]
    if t["min_women_share"] is not None:
        parts.append(f"women >= {t['min_women_share']}%")
    return f"{t['year']}: " + ", ".join(parts)


def public_csv_row(record: Mapping[str, Any]) -> list[str]:
    """One CSV row for a `public_record`, in `PUBLIC_CSV_COLUMNS` order; lists joined by "; "."""
    join = SEPARATOR.join
    costs = record["cost_totals"]
    values: dict[str, object] = {
        "reference_code": record["reference_code"],
        "title": record["title"],
        "kind": record["kind"]["label"],
        "instrument": record["instrument"]["label"],
        "status": record["status"]["label"],
        "signed_on": _iso(record["signed_on"]),
        "start_on": _iso(record["start_on"]),
        "end_on": _iso(record["end_on"]),
        "origin_countries": join(c["code"] for c in record["origin_countries"]),
        "destination_countries": join(c["code"] for c in record["destination_countries"]),
        "corridors": join(record["corridors"]),
        "cities": join(
            f"{c['name']} ({c['country']['code']}, {c['side']['code']})" for c in record["cities"]
        ),
        "sectors": join(s["label"] for s in record["sectors"]),
        "occupations": join(f"{o['code']} {o['title']}" for o in record["occupations"]),
        "skill_levels": join(record["skill_levels"]),
        "tracks": record["tracks"]["code"],
        "target_away_share": record["target_away_share"],
        "gcm_objectives": join(str(g["number"]) for g in record["gcm_objectives"]),
        "sdg_targets": join(record["sdg_targets"]),
        **{
            f"safeguard_{name}": "yes" if covered else "no"
            for name, covered in record["safeguards"].items()
        },
        "members": join(
            f"{m['organisation']} ({m['country']['code']}, {m['role']['label']})"
            for m in record["members"]
        ),
        "targets": join(_target(t) for t in record["targets"]),
        "cost_totals": ""
        if costs is None
        else join(
            f"{c['cost_group']['label']} {c['currency']}: "
            f"committed {c['committed']}, spent {c['spent']}"
            for c in costs
        ),
        "summary": record["summary"],
    }
    return [_cell(values[column]) for column in PUBLIC_CSV_COLUMNS]
