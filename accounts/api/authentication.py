from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.permissions import MFA_REQUIRED_MESSAGE, mfa_missing
from accounts.services import api_token_authenticate

TOKEN_READ_ONLY_MESSAGE = _("This token is read-only: it may read, but not change anything.")


def _refused(message: object, code: str) -> exceptions.PermissionDenied:
    # A dict detail keeps the machine-readable code in the body, as the MFA middleware sends it.
    return exceptions.PermissionDenied({"detail": str(message), "code": code})


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer smp_...`` with a personal token created on the account page.

    The token's own limits are enforced here rather than in a permission class: every API view
    that accepts tokens runs this, while a view may replace the permission classes (``AllowAny``)
    and still read ``request.user``. Django's middleware never sees a token user, since DRF
    authenticates inside the view.
    """

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        token = api_token_authenticate(raw_key=header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if mfa_missing(token.user):
            raise _refused(MFA_REQUIRED_MESSAGE, "mfa_required")
        if token.read_only and request.method not in SAFE_METHODS:
            raise _refused(TOKEN_READ_ONLY_MESSAGE, "token_read_only")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Personal API token (smp_...), created at /accounts/tokens/. It "
            "expires (90 days unless chosen otherwise) and is revoked when the password "
            "changes. A read-only token is refused any unsafe method (403 `token_read_only`); "
            "an officer or administrator without an authenticator app is refused every call "
            "(403 `mfa_required`).",
        }
