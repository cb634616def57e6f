"""Member organisations of a partnership and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from audit.services import audit_record
from core.errors import DomainValidationError
from partnerships.models import PartnershipMember
from partnerships.services.common import ensure_open, lock_partnership


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
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
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
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
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
