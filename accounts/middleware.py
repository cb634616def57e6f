from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _

from accounts.permissions import MFA_REQUIRED_MESSAGE, has_staff_session_limits, mfa_missing

# Paths an officer without an authenticator may still reach: signing in and out, setting up the
# authenticator itself, and the assets those pages need.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/verify/")

# Staff sessions: when the person signed in, and when they were last seen (epoch seconds).
STAFF_SIGNED_IN_AT = "smp.staff.signed_in_at"
STAFF_SEEN_AT = "smp.staff.seen_at"
# Last activity is written at most this often, so that pages and polling do not save the
# session on every request; the idle limit is therefore exact to within this many seconds.
_SEEN_RESOLUTION = 60


def _now() -> int:
    return int(time.time())


def staff_session_start(request: HttpRequest, user: AbstractBaseUser | AnonymousUser) -> None:
    """At sign-in: the absolute limit counts from now, and the session ends with the browser
    whatever "remember me" said. Migrants keep the normal session."""
    if not has_staff_session_limits(user):
        return
    now = _now()
    request.session[STAFF_SIGNED_IN_AT] = now
    request.session[STAFF_SEEN_AT] = now
    request.session.set_expiry(0)


def staff_session_end_reason(session: SessionBase, now: int) -> str:
    """Why a staff session is over ("idle" or "absolute"), or "" while it may go on."""
    signed_in_at = session.get(STAFF_SIGNED_IN_AT)
    seen_at = session.get(STAFF_SEEN_AT)
    if signed_in_at is not None and now - signed_in_at > settings.SMP_STAFF_SESSION_HOURS * 3600:
        return "absolute"
    if seen_at is not None and now - seen_at > settings.SMP_STAFF_IDLE_MINUTES * 60:
        return "idle"
    return ""


class StaffSessionMiddleware:
    """Staff sessions end after ``SMP_STAFF_IDLE_MINUTES`` without a request, after
    ``SMP_STAFF_SESSION_HOURS`` in all, and at browser close.

    Runs after the message middleware (it leaves a message for the sign-in page). Token
    requests are not its business: they carry no session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and has_staff_session_limits(request.user):
            reason = staff_session_end_reason(request.session, _now())
            if reason:
                logout(request)
                return self._signed_out(request, reason)
        response = self.get_response(request)
        self._record_activity(request)
        return response

    def _record_activity(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        session_user = request.session.get(SESSION_KEY)
        # After a token request DRF has put the token's user on the request; only a user who
        # holds this session counts.
        if user is None or session_user is None or str(user.pk) != str(session_user):
            return
        if not has_staff_session_limits(user):
            return
        session = request.session
        now = _now()
        if STAFF_SIGNED_IN_AT not in session:
            # A session from before these limits, or a role gained while signed in.
            session[STAFF_SIGNED_IN_AT] = now
        if now - session.get(STAFF_SEEN_AT, 0) >= _SEEN_RESOLUTION:
            session[STAFF_SEEN_AT] = now
        if not session.get_expire_at_browser_close():
            # allauth applies "remember me" after the sign-in signal; staff never get it.
            session.set_expiry(0)

    def _signed_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        if reason == "idle":
            message = _(
                "You were signed out after %(minutes)d minutes without activity. Sign in again "
                "to continue."
            ) % {"minutes": settings.SMP_STAFF_IDLE_MINUTES}
        else:
            message = _(
                "You were signed out because your session reached its limit of %(hours)d "
                "hours. Sign in again to continue."
            ) % {"hours": settings.SMP_STAFF_SESSION_HOURS}
        if request.path.startswith("/api/"):
            expired = JsonResponse({"detail": message, "code": "session_expired"}, status=401)
            expired["WWW-Authenticate"] = 'Bearer realm="api"'
            return expired
        messages.info(request, message)
        if request.headers.get("HX-Request"):
            # A fragment request would swap the sign-in page into part of a page.
            return HttpResponse(
                status=204, headers={"HX-Redirect": resolve_url(settings.LOGIN_URL)}
            )
        next_url = request.get_full_path() if request.method == "GET" else ""
        return redirect_to_login(next_url or resolve_url("home"))


class MfaRequiredMiddleware:
    """Officers and administrators must set up a TOTP authenticator before doing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.SMP_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and mfa_missing(request.user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": str(MFA_REQUIRED_MESSAGE), "code": "mfa_required"}, status=403
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
