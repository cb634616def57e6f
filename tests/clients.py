"""What tests use to act as a signed-in user: the types of the ``client_for`` and
``api_client_for`` fixtures (conftest.py), and the text of a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User

ClientFor = Callable[[User], Client]
ApiClientFor = Callable[[User], APIClient]


def page_text(response: Any) -> str:
    return str(response.content.decode())


def status_of(obj: Any) -> Any:
    """The status ``obj`` has in the database now."""
    obj.refresh_from_db()
    return obj.status
