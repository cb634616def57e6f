"""Trusted entry points that other apps call into accounts, without the user-facing checks.

Callers have already decided, under their own rules, that the call is due (e.g. an erasure hook
running inside ``migrants.rights.profile_erase``). Views, API and forms never import this module.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from accounts.models import Notification


def notifications_delete(*, user_id: int, title_prefixes: Collection[str]) -> int:
    """Delete the notifications to ``user_id`` whose title starts with one of ``title_prefixes``
    (an app's references, e.g. a recognition request's), for an erasure: they may quote what
    others wrote about the person. Returns how many were deleted."""
    about = Q(pk__in=[])
    for prefix in title_prefixes:
        about |= Q(title__startswith=prefix)
    deleted, _by_model = Notification.objects.filter(about, user_id=user_id).delete()
    return deleted
