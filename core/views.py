"""View helpers every app's pages share: the caller, typed; a filtered list page; a form saved
through its service; and the one lifecycle move view. Each view keeps its own declared access."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from core.access import Access
from core.api.moves import move_body
from core.errors import DomainError, DomainValidationError
from core.forms import FilterForm, PickerForm, add_domain_error
from core.http import is_htmx
from core.transitions import Lifecycle, ensure_may_take

if TYPE_CHECKING:
    from accounts.models import User

T = TypeVar("T")


def request_user(request: HttpRequest) -> User:
    """The signed-in caller, typed; for views whose declared access requires a login."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        raise PermissionDenied
    return user


def filtered_list(
    request: HttpRequest,
    filters: FilterForm | Any,
    rows: Callable[[dict[str, Any]], Any],
    *,
    page_size: int,
    template: str,
    results_template: str | None = None,
    filtered: Callable[[dict[str, Any]], bool] = bool,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A list page: the ``rows`` that the valid filters select, a page of them (``?page=``),
    ``filtered`` when a filter narrows them; only ``results_template`` for htmx, which swaps
    the results in as the person filters (such a view varies on ``HX-Request``)."""
    params = filters.params()
    page = Paginator(rows(params), page_size).get_page(request.GET.get("page"))
    shown = {"filters": filters, "page": page, "filtered": filtered(params), **(context or {})}
    if results_template is not None and is_htmx(request):
        template = results_template
    return render(request, template, shown)


def form_saved(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], T],
    *,
    message: str | Callable[[T], str],
    next_url: str | Callable[[T], str],
) -> HttpResponse | None:
    """A posted form through its service: the redirect to ``next_url`` with ``message`` once
    saved (either may be made from what ``save`` returned); None while the form is to be shown
    (not posted, invalid, or refused by the service, whose message then stands on the form).
    A picker form's Search click only shows the matches."""
    if request.method != "POST":
        return None
    if isinstance(form, PickerForm) and "search" in request.POST:
        form.show_without_errors()
        return None
    if not form.is_valid():
        return None
    try:
        saved = save()
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    messages.success(request, message(saved) if callable(message) else message)
    return redirect(next_url(saved) if callable(next_url) else next_url)


def form_change(
    request: HttpRequest,
    form: forms.Form,
    change: Callable[[], T],
    *,
    message: str | Callable[[T], str],
    next_url: str,
    refused_url: str = "",
    field: str = "",
) -> HttpResponse | None:
    """A change posted from a valid form on its record's page. Done: to ``next_url`` with
    ``message``. Input the service refuses (``DomainValidationError``): on the form (on
    ``field`` when given, else where the error says) and None, so the page shows it again. Any
    other refusal (the record has moved on): to ``refused_url`` (else ``next_url``) with it."""
    try:
        changed = change()
    except DomainValidationError as exc:
        if field:
            form.add_error(field, exc.message)
        else:
            add_domain_error(form, exc)
        return None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(refused_url or next_url)
    messages.success(request, message(changed) if callable(message) else message)
    return redirect(next_url)


def run_command(
    request: HttpRequest, call: Callable[[], T], message: str | Callable[[T], str]
) -> T | None:
    """A one-click change through its service: ``message`` (or, given what the service returned,
    the message it makes) on the next page, or the service's refusal there instead. What the
    service returned; None when it refused."""
    try:
        result = call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return result


def now_status(message: Any) -> Callable[[Any], str]:
    """A move's ``done`` message naming the object's new status in lower case;
    ``message`` (lazy: it is translated when the move is taken) holds ``%(status)s``."""
    return lambda obj: str(message % {"status": obj.get_status_display().lower()})


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
    redirect_to: Callable[[int], str] | str,
    done: Callable[[Any], str] | None = None,
) -> Callable[..., HttpResponse]:
    """The one HTML view that takes any move of ``lifecycle`` from a button: POST to
    ``<pk>/<move>/``; the refusal or the new status comes back as a message on the page
    ``redirect_to`` gives for the object's id (or names: a URL taking the id)."""
    back = (
        (lambda pk: reverse(redirect_to, args=[pk]))
        if isinstance(redirect_to, str)
        else redirect_to
    )

    @access
    @require_POST
    def take_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
        actor = request_user(request)
        found = lifecycle.lookup(actor, pk)
        chosen = lifecycle.get(move)
        if chosen is None:
            raise Http404("No such move.")
        ensure_may_take(chosen, actor, found)
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
        return redirect(back(pk))

    return take_move
