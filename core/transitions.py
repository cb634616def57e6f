"""Lifecycle moves, declared once per entity.

A model says which statuses may follow which (``TRANSITIONS``) and gets ``can_become`` and
``ensure_can_become`` from :class:`Stateful`. Each app then declares its entity's moves once, as
a :class:`Lifecycle` of :class:`Move` s in its ``services`` package: name, label, the statuses it
starts from and leads to, whether a reason is needed, who may take it, and the service that runs
it. From that one declaration:

- ``core.api.moves`` makes one API endpoint per move (409 with the service's message when the
  move is refused, real OpenAPI types, a class named ``<Entity><Move>Api``),
- ``core.views.move_view`` makes the one HTML view that takes any move from a button,
- :meth:`Lifecycle.available` is the "what can I do now" list that pages and the API both show.

The service remains the authority: it locks the row, checks permission and transition again,
changes, audits. A move's ``allowed`` predicate only decides what is offered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.errors import DomainValidationError, InvalidTransition

if TYPE_CHECKING:
    from rest_framework.serializers import BaseSerializer

    from core.access import AnyUser

StrOrPromise = str | Promise


class _HasStatus(Protocol):
    pk: Any
    status: str
    TRANSITIONS: ClassVar[Mapping[str, tuple[str, ...]]]


class Stateful:
    """Mixin for a model with a ``status`` field and a ``TRANSITIONS`` table.

    ``TRANSITION_REFUSED`` is the model's own sentence (so each language can agree it with the
    noun), formatted with ``current`` and ``target`` status labels.
    """

    TRANSITIONS: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    TRANSITION_REFUSED: ClassVar[StrOrPromise] = _(
        "This record is %(current)s and cannot become %(target)s."
    )
    status: str

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    def ensure_can_become(self, status: str) -> None:
        if not self.can_become(status):
            raise InvalidTransition(
                str(self.TRANSITION_REFUSED)
                % {"current": self.status_label(self.status), "target": self.status_label(status)}
            )

    @classmethod
    def status_label(cls, status: str) -> str:
        """The status's label in lower case, for sentences."""
        choices = dict(cls._meta.get_field("status").flatchoices)  # type: ignore[attr-defined]
        return str(choices.get(status, status)).lower()


Obj = TypeVar("Obj", bound=Stateful)


def _anyone(user: AnyUser, obj: Any) -> bool:
    return True


REASON: StrOrPromise = _("Reason")


def ensure_may_take(move: Move[Any], actor: AnyUser, obj: Any) -> None:
    """Who may take ``move`` on ``obj``, answered (403) before anything about its input: a
    party who may not take it learns nothing from a validation error."""
    if not move.allowed(actor, obj):
        raise PermissionDenied(_("You may not take this step."))


NOT_NOW: StrOrPromise = _("This step does not apply to the record's current status.")


@dataclass(frozen=True)
class Move(Generic[Obj]):
    """One named lifecycle move of an entity.

    ``run(actor, pk, values)`` calls the service; ``values`` is what ``body`` validated (with
    ``reason`` for moves that need one). ``sources`` defaults to every status from which the
    model's ``TRANSITIONS`` reach one of ``targets``. ``when`` narrows what is offered to objects
    that meet a condition beyond their status (an appeal before its deadline); the service still
    refuses the others with its own message. ``confirm`` is the sentence a page shows before a
    one-click move that cannot be undone.
    """

    name: str
    label: StrOrPromise
    targets: tuple[str, ...]
    run: Callable[[Any, int, dict[str, Any]], Any]
    sources: tuple[str, ...] = ()
    needs_reason: bool = False
    reason_label: StrOrPromise = REASON
    allowed: Callable[[Any, Any], bool] = _anyone
    body: type[BaseSerializer[Any]] | None = None
    note: str = ""
    style: str = "button--secondary"
    # Moves with their own page (a form larger than a reason) are offered as links there.
    page: str = ""
    when: Callable[[Any], bool] | None = None
    confirm: StrOrPromise = ""

    @property
    def segment(self) -> str:
        """``start_screening`` -> ``start-screening``: the move's URL segment."""
        return self.name.replace("_", "-")

    @property
    def class_suffix(self) -> str:
        return "".join(word.capitalize() for word in self.name.split("_"))


@dataclass(frozen=True)
class Lifecycle(Generic[Obj]):
    """All moves of one entity, with the helper that finds it for a user (404 otherwise)."""

    entity: str
    model: type[Obj]
    moves: tuple[Move[Obj], ...]
    lookup: Callable[[Any, int], Obj]
    by_name: dict[str, Move[Obj]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {move.name: move for move in self.moves})

    def sources(self, move: Move[Obj]) -> tuple[str, ...]:
        if move.sources:
            return move.sources
        return tuple(
            source
            for source, targets in self.model.TRANSITIONS.items()
            if set(targets) & set(move.targets)
        )

    def applies(self, move: Move[Obj], obj: Obj) -> bool:
        return (
            obj.status in self.sources(move)
            and any(obj.can_become(t) for t in move.targets)
            and (move.when is None or move.when(obj))
        )

    def ensure_applies(self, move: Move[Obj], obj: Obj, refused: StrOrPromise = NOT_NOW) -> str:
        """``move``'s target, for a service once ``obj`` may take the move: a status that cannot
        lead there is refused with the model's sentence naming both statuses, any other case
        (a narrower ``sources`` or ``when``) with ``refused`` (InvalidTransition, 409)."""
        target = move.targets[0]
        if not self.applies(move, obj):
            obj.ensure_can_become(target)
            raise InvalidTransition(str(refused))
        return target

    def available(self, user: AnyUser, obj: Obj) -> list[Move[Obj]]:
        """What ``user`` can do with ``obj`` now: the list pages and the API both show."""
        return [m for m in self.moves if self.applies(m, obj) and m.allowed(user, obj)]

    def get(self, name: str) -> Move[Obj] | None:
        return self.by_name.get(name.replace("-", "_"))

    def declared(self, name: str) -> Move[Obj]:
        """The move called ``name``, for the services: an unknown name is a bad ``action`` (400)."""
        move = self.get(name)
        if move is None:
            raise DomainValidationError(str(_("Unknown action.")), field="action")
        return move

    def take(self, name: str, *, actor: Any, pk: int, values: dict[str, Any]) -> Any:
        """Run a move by name; an unknown name is refused like a move from the wrong status."""
        move = self.get(name)
        if move is None:
            raise InvalidTransition(str(_("There is no such step.")))
        return move.run(actor, pk, values)


MoveFactory = Callable[..., Move[Any]]


def move_factory(
    apply: Callable[[Any, int, str, str], Any],
    allowed: Callable[[Any, Any], bool],
    **shared: Any,
) -> MoveFactory:
    """How an entity whose moves all run one service declares them.

    Each move leads to one status, runs ``apply(actor, pk, move_name, reason)`` (the entity's
    ``*_apply_action`` service) and is offered to whoever ``allowed`` lets take it. ``shared``
    are the :class:`Move` options every move of the entity has (e.g. the API ``body``); a move's
    own options win over them.
    """

    def move(name: str, label: StrOrPromise, target: str, **options: Any) -> Move[Any]:
        return Move(
            name,
            label,
            (target,),
            lambda actor, pk, values: apply(actor, pk, name, values.get("reason", "")),
            allowed=allowed,
            **(shared | options),
        )

    return move
