"""How partnership pages present what the selectors return: labels, rows, totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from partnerships.forms import (
    PartnershipForm,
    model_field_label,
)
from partnerships.models import (
    AnnualTarget,
    CostEntry,
    CostGroup,
    Indicator,
    Partnership,
    PartnershipMember,
    PartnershipStatus,
)
from partnerships.selectors import (
    Actuals,
    partnership_cost_summary,
    partnership_targets_with_actuals,
)

EVENT_LABELS: dict[str, Promise] = {
    "partnerships.partnership.created": gettext_lazy("Registered"),
    "partnerships.partnership.updated": gettext_lazy("Description changed"),
    "partnerships.partnership.negotiation_started": gettext_lazy("Negotiation started"),
    "partnerships.partnership.returned_to_draft": gettext_lazy("Returned to draft"),
    "partnerships.partnership.activated": gettext_lazy("Activated"),
    "partnerships.partnership.suspended": gettext_lazy("Suspended"),
    "partnerships.partnership.resumed": gettext_lazy("Resumed"),
    "partnerships.partnership.concluded": gettext_lazy("Concluded"),
    "partnerships.partnership.withdrawn": gettext_lazy("Withdrawn"),
    "partnerships.member.added": gettext_lazy("Member added"),
    "partnerships.member.removed": gettext_lazy("Member removed"),
    "partnerships.target.set": gettext_lazy("Annual target set"),
    "partnerships.indicator.set": gettext_lazy("Indicator set"),
    "partnerships.cost.recorded": gettext_lazy("Cost recorded"),
    "partnerships.cost.voided": gettext_lazy("Cost entry voided"),
    "partnerships.document.uploaded": gettext_lazy("Document uploaded"),
    "partnerships.document.deleted": gettext_lazy("Document deleted"),
}


@dataclass
class IndicatorRow:
    label: str
    target: str
    actual: str | None


@dataclass
class YearBlock:
    year: int
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class TotalRow:
    label: str
    currency: str
    committed: Decimal
    spent: Decimal


@dataclass
class HistoryRow:
    event: AuditEvent
    label: str
    from_label: str
    to_label: str
    details: list[str]


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


def _target_rows(partnership: Partnership, t: AnnualTarget, actual: Actuals) -> list[IndicatorRow]:
    """One year's targets beside the actuals reported for them."""
    counted: list[tuple[Indicator, int]] = [(Indicator.PEOPLE_TRAINED, t.people_to_train)]
    if partnership.tracks != Partnership.Track.AWAY:
        counted.append((Indicator.HOME_TRACK_PLACEMENTS, t.home_track_placements))
    if partnership.tracks != Partnership.Track.HOME:
        counted.append((Indicator.AWAY_TRACK_PLACEMENTS, t.away_track_placements))
    rows = [
        IndicatorRow(
            str(indicator.label),
            _number(target),
            None if (value := actual.get(indicator)) is None else _number(value),
        )
        for indicator, target in counted
    ]
    if t.min_women_share is not None:
        share = actual.get(Indicator.WOMEN_SHARE)
        rows.append(
            IndicatorRow(
                str(Indicator.WOMEN_SHARE.label),
                _("at least %(share)s%%") % {"share": t.min_women_share},
                None if share is None else f"{_number(share)}%",
            )
        )
    # Hires recorded on the portal have no target of their own: shown once there are some.
    hires = actual.get(Indicator.PORTAL_PLACEMENTS)
    if hires is not None:
        rows.append(IndicatorRow(str(Indicator.PORTAL_PLACEMENTS.label), "—", _number(hires)))
    return rows


def _target_blocks(partnership: Partnership) -> list[YearBlock]:
    blocks: dict[int, YearBlock] = {}
    for row in partnership_targets_with_actuals(partnership=partnership):
        block = blocks.setdefault(row.target.year, YearBlock(row.target.year))
        block.rows.extend(_target_rows(partnership, row.target, row.actuals))
    for indicator in partnership.custom_indicators.all():
        block = blocks.setdefault(indicator.year, YearBlock(indicator.year))
        unit = f" {indicator.unit}" if indicator.unit else ""
        block.rows.append(
            IndicatorRow(
                indicator.name,
                _number(indicator.target_value) + unit,
                None if indicator.actual_value is None else _number(indicator.actual_value) + unit,
            )
        )
    return [blocks[year] for year in sorted(blocks)]


