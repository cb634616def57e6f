"""The OpenAPI generator of the project: drf-spectacular's, reading the declared access.

drf-spectacular marks an operation open to anonymous callers (``security: [{}]``) only when it
sees DRF's ``AllowAny``; every view here is checked by ``core.access.DeclaredAccess`` instead, so
the schema learns it from the view's ``access`` (a public one needs no login).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi

from core.access import Access


class AutoSchema(openapi.AutoSchema):
    def get_auth(self) -> list[Any]:
        auths: list[Any] = super().get_auth()
        declared = getattr(self.view, "access", None)
        if isinstance(declared, Access) and not declared.login and {} not in auths:
            auths.append({})
        return auths

    def get_tags(self) -> list[str]:
        # The app's group, declared once on its base view (core.api.views.AppApi.tags).
        declared = getattr(self.view, "tags", None)
        return list(declared) if declared else super().get_tags()
