"""Every route declares who may use it (core.access), pages and API alike.

The inventory is built from the URL resolver and from the OpenAPI schema, so a route cannot be
added without taking its place here. Routes of third-party packages are declared once in
``smp_portal.urls.THIRD_PARTY_ACCESS`` by the module their views come from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path
from drf_spectacular.generators import SchemaGenerator
from rest_framework.views import APIView

from core.access import SIGNED_IN, Access, DeclaredAccess, access_of
from smp_portal.urls import THIRD_PARTY_ACCESS


def _routes(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern, str]]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route, pattern.namespace or namespace)
        else:
            yield route, pattern, namespace


def declared_access(pattern: URLPattern, namespace: str = "") -> Access | None:
    callback = pattern.callback
    declared = access_of(callback)
    if declared is not None:
        return declared
    # Every view of the admin site is wrapped by the site's own staff check.
    module = "django.contrib.admin." if namespace == "admin" else ""
    module = module or getattr(getattr(callback, "view_class", callback), "__module__", "")
    for prefix, access in THIRD_PARTY_ACCESS.items():
        if module.startswith(prefix):
            return access
    return None


def undeclared(resolver: URLResolver) -> list[str]:
    return sorted(
        route for route, pattern, ns in _routes(resolver) if declared_access(pattern, ns) is None
    )


def test_every_route_declares_who_may_use_it() -> None:
    routes = list(_routes(get_resolver()))
    table = {route: declared_access(pattern, ns) for route, pattern, ns in routes}
    print(f"\n{len(table)} routes, each with its declared access")
    assert len(table) > 300
    assert undeclared(get_resolver()) == []


def test_a_route_without_a_declaration_is_caught() -> None:
    def forgotten(request: HttpRequest) -> HttpResponse:
        return HttpResponse("who may see this?")

    @SIGNED_IN
    def declared(request: HttpRequest) -> HttpResponse:
        return HttpResponse("signed-in users")

    resolver = URLResolver(
        get_resolver().pattern,
        [path("throwaway/", forgotten), path("declared/", declared)],
    )
    assert undeclared(resolver) == ["throwaway/"]


@pytest.mark.django_db
def test_every_api_operation_is_checked_by_its_declaration() -> None:
    """Each operation in the OpenAPI schema: a declared access, enforced by DeclaredAccess."""
    generator = SchemaGenerator()
    generator.parse(None, public=True)
    # (path, regex, method, view) at run time; the stubs know an older shape.
    endpoints: list[Any] = list(generator.endpoints or [])
    assert len(endpoints) > 150
    problems = []
    for route, _pattern, method, view in endpoints:
        view_class: type[APIView] = view.cls
        if not isinstance(getattr(view_class, "access", None), Access):
            problems.append(f"{method} {route}: no access declared")
        if DeclaredAccess not in view_class.permission_classes:
            problems.append(f"{method} {route}: permission classes skip DeclaredAccess")
    assert problems == []
