"""View helpers every app's pages share: the caller, typed, and the one lifecycle move view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from core.access import Access
from core.api.moves import move_body
from core.errors import DomainError
from core.transitions import Lifecycle

if TYPE_CHECKING:
    from accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in caller, typed; for views whose declared access requires a login."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        raise PermissionDenied
    return user


def moves_for_page(
    lifecycle: Lifecycle[Any], user: Any, obj: Any, *, url_name: str
) -> list[dict[str, Any]]:
    """The moves ``user`` can take on ``obj`` now, as the shared ``includes/moves.html`` shows
    them: a button each, a reason box for those that need one, a confirmation for those that
    ask one, a link for those with a page."""
    return [
        {
            "name": move.name,
            "label": move.label,
            "needs_reason": move.needs_reason,
            "reason_label": move.reason_label,
            "style": move.style,
            "confirm": move.confirm,
            "url": reverse(move.page, args=[obj.pk])
            if move.page
            else reverse(url_name, args=[obj.pk, move.name]),
            "page": bool(move.page),
        }
        for move in lifecycle.available(user, obj)
    ]


def _first_error(exc: ValidationError) -> str:
    detail: Any = exc.detail
    while isinstance(detail, dict | list) and detail:
        detail = next(iter(detail.values())) if isinstance(detail, dict) else detail[0]
    return str(detail)


def move_view(
    lifecycle: Lifecycle[Any],
    *,
    access: Access,
    redirect_to: Callable[[int], str],
    done: Callable[[Any], str] | None = None,
) -> Callable[..., HttpResponse]:
    """The one HTML view that takes any move of ``lifecycle`` from a button: POST to
    ``<pk>/<move>/``; the refusal or the new status comes back as a message on the page."""

    @access
    @require_POST
    def take_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
        actor = request_user(request)
        lifecycle.lookup(actor, pk)
        chosen = lifecycle.get(move)
        if chosen is None:
            raise Http404("No such move.")
        body = move_body(chosen)
        try:
            values: dict[str, Any] = {}
            if body is not None:
                serializer = body(data=request.POST)
                serializer.is_valid(raise_exception=True)
                values = dict(serializer.validated_data)
            obj = lifecycle.take(chosen.name, actor=actor, pk=pk, values=values)
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                done(obj)
                if done
                else _("Done: %(move)s. It is now %(status)s.")
                % {"move": chosen.label, "status": lifecycle.model.status_label(obj.status)},
            )
        return redirect(redirect_to(pk))

    return take_move
