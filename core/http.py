from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx asked for a fragment (django-htmx's middleware sets ``request.htmx``).

    A history-restore request (Back after htmx's cache missed) wants the whole page.
    """
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def page_link(name: str, *args: object) -> str:
    """The address of a page, for a notification or an e-mail that points to it; empty where the
    pages are not wired (a service test without the URLs)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
