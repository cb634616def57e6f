"""The API's cross-cutting promises: documented, offline docs, deny by default, throttled."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from accounts.models import User
from core.access import access_of
from tests.clients import ApiClientFor

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_v1_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/taxonomy/occupations/" in schema["paths"]
    assert "/api/v1/accounts/me/" in schema["paths"]
    assert "apiToken" in schema["components"]["securitySchemes"]


def test_interactive_docs_load_only_local_assets(client: Client) -> None:
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert all(not a.startswith(("http:", "https:", "//")) for a in assets), assets
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset


def _api_routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_api_routes(pattern, route))
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes.append((route, pattern))
    return routes


def _methods(pattern: URLPattern) -> list[str]:
    """The HTTP methods the route's view answers (a viewset's by its action map)."""
    callback: Any = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions:
        return sorted(actions)
    view = callback.view_class
    return sorted(m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m))


def _is_public(pattern: URLPattern) -> bool:
    """Declared open to anonymous callers: ``core.access.PUBLIC`` or an ``Access`` like it
    (``login=False``) that names who holds the way in, e.g. a verification code."""
    access = access_of(pattern.callback)
    return access is not None and not access.login


def _path(route: str, value: str) -> str:
    """The route with every parameter filled: ids with a bounded dummy id (the caller is refused
    before any lookup), other parameters with ``value``."""
    filled = re.sub(r"<id:\w+>", "1", route)
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, filled)


def test_every_api_v1_endpoint_refuses_anonymous_callers() -> None:
    """Every route and method, none skipped: 401 with the token challenge, except the routes
    declared public (tested below)."""
    client = APIClient()
    routes = _api_routes(get_resolver())
    assert len(routes) > 150
    answered = []
    for route, pattern in routes:
        if _is_public(pattern):
            continue
        assert "(?P" not in route, route  # path converters only, so every route is reached
        for method in _methods(pattern):
            response = getattr(client, method)(_path(route, "x"))
            answered.append((method, route, response.status_code))
            assert response.status_code == 401, (method, route, response.status_code)
            assert "WWW-Authenticate" in response, (method, route)
    assert len(answered) > 180


def test_public_api_endpoints_answer_anonymous_callers_without_personal_data() -> None:
    """The routes declared public (the verification of certificates and decisions), called with
    real codes: no name, birth date or contact of the holder in any answer."""
    from tests.test_verification import certified, decided

    _setting, certificate = certified()
    decision, request = decided()
    holders = [
        (certificate.verification_code, certificate.enrolment.profile),
        (decision.verification_code, request.applicant),
    ]
    public = [
        (route, pattern) for route, pattern in _api_routes(get_resolver()) if _is_public(pattern)
    ]
    assert public  # the verification endpoints
    client = APIClient()
    found = 0
    for route, pattern in public:
        assert _methods(pattern) == ["get"], route
        for code, profile in holders:
            response = client.get(_path(route, code))
            assert response.status_code in (200, 404), (route, response.status_code)
            found += response.status_code == 200
            dob = profile.date_of_birth
            assert dob is not None
            body = response.content.decode()
            for secret in (
                profile.given_names,
                profile.family_name,
                profile.contact_email,
                profile.phone,
                dob.isoformat(),
            ):
                assert secret and secret not in body, (route, secret)
    assert found >= len(holders)


def test_api_calls_are_throttled(
    migrant: User, api_client_for: ApiClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    monkeypatch.setattr(
        UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"}
    )
    client = api_client_for(migrant)
    codes = [client.get("/api/v1/taxonomy/cefr-levels/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
