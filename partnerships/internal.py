"""Trusted entry points that other apps call into partnerships, without the user-facing checks.

Callers have already decided, under their own rules, that the call is due (training posts a
cohort's funding lines once it has checked the provider's staff). Views, API and forms never
import this module.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from partnerships.models import CostEntry, Partnership
from partnerships.services.common import ensure_open
from partnerships.services.costs import CostInput, cost_entry_create


@transaction.atomic
def cost_entry_post_from_member(
    *, actor: User, partnership_id: int, data: CostInput, source: str
) -> CostEntry:
    """A ledger line posted by another app on behalf of a member organisation (training posts a
    cohort's funding commitments). The calling app has checked that ``actor`` works for that
    member; the ledger rules (payer is a member, currency, amounts) are the same as by hand."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
    ensure_open(partnership)
    return cost_entry_create(actor, partnership, data, source=source)
