"""allauth's account adapter with the portal's throttle on failed passwords."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from accounts.lockout import login_attempt_allowed, login_failure_record, login_failures_clear


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    """allauth still applies its per-address (IP) limit; the per-account limit is the
    progressive delay of ``accounts.lockout`` instead of allauth's fixed window."""

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        if not login_attempt_allowed(login=_login_of(credentials)):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        if user is not None:
            # Only someone who knows the password gets here, so forgetting the count helps no
            # guesser.
            login_failures_clear(login=_login_of(credentials))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        login_failure_record(login=_login_of(credentials))
