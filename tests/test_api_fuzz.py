"""schemathesis fuzzes every operation of the OpenAPI schema (``/api/schema/``) through the Django
application itself (WSGI, no server, no network), for several roles, and checks each answer: no
server error, a status the operation documents, a JSON body of the documented shape.

CI runs one example per operation for three roles; ``make fuzz`` runs many more, for five roles
and adds schemathesis' coverage phase (``FUZZ_EXAMPLES``, ``FUZZ_ROLES``, ``FUZZ_COVERAGE``:
``make fuzz FUZZ_EXAMPLES=500``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, note, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import checks

from accounts.services import api_token_create
from tests.matrix_world import World, build_world
from tests.test_permission_matrix import fill, routes

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


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The permission matrix's two-sided world (tests/matrix_world.py), built once for the module
    inside a transaction that each test's own transaction nests in, and rolled back at the end:
    the fuzzed requests reach real records, and no other test module sees them."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As Django's TestCase marks its class-wide transaction: services that must run in a
        # transaction of their own (durable) nest in it as they do in a test's.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# The world's user of each role (side A's), by the name of the conftest fixture.
WORLD_ROLES = {
    "migrant": "A:migrant",
    "government_officer": "A:officer",
    "recognition_officer": "A:recognition",
    "provider_staff": "A:provider",
    "employer_staff": "A:employer",
    "admin_user": "admin",
}


@pytest.fixture
def callers(world: World) -> dict[str, dict[str, str]]:
    """Each role's credentials: none, or an API token of the world's user in the role."""
    headers: dict[str, dict[str, str]] = {}
    for role in ROLES:
        if role == "anonymous":
            headers[role] = {}
            continue
        user = world.user(WORLD_ROLES[role])
        assert user is not None
        _token, key = api_token_create(user=user, name="fuzz")
        headers[role] = {"Authorization": f"Bearer {key}"}
    return headers


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}|<[^>]+>", "{}", path.strip("/"))


MATRIX_ROUTES = {_shape(route.path): route for route in routes() if route.api}


def seeded(case: Any, world: World) -> dict[str, Any] | None:
    """The case's path parameters replaced by a record of side A's that the route is about (the
    values the permission matrix uses), or None for a path without parameters."""
    if not case.path_parameters:
        return None
    route = MATRIX_ROUTES[_shape(case.operation.path)]
    values = list(fill(route, world, "A").values())
    names = re.findall(r"\{([^}]+)\}", case.operation.path)
    return dict(zip(names, values, strict=True))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,  # no example database written into the tree
)
def test_every_operation_answers_every_role_as_documented(
    case: Any, callers: dict[str, dict[str, str]], world: World
) -> None:
    """Each generated request is sent once by every role, with the generated ids and again on a
    real record of the world (so that the body is checked against one that exists)."""
    real = seeded(case, world)
    for role, headers in callers.items():
        note(f"as {role}")
        case.call_and_validate(headers=headers, checks=CHECKS)
        if real is not None:
            note(f"as {role}, on the records {real}")
            generated = case.path_parameters
            case.path_parameters = real
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            finally:
                case.path_parameters = generated
