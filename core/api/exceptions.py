"""How the API answers a refusal or a failure: always JSON in the ``Error`` shape
(``core.api.serializers.ErrorSerializer``), never one of Django's HTML error pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ConflictError, DomainError, InUseError, InvalidTransition, StaleVersion
from core.middleware import API_PREFIX


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus domain errors: 412 for a change to a copy older than the one named in
    If-Match, 409 for a refused transition, a conflict or a record still in use, else 400. A
    refusal with one message carries its code too (``not_found``, ``throttled``...), as a domain
    error does."""
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
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        detail = exc.detail
        if isinstance(detail, exceptions.ErrorDetail) and isinstance(response.data, dict):
            response.data.setdefault("code", detail.code)
    return response


# --- Django's error views (smp_portal.urls: handler400, handler403, handler404, handler500) -----
# What DRF's views do not answer themselves: an address no route matches, an exception that
# escaped a view (a server error), a refusal raised by a middleware. Under /api/ these answer
# JSON with DRF's own message for the status (translated by DRF); every page keeps its HTML.


def _json_error(error: type[exceptions.APIException]) -> JsonResponse:
    body = {"detail": str(error.default_detail), "code": error.default_code}
    return JsonResponse(body, status=error.status_code)


def _api_or_page(
    error: type[exceptions.APIException], page: Callable[..., HttpResponse]
) -> Callable[..., HttpResponse]:
    def handler(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return _json_error(error)
        return page(request, *args, **kwargs)

    handler.__name__ = page.__name__
    return handler


bad_request = _api_or_page(exceptions.ParseError, defaults.bad_request)
permission_denied = _api_or_page(exceptions.PermissionDenied, defaults.permission_denied)
page_not_found = _api_or_page(exceptions.NotFound, defaults.page_not_found)
server_error = _api_or_page(exceptions.APIException, defaults.server_error)
