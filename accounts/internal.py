"""Trusted entry points that other apps call into accounts, without the user-facing checks.

Callers have already decided, under their own rules, that the call is due (e.g. an erasure hook
running inside ``migrants.rights.profile_erase``). Views, API and forms never import this module.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db.models import Q

from accounts.models import Notification, Organisation, User
from accounts.services import membership_grant, notify_on_commit, organisation_create
from core.demo import DEMO_PASSWORD


def notifications_delete(*, user_id: int, title_prefixes: Collection[str]) -> int:
    """Delete the notifications to ``user_id`` whose title starts with one of ``title_prefixes``
    (an app's references, e.g. a recognition request's), for an erasure: they may quote what
    others wrote about the person. Returns how many were deleted."""
    about = Q(pk__in=[])
    for prefix in title_prefixes:
        about |= Q(title__startswith=prefix)
    deleted, _by_model = Notification.objects.filter(about, user_id=user_id).delete()
    return deleted


# --- For the demo modules of every app (seed_demo): get or create, so a second run adds nothing.


@contextmanager
def demo_notifications_skipped(services: ModuleType) -> Iterator[None]:
    """While seeding, ``services`` (a module that imported ``notify_on_commit``) tells nobody of
    its steps. A seed runs in a management command of its own, so nothing else is silenced."""
    name = notify_on_commit.__name__
    original = getattr(services, name)

    def skip(**_kwargs: object) -> None:
        return None

    setattr(services, name, skip)
    try:
        yield
    finally:
        setattr(services, name, original)


@cache
def _demo_password_hash() -> str:
    # One hash for every demo login: they share the published password anyway, and hashing it
    # for each of some hundred logins would take most of a seed run.
    return make_password(DEMO_PASSWORD)


def demo_login_ensure(*, email: str, full_name: str, superuser: bool = False) -> User:
    """The login with this address, created with the demo password if missing; its address
    verified and primary, so that it signs in without a confirmation e-mail."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            full_name=full_name,
            password=_demo_password_hash(),
            is_staff=superuser,
            is_superuser=superuser,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_organisation_ensure(*, name: str, kind: str, country: str, city: str) -> Organisation:
    """The organisation of this name in this country, created if missing."""
    return Organisation.objects.filter(
        name=name, country_id=country
    ).first() or organisation_create(
        actor=None, name=name, kind=kind, country_code=country, city=city
    )


def demo_membership_ensure(*, user: User, organisation: Organisation, role: str) -> None:
    """Make ``user`` a member of ``organisation`` with ``role`` unless they already are one."""
    if not user.memberships.filter(organisation=organisation, is_active=True).exists():
        membership_grant(actor=None, user=user, organisation=organisation, role=role)
