"""What tests use to act as a signed-in user: the types of the ``client_for`` and
``api_client_for`` fixtures (conftest.py), and the text of a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User

ClientFor = Callable[[User], Client]
ApiClientFor = Callable[[User], APIClient]


class Way(NamedTuple):
    """One way in of the ``way`` fixture (conftest.py): ``"page"`` or ``"api"``, with a maker of
    signed-in clients of that kind."""

    name: str
    client_for: ClientFor


def page_text(response: Any) -> str:
    return str(response.content.decode())


def status_of(obj: Any) -> Any:
    """The status ``obj`` has in the database now."""
    obj.refresh_from_db()
    return obj.status


def assert_sent_to_sign_in(response: Any, why: object = "") -> None:
    """The visitor was not signed in: redirected to the sign-in page."""
    assert response.status_code == 302, why
    assert response["Location"].startswith(reverse("account_login")), why


def assert_page_access(
    client_for: ClientFor, url: str, users: list[User], expected: tuple[int, ...]
) -> None:
    """GET ``url`` as each of ``users`` answers the ``expected`` statuses, in order; a visitor who
    is not signed in is sent to sign in."""
    got = tuple(client_for(user).get(url).status_code for user in users)
    assert got == expected
    assert_sent_to_sign_in(Client().get(url))


def queries_to_get(client: Client, url: str) -> int:
    """How many database queries a successful GET of ``url`` made (for query-count tests)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)
