from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ConflictError, DomainError, InUseError, InvalidTransition


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus domain errors: 409 for a refused transition, a conflict or a record
    still in use, else 400."""
    if isinstance(exc, DomainError):
        code = (
            status.HTTP_409_CONFLICT
            if isinstance(exc, InvalidTransition | ConflictError | InUseError)
            else status.HTTP_400_BAD_REQUEST
        )
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
