"""Matching's part of a person's erasure and of their copy of their data (GDPR art. 17, 15 and
20), registered in ``MatchingConfig.ready`` through ``migrants.internal``.

Erasure (``candidate_erase``, run inside ``migrants.rights.profile_erase``): the person leaves
every published ranking at once and the rankings close up behind them; what a run has staged for
them is dropped, so a run finishing later cannot bring them back (``_publish`` also skips anyone
erased meanwhile); a run started for their profile alone forgets whom it was for.

Export (``matches_export``): the open vacancies the person is ranked for, as "Jobs for me" shows
them (only where their pool consent still reaches the vacancy), with the explanation.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from accounts.models import User
from matching.internal import TOP_K, _rerank
from matching.models import Match, MatchResult, MatchRun
from matching.selectors import vacancies_for_migrant
from migrants.internal import ExportContext
from migrants.models import MigrantProfile

# "Jobs for me" shows the best twenty; the copy of the data holds every one.
EXPORT_LIMIT = 10_000


def candidate_erase(profile: MigrantProfile, actor: User) -> None:
    ranked = Match.objects.filter(profile=profile)
    vacancy_ids = set(ranked.values_list("vacancy_id", flat=True))
    ranked.delete()
    for vacancy_id in sorted(vacancy_ids):
        _rerank(vacancy_id, TOP_K)
    MatchResult.objects.filter(profile=profile).delete()
    MatchRun.objects.filter(profile=profile).update(profile=None)


def matches_export(context: ExportContext) -> list[dict[str, Any]]:
    user = context.profile.user
    if user is None:
        return []
    return [
        {
            "vacancy": fit.vacancy.title,
            "employer": fit.vacancy.employer.name,
            "destination_country": fit.vacancy.destination_country_id,
            "occupation": fit.vacancy.occupation.title,
            "rank": fit.rank,
            "score": fit.score,
            "why": asdict(fit.why) if fit.why is not None else None,
        }
        for fit in vacancies_for_migrant(user=user, limit=EXPORT_LIMIT)
    ]
