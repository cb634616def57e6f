"""Who a user is on the portal, and what that lets them do with accounts and organisations."""

from __future__ import annotations

from collections.abc import Collection

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Membership, Organisation, Role, User
from core.access import Access
from core.errors import DomainValidationError

AnyUser = AbstractBaseUser | AnonymousUser

# Roles that decide on people's applications or run partnerships must use two factors.
MFA_REQUIRED_ROLES = frozenset({Role.GOVERNMENT_OFFICER, Role.RECOGNITION_OFFICER, Role.ADMIN})

_ROLES_CACHE_ATTR = "_smp_roles"


def active_memberships(user: AnyUser) -> list[Membership]:
    """The user's active memberships with their organisations, loaded once per user object."""
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_smp_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True, organisation__is_active=True)
            .select_related("organisation", "organisation__country")
            .order_by("organisation__name")
        )
        user._smp_memberships = cached  # type: ignore[attr-defined]
    return cached


def user_roles(user: AnyUser) -> frozenset[Role]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = {m.organisation.portal_role for m in active_memberships(user)}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if not roles:
        roles.add(Role.MIGRANT)
    return frozenset(roles)


def has_role(user: AnyUser, role: Role) -> bool:
    return role in user_roles(user)


def requires_mfa(user: AnyUser) -> bool:
    return bool(user_roles(user) & MFA_REQUIRED_ROLES)


MFA_REQUIRED_MESSAGE = _(
    "Two-factor authentication is required for your role. Set up an authenticator app first."
)


def has_totp_authenticator(user: AnyUser) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def mfa_missing(user: AnyUser) -> bool:
    """The portal requires a second factor of this user's role, and they have not set one up.

    While this holds, the user may only set up the authenticator: no page, no API call (by
    session or token) and no new API token.
    """
    return (
        settings.SMP_MFA_REQUIRED
        and user.is_authenticated
        and requires_mfa(user)
        and not has_totp_authenticator(user)
    )


def has_staff_session_limits(user: AnyUser) -> bool:
    """Everyone but a migrant works on other people's records: their sessions end after a
    short idle time and a fixed number of hours, and never outlive the browser."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return user.is_staff or user_roles(user) != {Role.MIGRANT}


def can_create_api_token(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_active and not mfa_missing(user)


def can_manage_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if has_role(user, Role.ADMIN):
        return True
    return any(
        m.organisation_id == organisation.pk and m.role == Membership.Role.MANAGER
        for m in active_memberships(user)
    )


def can_revoke_api_token(user: AnyUser, token: ApiToken) -> bool:
    return isinstance(user, User) and token.user_id == user.pk


def get_api_token_for_user(user: AnyUser, pk: int) -> ApiToken:
    """One of ``user``'s live tokens; anyone else's does not exist as far as they know (404)."""
    token = ApiToken.objects.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None or not can_revoke_api_token(user, token):
        raise Http404("No such token.")
    return token


def organisations_of(
    user: AnyUser, kinds: Collection[str], *, writers_only: bool = True
) -> list[Organisation]:
    """The user's organisations of ``kinds``; with ``writers_only``, those they may act for."""
    return [
        m.organisation
        for m in active_memberships(user)
        if m.organisation.kind in kinds and (m.can_write or not writers_only)
    ]


def acting_organisation_id(
    organisations: list[Organisation], chosen: int | None, *, field: str
) -> int:
    """Which of the caller's organisations a new record is made for: the one they chose among
    ``organisations``, or their only one. The one rule for every form and API that asks."""
    if chosen is None:
        if len(organisations) != 1:
            raise DomainValidationError(
                str(_("You work for several organisations: say which one.")), field=field
            )
        return organisations[0].pk
    if all(o.pk != chosen for o in organisations):
        raise DomainValidationError(str(_("Choose one of your own organisations.")), field=field)
    return chosen


# Declared access of the accounts routes (pages and API). Each is about the caller's own
# account, so the gate is the sign-in; the selectors and helpers keep to what is theirs.
OWN_ACCOUNT = Access("any signed-in user, for their own account and roles")
OWN_ORGANISATIONS = Access(
    "any signed-in user, for the organisations they belong to (administrators: all)"
)
OWN_API_TOKENS = Access("any signed-in user, for their own API tokens")
OWN_API_TOKEN = OWN_API_TOKENS.on("accounts.permissions.get_api_token_for_user")
