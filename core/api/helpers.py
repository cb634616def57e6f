"""Pieces every app's API views share: the caller, input validation, and the error schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

if TYPE_CHECKING:
    from accounts.models import User


def request_user(request: Request) -> User:
    """The signed-in caller, typed; every view sits behind IsAuthenticated."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        raise NotAuthenticated()  # unreachable behind IsAuthenticated; narrows the type
    return user


def validated(serializer_class: type[BaseSerializer[Any]], data: Any, **kwargs: Any) -> Any:
    """Shape checks only (types, required, choices); business rules stay in the services."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# A 400 has two shapes: a broken business rule (from a service) or per-field input errors.
INVALID = {
    "oneOf": [
        {"$ref": "#/components/schemas/Error"},
        {
            "type": "object",
            "description": "Messages per input field: a list of messages, or for a nested "
            "object or a list the same per field or per position",
            "additionalProperties": {"oneOf": [{"type": "array", "items": {}}, {"type": "object"}]},
        },
    ]
}
