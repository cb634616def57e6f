from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import ApiToken, Organisation, Role, User
from accounts.permissions import AnyUser, active_memberships, has_role


def organisation_list_for_user(*, user: AnyUser) -> QuerySet[Organisation]:
    """Administrators see every organisation; everyone else the ones they belong to."""
    qs = Organisation.objects.select_related("country")
    if has_role(user, Role.ADMIN):
        return qs
    return qs.filter(pk__in=[m.organisation_id for m in active_memberships(user)])


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
