"""Request ids, carried into logs, audit events and the response; the security headers that
every response carries (Content-Security-Policy, no caching of personal data); and the refusal
of input no database can take (NUL characters)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

_request_id: ContextVar[str] = ContextVar("request_id", default="")
# Accept a caller's id (from a proxy) only when it is short and harmless in logs.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(self.header, "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[self.header] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


# --- Response headers -------------------------------------------------------------------------
CSP_HEADER = "Content-Security-Policy"
CSP_REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def content_security_policy(extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """The site's policy (``SMP_CONTENT_SECURITY_POLICY``) as a header value, with ``extra``
    sources added for one response: a page that cannot do without sets its own header."""
    directives = {
        name: list(sources) for name, sources in settings.SMP_CONTENT_SECURITY_POLICY.items()
    }
    for name, sources in (extra or {}).items():
        directives.setdefault(name, list(directives.get("default-src", [])))
        directives[name] += [s for s in sources if s not in directives[name]]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy on every response (pages, admin, API, errors, static files),
    unless the view set its own (see ``content_security_policy``).

    In debug, error responses only report: Django's technical error pages are inline script and
    style, and a developer should still be able to read them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header_value = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if CSP_HEADER in response or CSP_REPORT_ONLY_HEADER in response:
            return response
        report_only = settings.DEBUG and response.status_code >= 400
        response[CSP_REPORT_ONLY_HEADER if report_only else CSP_HEADER] = self.header_value
        return response


API_PREFIX = "/api/"


def _no_store(response: HttpResponseBase) -> bool:
    directives = response.get("Cache-Control", "").lower().split(",")
    return "no-store" in {directive.strip() for directive in directives}


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)  # absent when a middleware above answered early
    return user is not None and bool(user.is_authenticated)


class PrivateCacheMiddleware:
    """Personal data stays out of browser and shared caches (a shared computer, a proxy).

    Every API response is ``no-store`` (``no-store, private`` and the rest of ``never_cache``,
    unless its view already said ``no-store``) and varies on both kinds of credentials. A page
    answered to a signed-in user gets the same unless its view chose its own caching (the public
    registry's exports are public on purpose). Static files are not touched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            if not _no_store(response):
                add_never_cache_headers(response)
            patch_vary_headers(response, ("Authorization", "Cookie"))
        elif not response.has_header("Cache-Control") and _signed_in(request):
            add_never_cache_headers(response)
            patch_vary_headers(response, ("Cookie",))
        return response


# --- Input no database can take -------------------------------------------------------------------
NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_field(request: HttpRequest) -> str | None:
    """The name of the first part of the request holding a NUL character, or None."""
    if NUL in request.path:
        return "path"
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if NUL in name or any(NUL in value for value in values):
                return name.replace(NUL, "")
    return None


class RefuseNulMiddleware:
    """400 for a NUL character in the path, the query string or a form.

    PostgreSQL can neither store nor compare text holding one ("A string literal cannot contain
    NUL (0x00) characters"), so any such value that reached a query was a 500. No real input
    holds one. DRF's and Django's ``CharField`` refuse it already; this answers for every value a
    view reads straight from the request, before anything (the session included) is looked up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        field = _nul_field(request)
        if field is None:
            return self.get_response(request)
        message = _("The request holds a NUL character, which no field accepts.")
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": message, "code": "invalid", "field": field}, status=400)
        return bad_request(request, BadRequest(message))