def _cost_totals(
    partnership: Partnership,
) -> tuple[list[TotalRow], list[TotalRow], list[CostEntry]]:
    summary = partnership_cost_summary(partnership=partnership)
    group_labels = dict(CostGroup.choices)
    kinds = CostEntry.Kind
    by_payer = [
        TotalRow(
            _("Migrants") if payer == "Migrants" else payer,
            currency,
            sum((g.get(kinds.COMMITMENT, Decimal(0)) for g in groups.values()), Decimal(0)),
            sum((g.get(kinds.EXPENDITURE, Decimal(0)) for g in groups.values()), Decimal(0)),
        )
        for (payer, currency), groups in sorted(summary.by_payer.items())
    ]
    by_group = [
        TotalRow(
            str(group_labels.get(group, group)),
            currency,
            amounts.get(kinds.COMMITMENT, Decimal(0)),
            amounts.get(kinds.EXPENDITURE, Decimal(0)),
        )
        for (group, currency), amounts in sorted(summary.by_group.items())
    ]
    return by_payer, by_group, summary.breaches


def _status_label(code: str) -> str:
    try:
        return str(PartnershipStatus(code).label)
    except ValueError:
        return code


def _short(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return Truncator(str(value)).chars(80)


def _field_label(name: str) -> str:
    form_field = PartnershipForm.base_fields.get(name)
    if form_field is not None and form_field.label:
        return str(form_field.label)
    try:
        return model_field_label(name)
    except FieldDoesNotExist:  # a key in older audit data still shows, as it was written
        return name


def _event_details(event: AuditEvent, organisations: dict[int, str]) -> list[str]:
    data: dict[str, Any] = event.data or {}
    roles = dict(PartnershipMember.Role.choices)
    groups = dict(CostGroup.choices)
    if event.action == "partnerships.partnership.created":
        return [_("Lead government: %(org)s") % {"org": data.get("lead", "—")}]
    if event.action == "partnerships.partnership.updated":
        return [
            f"{_field_label(name)}: {_short(change.get('from'))} → {_short(change.get('to'))}"
            for name, change in data.items()
            if isinstance(change, dict)
        ]
    if event.action.startswith("partnerships.member."):
        role = roles.get(data.get("role", ""), data.get("role", ""))
        return [f"{data.get('organisation', '—')} ({role})"]
    if event.action == "partnerships.target.set":
        parts = [
            _("%(year)s: train %(train)s, home track %(home)s, away track %(away)s")
            % {
                "year": data.get("year"),
                "train": data.get("people_to_train"),
                "home": data.get("home_track_placements"),
                "away": data.get("away_track_placements"),
            }
        ]
        if data.get("min_women_share") is not None:
            parts.append(_("at least %(share)s%% women") % {"share": data["min_women_share"]})
        return parts
    if event.action == "partnerships.indicator.set":
        return [
            _("%(name)s, %(year)s: target %(target)s, actual %(actual)s")
            % {
                "name": data.get("name"),
                "year": data.get("year"),
                "target": _short(data.get("target")),
                "actual": _short(data.get("actual")),
            }
        ]
    if event.action == "partnerships.cost.recorded":
        payer = (
            _("migrants")
            if data.get("payer") == "migrants"
            else organisations.get(data.get("payer") or 0, _("a member organisation"))
        )
        line = _("%(group)s: %(amount)s %(currency)s, paid by %(payer)s") % {
            "group": groups.get(data.get("cost_group", ""), data.get("cost_group")),
            "amount": data.get("amount"),
            "currency": data.get("currency"),
            "payer": payer,
        }
        if data.get("breaches_employer_pays"):
            line += " · " + _("breaches the employer-pays principle")
        return [line]
    if event.action == "partnerships.cost.voided":
        return [
            _("Entry %(entry)s (%(amount)s): %(reason)s")
            % {
                "entry": data.get("entry"),
                "amount": data.get("amount"),
                "reason": data.get("reason"),
            }
        ]
    if event.action.startswith("partnerships.document."):
        return [str(data.get("title", ""))]
    if "reason" in data:
        return [_("Reason: %(reason)s") % {"reason": data["reason"]}]
    return [f"{k}: {_short(v)}" for k, v in data.items()]


def _history_rows(events: Any, organisations: dict[int, str]) -> list[HistoryRow]:
    return [
        HistoryRow(
            event=event,
            label=str(EVENT_LABELS.get(event.action, event.action)),
            from_label=_status_label(event.from_state) if event.from_state else "",
            to_label=_status_label(event.to_state) if event.to_state else "",
            details=_event_details(event, organisations),
        )
        for event in events
    ]
