"""Trusted entry points that other apps call into migrants, without the user-facing checks.

Callers have already decided, under their own rules, that the call is due (e.g. an erasure hook
running inside ``migrants.rights.profile_erase``). Views, API and forms never import this module.
"""

from __future__ import annotations

from collections.abc import Collection

from migrants.models import Qualification

ERASED = "[erased]"


def qualifications_blank(*, qualification_ids: Collection[int]) -> int:
    """Blank what identifies qualifications that another app's records keep (title, institution,
    award date), for an erasure: the rows stay, as those records protect them, but no longer
    name the person's studies. Returns how many were blanked."""
    return Qualification.objects.filter(pk__in=list(qualification_ids)).update(
        title=ERASED, institution=ERASED, awarded_on=None
    )
