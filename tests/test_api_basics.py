"""The API's cross-cutting promises: documented, offline docs, deny by default, throttled."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from accounts.models import User

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


def _api_routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_api_routes(pattern, route))
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes.append(route)
    return routes


def test_every_api_v1_endpoint_refuses_anonymous_callers() -> None:
    client = APIClient()
    routes = [r for r in _api_routes(get_resolver()) if "<" not in r and "(?P" not in r]
    assert len(routes) >= 5
    for route in routes:
        path = "/" + route.replace("^", "").replace("$", "").replace(
            "\\.(?P<format>[a-z0-9]+)/?", ""
        )
        response = client.get(path)
        assert response.status_code in (401, 403), (path, response.status_code)


def test_api_calls_are_throttled(
    migrant: User, api_client_for: Callable[[User], APIClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    monkeypatch.setattr(
        UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"}
    )
    client = api_client_for(migrant)
    codes = [client.get("/api/v1/taxonomy/cefr-levels/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
