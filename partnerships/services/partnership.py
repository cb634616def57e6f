"""Registering, describing and moving a partnership through its lifecycle. Each move is
declared once (``PARTNERSHIP_LIFECYCLE``); the API endpoints, the page's buttons and the
"available actions" lists are made from it.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, Role, User
from accounts.permissions import acting_organisation_id, has_role
from audit.services import audit_move, audit_record
from core.api.moves import ReasonInputSerializer
from core.errors import DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, move_factory
from core.versions import ensure_version
from partnerships.models import Partnership, PartnershipMember
from partnerships.permissions import (
    GOVERNMENT_KINDS,
    can_create_partnership,
    can_edit_partnership,
    get_partnership_for_user,
    government_organisations_of,
)
from partnerships.services.common import S, ensure_open, lock_partnership
from partnerships.services.description import (
    SCALAR_FIELDS,
    PartnershipInput,
    snapshot,
    validate_description,
    write_description,
)


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
    resolved = validate_description(data)
    # The code embeds the primary key, so the row is first saved under a unique placeholder.
    partnership = Partnership(created_by=actor, reference_code=f"TMP-{uuid.uuid4().hex[:16]}")
    for name in SCALAR_FIELDS:
        setattr(partnership, name, getattr(data, name))
    for name in Partnership.SAFEGUARD_FIELDS:
        setattr(partnership, name, bool(data.safeguards.get(name, False)))
    partnership.save()
    partnership.reference_code = f"SMP-{partnership.created_at:%Y}-{partnership.pk:05d}"
    partnership.save(update_fields=["reference_code"])
    write_description(partnership, data, resolved)
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
        data={"lead": lead.name, **snapshot(partnership)},
    )
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: User, partnership_id: int, data: PartnershipInput, version: str | None = None
) -> Partnership:
    """Replace the description. ``version`` (``core.versions``) is the one the editor started
    from: if someone saved the partnership since, the change is refused rather than undoing
    theirs."""
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
    ensure_version(
        partnership,
        version,
        _(
            "Someone else changed this partnership after you opened it, so your changes were "
            "not saved. Compare them with the partnership as it is now, then save again."
        ),
    )
    before = snapshot(partnership)
    resolved = validate_description(data)
    for name in SCALAR_FIELDS:
        setattr(partnership, name, getattr(data, name))
    for name in Partnership.SAFEGUARD_FIELDS:
        setattr(partnership, name, bool(data.safeguards.get(name, False)))
    partnership.save()
    write_description(partnership, data, resolved)
    after = snapshot(partnership)
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
    partnership = lock_partnership(actor, partnership_id)
    step = PARTNERSHIP_LIFECYCLE.declared(action)
    target = PARTNERSHIP_LIFECYCLE.ensure_applies(
        step, partnership, _("This action does not apply to the partnership's current status.")
    )
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise DomainValidationError(_("Say why, for the partnership's history."), field="reason")
    if target == S.ACTIVE and partnership.status == S.NEGOTIATION:
        _ensure_ready_to_activate(partnership)
    fields = ["status", "updated_at"]
    if target == S.CONCLUDED and partnership.end_on is None:
        partnership.end_on = max(timezone.localdate(), partnership.start_on or timezone.localdate())
        fields.append("end_on")
    data = {"reason": reason} if reason else {}
    audit_move(actor, partnership, target, MOVE_EVENTS[step.name], data, update_fields=fields)
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


# --- Lifecycle: each move declared once; the API endpoints, the page's buttons and the
# "available actions" lists are made from this.
_move = move_factory(
    lambda actor, pk, name, reason: partnership_apply_action(
        actor=actor, partnership_id=pk, action=name, reason=reason
    ),
    can_edit_partnership,
    body=ReasonInputSerializer,
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
