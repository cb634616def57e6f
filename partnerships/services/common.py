"""What every change to a partnership starts with: the caller may change it, the row is
locked, and the partnership is still open.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.permissions import AnyUser
from core.access import locked_for_write
from core.errors import InvalidTransition
from partnerships.models import Partnership, PartnershipStatus
from partnerships.permissions import get_partnership_for_user

S = PartnershipStatus
CLOSED = (S.CONCLUDED, S.WITHDRAWN)


def lock_partnership(actor: AnyUser, partnership_id: int) -> Partnership:
    return locked_for_write(get_partnership_for_user, actor, partnership_id)


def ensure_open(partnership: Partnership) -> None:
    if partnership.status in CLOSED:
        raise InvalidTransition(
            _("This partnership is %(status)s and can no longer be changed.")
            % {"status": partnership.get_status_display().lower()}
        )
