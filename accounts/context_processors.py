from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.navigation import nav_items_for
from accounts.permissions import active_memberships, user_roles


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_items": [],
            "user_roles": frozenset(),
            "user_role_labels": [],
            "user_memberships": [],
        }
    roles = user_roles(user)
    return {
        "nav_items": nav_items_for(roles),
        "user_roles": roles,
        "user_role_labels": sorted(role.label for role in roles),
        "user_memberships": active_memberships(user),
    }
