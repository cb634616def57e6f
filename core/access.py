"""Declared access: every route says who may use it, as data, and one check enforces it.

A route declares an :class:`Access`: a name a reader understands ("government officers"), the
predicate on the caller that gates the whole route, and, for routes about one object, the
permission helper that looks the object up inside what the caller may see (a foreign object
answers 404 there, never here). The same declaration serves three readers:

- the HTML check (:func:`declare` for function views, :class:`DeclaredAccessMixin`),
- the API check (:class:`DeclaredAccess`, the project's default DRF permission),
- the route inventory (``tests/test_route_inventory.py``), which fails when a route declares
  nothing, and prints the table that the security matrix walks.

Role predicates live in ``accounts.permissions``; the kernel only knows "a user" (it imports no
domain app), so predicates take ``AbstractBaseUser | AnonymousUser``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from rest_framework.permissions import BasePermission

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

AnyUser = AbstractBaseUser | AnonymousUser
Predicate = Callable[[AnyUser], bool]
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

ACCESS_ATTR = "access"


def _anyone(user: AnyUser) -> bool:
    return True


def _signed_in(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Access:
    """Who may use a route.

    ``allows`` gates the route as a whole; ``scope`` names the helper that finds the route's
    object among those the caller may see (``"partnerships.permissions.get_partnership_for_user"``),
    for the reader and the inventory. ``login`` is False only for public routes.
    """

    name: str
    allows: Predicate = _signed_in
    scope: str = ""
    login: bool = True

    def __call__(self, view: ViewFunc) -> ViewFunc:
        """Declare and enforce this access on a function view (a decorator)."""

        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            denied = self.refusal(request)
            if denied is not None:
                return denied
            return view(request, *args, **kwargs)

        setattr(checked, ACCESS_ATTR, self)
        return checked  # type: ignore[return-value]

    def on(self, scope: str) -> Access:
        """The same gate, for a route about one object found through ``scope``."""
        return Access(self.name, self.allows, scope, self.login)

    def permits(self, user: AnyUser) -> bool:
        if self.login and not _signed_in(user):
            return False
        return self.allows(user)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        """None when the caller may go on; else the HTML answer: sign in first, or 403."""
        user = request.user
        if self.login and not _signed_in(user):
            return redirect_to_login(request.get_full_path())
        if not self.allows(user):
            raise PermissionDenied
        return None


PUBLIC = Access("anyone, signed in or not", _anyone, login=False)
SIGNED_IN = Access("any signed-in user")


Found = TypeVar("Found", bound=Model)


def visible_or_404(visible: QuerySet[Found], pk: int, missing: str) -> Found:
    """The record ``pk`` among those a user may see (``visible``), else 404 with ``missing``:
    a record the user may not see answers exactly like one that does not exist."""
    found = visible.filter(pk=pk).first()
    if found is None:
        raise Http404(missing)
    return found


def locked_for_write(lookup: Callable[..., Found], actor: AnyUser, pk: int, *related: str) -> Found:
    """The first step of a service that changes a record: ``lookup(actor, pk, for_write=True)``
    (the app's ``get_<entity>_for_user``: 404 for what the actor may not see, 403 for what they
    may not change, before holding any lock), then the row again, locked until the transaction
    ends, with the ``related`` rows the service reads."""
    rows = type(lookup(actor, pk, for_write=True))._default_manager.select_for_update()
    return (rows.select_related(*related) if related else rows).get(pk=pk)


def declare(access: Access) -> Callable[[ViewFunc], ViewFunc]:
    """``@declare(PUBLIC)``: the same as ``@PUBLIC``, for readers who prefer a verb."""
    return access.__call__


def access_of(view: object) -> Access | None:
    """The access a resolved view declares (function, class-based or DRF view), or None.

    A class serving several routes may be given each route's access by ``as_view(access=...)``
    (e.g. the same endpoint under ``/me/`` and under ``/profiles/{id}/``): that one wins."""
    for initkwargs in (getattr(view, "initkwargs", None), getattr(view, "view_initkwargs", None)):
        if isinstance(initkwargs, dict) and isinstance(initkwargs.get(ACCESS_ATTR), Access):
            return initkwargs[ACCESS_ATTR]
    for candidate in (
        view,
        getattr(view, "view_class", None),
        getattr(view, "cls", None),
        getattr(view, "__wrapped__", None),
    ):
        declared = getattr(candidate, ACCESS_ATTR, None)
        if isinstance(declared, Access):
            return declared
    return None


class DeclaredAccessMixin:
    """For class-based HTML views: ``access = ...`` on the class, checked before dispatch."""

    access: Access

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        denied = self.access.refusal(request)
        if denied is not None:
            return denied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class DeclaredAccess(BasePermission):
    """The project's one API permission: the view's declared ``access``, or no entry at all.

    A view that declares nothing is refused (deny by default); the route inventory test names
    it before it ever reaches a caller. Anonymous callers get 401 from DRF (the token scheme's
    challenge), signed-in callers outside the rule 403.
    """

    message = "You may not use this endpoint."

    def has_permission(self, request: Request, view: APIView) -> bool:
        declared = getattr(view, ACCESS_ATTR, None)
        if not isinstance(declared, Access):
            return False
        return declared.permits(request.user)
