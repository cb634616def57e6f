from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Role
from accounts.permissions import AnyUser, active_memberships, has_role
from audit.models import AuditEventQuerySet
from audit.selectors import audit_event_list_for_target
from core.selectors import filter_equal
from partnerships.models import (
    AnnualTarget,
    CostEntry,
    Indicator,
    Partnership,
    PartnershipMember,
    PartnershipSector,
)

SORTS = {
    "newest": ("-created_at", "-id"),
    "title": ("title", "id"),
    "start": ("start_on", "id"),
    "status": ("status", "title"),
    "code": ("reference_code",),
}


def _base() -> QuerySet[Partnership]:
    return Partnership.objects.prefetch_related(
        "origin_countries",
        "destination_countries",
        Prefetch("sectors", queryset=PartnershipSector.objects.select_related("sector")),
        Prefetch("members", queryset=PartnershipMember.objects.select_related("organisation")),
    )


def partnership_list_for_user(*, user: AnyUser) -> QuerySet[Partnership]:
    """Partnerships ``user`` may see: those of their organisations (administrators: all)."""
    qs = _base()
    if has_role(user, Role.ADMIN):
        return qs
    org_ids = [m.organisation_id for m in active_memberships(user)]
    if not org_ids:
        return qs.none()
    return qs.filter(
        pk__in=PartnershipMember.objects.filter(organisation_id__in=org_ids).values(
            "partnership_id"
        )
    )


def partnership_filter(qs: QuerySet[Partnership], params: dict[str, Any]) -> QuerySet[Partnership]:
    """Apply the list filters shared by the officer list, the API and the public registry."""
    qs = filter_equal(
        qs, params, status="status", kind="kind", sector="sectors__sector", gcm="gcm_objectives"
    )
    if country := params.get("country"):
        country = str(country).upper()
        qs = qs.filter(Q(origin_countries=country) | Q(destination_countries=country))
    if corridor := params.get("corridor"):
        origin, _, destination = str(corridor).upper().partition("-")
        qs = qs.filter(corridors__origin=origin, corridors__destination=destination)
    if occupation := params.get("occupation"):
        value = str(occupation)
        qs = qs.filter(occupations__isco_code__startswith=value) if value.isdigit() else qs.none()
    if text := str(params.get("q", "")).strip():
        for word in text.split()[:6]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(reference_code__icontains=word)
                | Q(summary__icontains=word)
            )
    sort = SORTS.get(str(params.get("sort", "")), SORTS["newest"])
    return qs.distinct().order_by(*sort)


def public_partnership_list() -> QuerySet[Partnership]:
    return (
        _base()
        .prefetch_related("occupations", "gcm_objectives", "sdg_targets", "cities")
        .filter(status__in=Partnership.PUBLIC_STATUSES, listed_publicly=True)
    )


def partnership_history(*, partnership: Partnership) -> AuditEventQuerySet:
    return audit_event_list_for_target(target=partnership)


# --- Targets and actuals ----------------------------------------------------------------------
# Later apps (training, employers) report actuals per year, keyed by ``Indicator`` values:
# {year: {"people_trained": n, "women_share": percent, ...}}. They register from their app
# config, since partnerships imports neither of them.
ActualsProvider = Callable[[Partnership], Mapping[int, Mapping[str, Decimal | int]]]
ACTUALS_PROVIDERS: list[ActualsProvider] = []


def register_actuals_provider(provider: ActualsProvider) -> None:
    if provider not in ACTUALS_PROVIDERS:
        ACTUALS_PROVIDERS.append(provider)


# Keys are ``Indicator`` members (a str subclass, so a plain code looks them up too).
Actuals = dict[str, Decimal | int]


@dataclass
class TargetRow:
    target: AnnualTarget
    actuals: Actuals = field(default_factory=dict)


def partnership_actuals(partnership: Partnership) -> dict[int, Actuals]:
    """Every provider's figures per year; a key outside ``Indicator`` is a ValueError."""
    actuals: dict[int, Actuals] = defaultdict(dict)
    for provider in ACTUALS_PROVIDERS:
        for year, values in provider(partnership).items():
            actuals[year].update((Indicator(key), value) for key, value in values.items())
    return actuals


def partnership_targets_with_actuals(*, partnership: Partnership) -> list[TargetRow]:
    actuals = partnership_actuals(partnership)
    return [TargetRow(t, actuals.get(t.year, {})) for t in partnership.targets.all()]


# --- Costs ------------------------------------------------------------------------------------
@dataclass
class CostSummary:
    # {(payer label, currency): {cost_group: {"commitment": x, "expenditure": y}}}
    by_payer: dict[tuple[str, str], dict[str, dict[str, Decimal]]]
    by_group: dict[tuple[str, str], dict[str, Decimal]]
    breaches: list[CostEntry]


def partnership_cost_summary(*, partnership: Partnership) -> CostSummary:
    """Totals per payer and per cost group (never across currencies), and employer-pays breaches."""
    by_payer: dict[tuple[str, str], dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    by_group: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    breaches = []
    entries = partnership.costs.filter(voided_at__isnull=True).select_related("payer")
    for entry in entries:
        payer = "Migrants" if entry.paid_by_migrants else str(entry.payer)
        by_payer[(payer, entry.currency_id)][entry.cost_group][entry.kind] += entry.amount
        by_group[(entry.cost_group, entry.currency_id)][entry.kind] += entry.amount
        if entry.breaches_employer_pays:
            breaches.append(entry)
    return CostSummary(
        by_payer={k: {g: dict(v) for g, v in groups.items()} for k, groups in by_payer.items()},
        by_group={k: dict(v) for k, v in by_group.items()},
        breaches=breaches,
    )


def partnership_detail(*, partnership_id: int, user: AnyUser) -> Partnership | None:
    return (
        partnership_list_for_user(user=user)
        .prefetch_related("occupations", "gcm_objectives", "sdg_targets", "cities", "corridors")
        .filter(pk=partnership_id)
        .first()
    )
