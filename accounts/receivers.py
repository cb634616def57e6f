"""Reactions to allauth's and Django's account events, connected in AccountsConfig.ready."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as allauth_signals
from allauth.account.models import EmailAddress
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from accounts.lockout import login_failures_clear
from accounts.middleware import staff_session_start
from accounts.models import User
from accounts.services import api_token_revoke_all_for_user


def on_password_changed(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    api_token_revoke_all_for_user(user=user, reason="password_changed")


def on_password_set(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    api_token_revoke_all_for_user(user=user, reason="password_set")


def on_password_reset(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    api_token_revoke_all_for_user(user=user, reason="password_reset")
    # The owner proved they hold the mailbox: they need not wait out a delay caused by others.
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    for address in addresses:
        login_failures_clear(login=address)


def on_user_logged_in(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    staff_session_start(request, user)


def connect() -> None:
    allauth_signals.password_changed.connect(on_password_changed, dispatch_uid="smp-pw-changed")
    allauth_signals.password_set.connect(on_password_set, dispatch_uid="smp-pw-set")
    allauth_signals.password_reset.connect(on_password_reset, dispatch_uid="smp-pw-reset")
    auth_signals.user_logged_in.connect(on_user_logged_in, dispatch_uid="smp-staff-session")
