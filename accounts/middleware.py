from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from accounts.permissions import requires_mfa

# Paths an officer without an authenticator may still reach: signing in and out, setting up the
# authenticator itself, and the assets those pages need.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/verify/")


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MfaRequiredMiddleware:
    """Officers and administrators must set up a TOTP authenticator before doing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.SMP_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and requires_mfa(request.user)
            and not _has_totp(request.user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": "Two-factor authentication is required for your role. "
                        "Set up an authenticator app first.",
                        "code": "mfa_required",
                    },
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
