"""The employer pages (``vacancies``, the pseudonymised ``pool``, the hiring ``pipeline``), the
migrant's answers to employers' interest (``mine``) and the partnership officers' figures.

Every page declares its access (``employers.permissions``). Identity reaches an employer's page
only through ``employers.selectors.candidate_identity``; every other candidate detail comes
from a ``CandidateCard``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

PAGE_SIZE = 25


def safe_next(request: HttpRequest, default: str) -> str:
    """The page to go back to: ``next`` when it is a path on this site, else ``default``.
    ``redirect`` takes a bare word for a URL name, so "-1" would crash it (NoReverseMatch)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default
