"""Every answer under /api/ is JSON in the API's ``Error`` shape, whatever refused or failed the
request (no route, a wrong method, a server error); the pages keep their HTML error pages.

pytest-django runs with DEBUG off, as production does: these are the answers a caller gets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from accounts.api.views import MeApi
from accounts.models import User
from core.api.serializers import ErrorSerializer
from tests.clients import ApiClientFor

pytestmark = pytest.mark.django_db


def assert_error(response: Any, status: int) -> dict[str, Any]:
    """A JSON answer with ``status`` in the ``Error`` shape (``detail``, optional ``code``)."""
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json", response.content[:200]
    body: dict[str, Any] = response.json()
    error = ErrorSerializer(data=body)
    assert error.is_valid(), (body, error.errors)
    assert set(body) <= {"detail", "code", "field"}, body
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nonexistent/",
        "/api/v1/nope",
        "/api/v1/partnerships/abc/",  # an id that is not a number matches no route
        "/api/v1/partnerships/99999999999999999999/",  # an id beyond the bound either
        "/api/",
    ],
)
def test_an_unknown_api_address_answers_json_404(path: str, migrant: User) -> None:
    for client in (Client(), Client()):
        body = assert_error(client.get(path), 404)
        assert body["code"] == "not_found"
        client.force_login(migrant)


def test_a_wrong_method_answers_json_405(migrant: User, api_client_for: ApiClientFor) -> None:
    body = assert_error(api_client_for(migrant).delete("/api/v1/accounts/me/"), 405)
    assert body["code"] == "method_not_allowed"
    for page in ("/api/schema/", "/api/docs/", "/api/redoc/"):
        assert_error(APIClient().post(page), 405)


def test_a_server_error_answers_json_500_without_details(
    migrant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(MeApi, "get", crash)
    client = Client(raise_request_exception=False)
    client.force_login(migrant)
    response = client.get("/api/v1/accounts/me/")
    body = assert_error(response, 500)
    assert body["code"] == "error"
    assert b"secret internals" not in response.content


def test_pages_keep_their_html_error_pages(migrant: User) -> None:
    client = Client()
    response = client.get("/partnerships/nope/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in response.content.decode()


def _operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_the_schema_documents_the_refusals_every_operation_can_meet(client: Client) -> None:
    """401 and 403 wherever a signed-in caller is needed, 400 (a NUL character is refused
    anywhere) and 429 (every view is throttled) everywhere, 404 wherever the path names a record:
    each in the Error shape."""
    operations = _operations(client)
    assert len(operations) > 180
    error = {"$ref": "#/components/schemas/Error"}
    for method, path, operation in operations:
        responses = operation["responses"]
        expected = {"400", "429"} | ({"404"} if "{" in path else set())
        if {} not in operation["security"]:
            expected |= {"401", "403"}
        assert expected <= set(responses), (method, path, sorted(responses))
        for code in expected - {"400", "404"}:
            assert responses[code]["content"]["application/json"]["schema"] == error


def test_a_nul_character_in_any_query_answers_a_documented_json_400(migrant: User) -> None:
    client = Client()
    client.force_login(migrant)
    body = assert_error(client.get("/api/v1/training/certificates/?x%00=1"), 400)
    assert body["code"] == "invalid"


def test_unauthenticated_and_throttled_callers_get_json_errors(
    migrant: User, api_client_for: ApiClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = assert_error(APIClient().get("/api/v1/accounts/me/"), 401)
    assert body["code"] == "not_authenticated"
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1/minute"})
    client = api_client_for(migrant)
    assert client.get("/api/v1/accounts/me/").status_code == 200
    body = assert_error(client.get("/api/v1/accounts/me/"), 429)
    assert body["code"] == "throttled"
