"""schemathesis fuzzes every operation of the OpenAPI schema (``/api/schema/``) through the Django
application itself (WSGI, no server, no network), for several roles, and checks each answer: no
server error, a status the operation documents, a JSON body of the documented shape.

CI runs one example per operation for three roles; ``make fuzz`` runs many more, for five roles
and adds schemathesis' coverage phase (``FUZZ_EXAMPLES``, ``FUZZ_ROLES``, ``FUZZ_COVERAGE``:
``make fuzz FUZZ_EXAMPLES=500``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, note, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import checks

from accounts.models import User
from accounts.services import api_token_create

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
ROLES = os.environ.get("FUZZ_ROLES", "anonymous,migrant,government_officer").split(",")


# Read once, as the tests are collected: the schema is the same for everyone (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# The coverage phase (every boundary value of every parameter, dozens of requests per operation)
# runs in ``make fuzz`` only.
schema.config.phases.coverage.enabled = os.environ.get("FUZZ_COVERAGE", "0") == "1"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Throttling is tested on its own (tests/test_api_errors.py); here it would only cut the run.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture(autouse=True)
def _test_connection_kept() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction (on PostgreSQL); Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(request: pytest.FixtureRequest) -> dict[str, dict[str, str]]:
    """Each role's credentials: none, or an API token of a user in the role (conftest.py)."""
    headers: dict[str, dict[str, str]] = {}
    for role in ROLES:
        if role == "anonymous":
            headers[role] = {}
            continue
        user: User = request.getfixturevalue(role)
        _token, key = api_token_create(user=user, name="fuzz")
        headers[role] = {"Authorization": f"Bearer {key}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,  # no example database written into the tree
)
def test_every_operation_answers_every_role_as_documented(
    case: Any, callers: dict[str, dict[str, str]]
) -> None:
    """Each generated request is sent once by every role."""
    for role, headers in callers.items():
        note(f"as {role}")
        case.call_and_validate(headers=headers, checks=CHECKS)
