"""Who may see and change a partnership. HTML views, the API and templates all call these.

- Members' staff see their partnerships; everyone else gets 404 (the public registry is separate
  and shows only published fields).
- Staff and managers of a member in a governing role (lead, partner or local government) edit.
- Administrators see and edit everything.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import Organisation, Role
from accounts.permissions import AnyUser, active_memberships, has_role, organisations_of
from core.access import Access, visible_or_404
from partnerships.models import Partnership, PartnershipMember

GOVERNMENT_KINDS = frozenset(
    {Organisation.Kind.NATIONAL_GOVERNMENT, Organisation.Kind.LOCAL_GOVERNMENT}
)


def _org_ids(user: AnyUser, *, writers_only: bool = False) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if m.can_write or not writers_only}


def government_organisations_of(user: AnyUser) -> list[Organisation]:
    """Government organisations on whose behalf the user may register partnerships."""
    return organisations_of(user, GOVERNMENT_KINDS)


def can_create_partnership(user: AnyUser) -> bool:
    return has_role(user, Role.ADMIN) or bool(government_organisations_of(user))


def can_view_partnership(user: AnyUser, partnership: Partnership) -> bool:
    if has_role(user, Role.ADMIN):
        return True
    orgs = _org_ids(user)
    return any(m.organisation_id in orgs for m in partnership.members.all())


def can_edit_partnership(user: AnyUser, partnership: Partnership) -> bool:
    if has_role(user, Role.ADMIN):
        return True
    orgs = _org_ids(user, writers_only=True)
    return any(
        m.organisation_id in orgs and m.role in PartnershipMember.GOVERNING_ROLES
        for m in partnership.members.all()
    )


def get_partnership_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> Partnership:
    """The partnership if ``user`` may see it (404 if not); with ``for_write``, edit it (403)."""
    from partnerships.selectors import partnership_list_for_user

    partnership = visible_or_404(partnership_list_for_user(user=user), pk, "No such partnership.")
    if for_write and not can_edit_partnership(user, partnership):
        raise PermissionDenied("Only officers of the partnership's governments may change it.")
    return partnership


# Declared access of the partnership routes (pages and API).
PARTNERSHIP_READERS = Access(
    "any signed-in user, for the partnerships of their organisations (administrators: all); "
    "registering one through the API is refused (403) to all but government officers and "
    "administrators, as PARTNERSHIP_CREATORS gates the page"
)
PARTNERSHIP_CREATORS = Access(
    "government officers and administrators", lambda user: can_create_partnership(user)
)
PARTNERSHIP_MEMBERS = Access(
    "staff of the partnership's member organisations (officers of its governing members to "
    "change it)",
    scope="partnerships.permissions.get_partnership_for_user",
)
