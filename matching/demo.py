"""Demo matching: the first full rematch of the demo vacancies, so the seed ends with a published
ranking whatever the broker. Its chunks run here rather than waiting for a worker (the chunk
tasks sent on commit then find them done). Idempotent: the rematch runs only when vacancies were
just created or none has succeeded yet.
"""

from __future__ import annotations

from django.db import transaction

from employers.models import Vacancy
from matching.internal import chunk_execute, rematch_all
from matching.models import Match, MatchChunk, MatchRun
from migrants.models import MigrantProfile


def seed(*, vacancies_created: bool) -> MatchRun | None:
    """The full rematch, when it is needed; the run it made, if any."""
    succeeded = MatchRun.objects.filter(kind=MatchRun.Kind.FULL, status=MatchRun.Status.SUCCEEDED)
    if not vacancies_created and succeeded.exists():
        return None
    with transaction.atomic():
        run = rematch_all()
        pending = run.chunks.filter(status=MatchChunk.Status.PENDING)
        for chunk_id in pending.values_list("pk", flat=True):
            chunk_execute(chunk_id)
    run.refresh_from_db()
    return run


def ranked_with_login(vacancy: Vacancy) -> list[MigrantProfile]:
    """The vacancy's published ranking, best first, of the candidates who have a login."""
    return [
        match.profile
        for match in Match.objects.filter(vacancy=vacancy, profile__user__isnull=False)
        .select_related("profile__user")
        .order_by("rank")
    ]
