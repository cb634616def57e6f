"""The cost-sharing ledger: lines are recorded, never edited; a mistake is voided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainValidationError
from partnerships.models import CostEntry, Partnership
from partnerships.services.common import ensure_open, lock_partnership
from taxonomy.models import Currency


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
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
    return cost_entry_create(actor, partnership, data, source="")


def cost_entry_create(
    actor: User, partnership: Partnership, data: CostInput, *, source: str
) -> CostEntry:
    """The ledger rules and the line, on a partnership the caller has locked and found open."""
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
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
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
