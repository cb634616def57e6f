"""The API documentation pages, under the site's Content-Security-Policy.

drf-spectacular's own templates put script and style inline, and its Redoc page loads Google
Fonts; ours load files from this site only. Swagger UI gets its start-up script as a separate
file (drf-spectacular's split view). Redoc's bundle injects its styles at run time
(styled-components), which no fixed policy can allow without ``'unsafe-inline'``: its page alone
adds a fresh style nonce, handed to Redoc by a data attribute and read by ``redoc-init.js``, and
lets Redoc's search run in a worker it builds from its own bundle (``blob:``).
"""

from __future__ import annotations

import secrets
from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.access import PUBLIC, DeclaredAccess
from core.middleware import CSP_HEADER, content_security_policy


class JsonErrors:
    """A refusal (a wrong method, throttling) answers JSON in the API's Error shape, as every
    answer under /api/ does, not in the page's own format (YAML, HTML)."""

    def handle_exception(self, exc: Exception) -> Response:
        response: Response = super().handle_exception(exc)  # type: ignore[misc]
        self.request.accepted_renderer = JSONRenderer()  # type: ignore[attr-defined]
        self.request.accepted_media_type = "application/json"  # type: ignore[attr-defined]
        return response


class ApiSchemaView(JsonErrors, SpectacularAPIView):
    """The OpenAPI document: public, as the API's shape is no secret; the data is."""

    access = PUBLIC
    permission_classes = [DeclaredAccess]


class ApiSwaggerView(JsonErrors, SpectacularSwaggerSplitView):
    access = PUBLIC
    permission_classes = [DeclaredAccess]
    template_name = "api_docs/swagger_ui.html"


class ApiRedocView(JsonErrors, SpectacularRedocView):
    access = PUBLIC
    permission_classes = [DeclaredAccess]
    template_name = "api_docs/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        nonce = secrets.token_urlsafe(18)
        response.data["style_nonce"] = nonce
        response[CSP_HEADER] = content_security_policy(
            {"style-src": [f"'nonce-{nonce}'"], "worker-src": ["blob:"]}
        )
        return response
