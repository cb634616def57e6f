from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx asked for a fragment (django-htmx's middleware sets ``request.htmx``).

    A history-restore request (Back after htmx's cache missed) wants the whole page.
    """
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request
