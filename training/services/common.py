"""What the training services share: status shorthands, the reason check every lifecycle's
service uses, and the locked enrolment."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from core.access import locked_for_write
from core.errors import DomainValidationError
from core.transitions import Move
from training.models import Cohort, Enrolment
from training.permissions import get_enrolment_for_user

CS = Cohort.Status
ES = Enrolment.Status

REASON_MAX = 255


def _reason(move: Move[Any], reason: str) -> str:
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise DomainValidationError(_("Give a reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainValidationError(
            _("Keep the reason within %(n)s characters.") % {"n": REASON_MAX}, field="reason"
        )
    return reason


def _locked_enrolment(actor: User, enrolment_id: int) -> Enrolment:
    """The enrolment, locked with the rows it is read with: its cohort among them, so seats are
    counted while no one else can take one (tests/test_concurrency.py)."""
    return locked_for_write(
        get_enrolment_for_user, actor, enrolment_id, "cohort__programme", "profile"
    )
