"""What the training services share: status shorthands, the move helpers every lifecycle's
service uses, and page addresses for notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, Move, StrOrPromise
from training.models import Cohort, Enrolment
from training.permissions import get_enrolment_for_user

CS = Cohort.Status
ES = Enrolment.Status


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except Exception:  # the pages may not be wired in a bare service test
        return ""


def _declared(lifecycle: Lifecycle[Any], name: str) -> Move[Any]:
    move = lifecycle.get(name)
    if move is None:
        raise DomainValidationError(_("Unknown action."), field="action")
    return move


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


def _ensure_applies(lifecycle: Lifecycle[Any], move: Move[Any], obj: Any) -> str:
    """The move's target, once the record's status allows it (InvalidTransition otherwise)."""
    target = move.targets[0]
    if not lifecycle.applies(move, obj):
        obj.ensure_can_become(target)  # raises with a message naming both statuses
        raise InvalidTransition(_("This step does not apply to the record's current status."))
    return target


def _locked_enrolment(actor: User, enrolment_id: int) -> Enrolment:
    get_enrolment_for_user(actor, enrolment_id, for_write=True)
    return (
        Enrolment.objects.select_for_update()
        .select_related("cohort__programme", "profile")
        .get(pk=enrolment_id)
    )


MoveFactory = Callable[..., Move[Any]]


def move_factory(
    apply: Callable[[User, int, str, str], Any], allowed: Callable[[Any, Any], bool]
) -> MoveFactory:
    """How one entity declares its moves: each runs ``apply(actor, pk, move_name, reason)`` (the
    entity's ``*_apply_action`` service) and is offered to whoever ``allowed`` lets take it."""

    def move(name: str, label: StrOrPromise, target: str, **options: Any) -> Move[Any]:
        return Move(
            name,
            label,
            (target,),
            lambda actor, pk, values: apply(actor, pk, name, values.get("reason", "")),
            allowed=allowed,
            **options,
        )

    return move
