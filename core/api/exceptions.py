from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ConflictError, DomainError, InUseError, InvalidTransition, StaleVersion


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus domain errors: 412 for a change to a copy older than the one named in
    If-Match, 409 for a refused transition, a conflict or a record still in use, else 400."""
    if isinstance(exc, DomainError):
        if isinstance(exc, StaleVersion):
            code: int = status.HTTP_412_PRECONDITION_FAILED
        elif isinstance(exc, InvalidTransition | ConflictError | InUseError):
            code = status.HTTP_409_CONFLICT
        else:
            code = status.HTTP_400_BAD_REQUEST
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
