"""The OpenAPI generator of the project: drf-spectacular's, reading the declared access.

drf-spectacular marks an operation open to anonymous callers (``security: [{}]``) only when it
sees DRF's ``AllowAny``; every view here is checked by ``core.access.DeclaredAccess`` instead, so
the schema learns it from the view's ``access`` (a public one needs no login).

The refusals that come from the request rather than the operation are documented here once, on
every operation they can reach: 401 and 403 on each one that needs a signed-in caller (the
declared access, a read-only token, two factors not yet set up), 404 on each that names a record
in its path or pages a list, 400 on each (a NUL character is refused anywhere), 429 on each
throttled one. An operation's own description of one of these (``responses={...}``) stands.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi

from core.access import Access
from core.api.responses import BAD, NOT_FOUND, Responses, refusal

UNAUTHENTICATED = refusal(401, "Not signed in: no session, or no valid API token")
NOT_ALLOWED = refusal(
    403,
    "Outside the operation's declared access, a change by a read-only token, "
    "or two factors not yet set up",
)
PAGING = {"page", "page_size", "cursor"}
NO_PAGE = refusal(404, "No such page of the list")
THROTTLED = refusal(429, "Too many requests: try again after the seconds in Retry-After")


class AutoSchema(openapi.AutoSchema):
    def _public(self) -> bool:
        declared = getattr(self.view, "access", None)
        return isinstance(declared, Access) and not declared.login

    def get_auth(self) -> list[Any]:
        auths: list[Any] = super().get_auth()
        if self._public() and {} not in auths:
            auths.append({})
        return auths

    def get_tags(self) -> list[str]:
        # The app's group, declared once on its base view (core.api.views.AppApi.tags).
        declared = getattr(self.view, "tags", None)
        return list(declared) if declared else super().get_tags()

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        refusals: Responses = {}
        if not self._public():
            refusals |= UNAUTHENTICATED | NOT_ALLOWED
        parameters = {
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
        if "{" in self.path:
            refusals |= NOT_FOUND
        elif parameters & (PAGING - {"page_size"}):
            refusals |= NO_PAGE
        # Any request: a NUL character anywhere in it (core.middleware.RefuseNulMiddleware), and
        # a filter's value out of its choices or range, an invalid body.
        refusals |= BAD
        if self.view.get_throttles():
            refusals |= THROTTLED
        responses = operation["responses"]
        for code, response in refusals.items():
            responses.setdefault(str(code), self._get_response_for_code(response, str(code)))
        return operation
