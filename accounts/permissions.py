"""Who a user is on the portal, and what that lets them do with accounts and organisations."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from accounts.models import ApiToken, Membership, Organisation, Role, User

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


def can_manage_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if has_role(user, Role.ADMIN):
        return True
    return any(
        m.organisation_id == organisation.pk and m.role == Membership.Role.MANAGER
        for m in active_memberships(user)
    )


def can_revoke_api_token(user: AnyUser, token: ApiToken) -> bool:
    return isinstance(user, User) and token.user_id == user.pk
