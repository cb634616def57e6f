"""Match runs, as the system runs them: the trusted entry points that take no user. Matching's
tasks, its signal receivers and the demo seeding call these; pages and the API go through
``matching.services``, which checks the caller first. The ``MatchRun`` row is the truth.

A full rematch splits the open vacancies (ascending id) into chunks of ``CHUNK_SIZE``: the same
vacancies always form the same chunks, so any worker may run any chunk, and run it again. A chunk
replaces its own staged results (delete + insert under the unique key run/vacancy/profile) and is
marked done in the same transaction; the chunk that completes the run publishes it, replacing the
published ranking of every vacancy in the run in one transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from employers.models import Vacancy
from matching import engine
from matching.inputs import build_inputs, candidate_profile_ids, open_vacancy_ids
from matching.models import Match, MatchChunk, MatchResult, MatchRun
from migrants.models import MigrantProfile

CHUNK_SIZE = 50
TOP_K = 50
R = MatchRun.Status


# --- Starting runs ----------------------------------------------------------------------------
def _dispatch(run: MatchRun) -> None:
    from matching.tasks import match_chunk_task

    chunk_ids = list(
        run.chunks.filter(status=MatchChunk.Status.PENDING).values_list("pk", flat=True)
    )

    def send() -> None:
        for chunk_id in chunk_ids:
            match_chunk_task.delay(chunk_id)

    transaction.on_commit(send)


def _create_run(
    *, kind: str, vacancy_ids: list[int], actor: User | None, k: int, **fields: Any
) -> MatchRun:
    run = MatchRun.objects.create(
        kind=kind,
        status=R.QUEUED,
        params={"k": k, "chunk_size": CHUNK_SIZE},
        vacancies=len(vacancy_ids),
        requested_by=actor,
        **fields,
    )
    chunks = [
        MatchChunk(run=run, index=i, vacancy_ids=vacancy_ids[start : start + CHUNK_SIZE])
        for i, start in enumerate(range(0, len(vacancy_ids), CHUNK_SIZE))
    ]
    MatchChunk.objects.bulk_create(chunks)
    run.chunks_total = len(chunks)
    run.save(update_fields=["chunks_total"])
    audit_record(
        actor=actor,
        action="matching.run.started",
        target=run,
        data={"kind": kind, "vacancies": len(vacancy_ids), "chunks": len(chunks)},
    )
    if not chunks:
        _publish(run)
    else:
        _dispatch(run)
    return run


@transaction.atomic
def rematch_all(*, actor: User | None = None, k: int = TOP_K) -> MatchRun:
    """Every open vacancy against every pool candidate: the nightly beat, the demo seeding, or
    an administrator through ``services.full_rematch_start``."""
    return _create_run(kind=MatchRun.Kind.FULL, vacancy_ids=open_vacancy_ids(), actor=actor, k=k)


def supersede_and_rank(*, vacancy: Vacancy, actor: User | None, k: int = TOP_K) -> MatchRun:
    """A run for one vacancy (locked by the caller); a newer run makes older queued ones
    pointless."""
    MatchRun.objects.filter(
        kind=MatchRun.Kind.VACANCY, vacancy=vacancy, status__in=MatchRun.ACTIVE
    ).update(status=R.SUPERSEDED, finished_at=timezone.now())
    return _create_run(
        kind=MatchRun.Kind.VACANCY, vacancy_ids=[vacancy.pk], actor=actor, k=k, vacancy=vacancy
    )


@transaction.atomic
def vacancy_rematch(vacancy_id: int, k: int = TOP_K) -> MatchRun | None:
    """After a vacancy changed: rank it again if it is open, else drop its ranking."""
    vacancy = Vacancy.objects.select_for_update().filter(pk=vacancy_id).first()
    if vacancy is None:
        return None
    if vacancy.status != Vacancy.Status.OPEN:
        Match.objects.filter(vacancy_id=vacancy_id).delete()
        return None
    return supersede_and_rank(vacancy=vacancy, actor=None, k=k)


# --- Running a chunk --------------------------------------------------------------------------
def chunk_execute(chunk_id: int) -> None:
    """Compute and stage one chunk's rankings; publish the run if it was the last chunk.
    Safe to run twice: a done chunk is skipped, a half-done one is redone from scratch."""
    chunk = MatchChunk.objects.select_related("run").filter(pk=chunk_id).first()
    if chunk is None or chunk.status == MatchChunk.Status.DONE:
        return
    run = chunk.run
    if run.status not in MatchRun.ACTIVE:
        return
    MatchRun.objects.filter(pk=run.pk, status=R.QUEUED).update(
        status=R.RUNNING, started_at=timezone.now()
    )
    MatchChunk.objects.filter(pk=chunk.pk).update(attempts=F("attempts") + 1)
    started = time.perf_counter()
    k = int(run.params.get("k", TOP_K))
    vacancy_ids = [int(v) for v in chunk.vacancy_ids]
    # Only vacancies that are still open are ranked; a closed one gets an empty ranking.
    still_open = set(open_vacancy_ids()) & set(vacancy_ids)
    inputs = build_inputs(
        vacancy_ids=sorted(still_open), cache_key=(run.pk, run.created_at.isoformat())
    )
    built = time.perf_counter()
    rows: list[MatchResult] = []
    if inputs.vacancy_ids and inputs.profile_ids:
        ranked = engine.top_k(inputs.candidates, inputs.vacancies, k=k)
        for i, vacancy_id in enumerate(inputs.vacancy_ids):
            candidates, scores = ranked.row(i)
            rows += [
                MatchResult(
                    run=run,
                    vacancy_id=vacancy_id,
                    profile_id=inputs.profile_ids[int(c)],
                    rank=rank,
                    score=float(score),
                )
                for rank, (c, score) in enumerate(zip(candidates, scores, strict=True), start=1)
            ]
    scored = time.perf_counter()
    with transaction.atomic():
        locked = MatchRun.objects.select_for_update().get(pk=run.pk)
        chunk = MatchChunk.objects.select_for_update().get(pk=chunk_id)
        if chunk.status == MatchChunk.Status.DONE or locked.status not in MatchRun.ACTIVE:
            return
        MatchResult.objects.filter(run=run, vacancy_id__in=vacancy_ids).delete()
        MatchResult.objects.bulk_create(rows, batch_size=2000)
        chunk.status = MatchChunk.Status.DONE
        chunk.finished_at = timezone.now()
        chunk.save(update_fields=["status", "finished_at"])
        locked.chunks_done = locked.chunks.filter(status=MatchChunk.Status.DONE).count()
        timings = dict(locked.timings)
        timings["build_s"] = round(timings.get("build_s", 0) + built - started, 4)
        timings["score_s"] = round(timings.get("score_s", 0) + scored - built, 4)
        timings["write_s"] = round(timings.get("write_s", 0) + time.perf_counter() - scored, 4)
        locked.timings = timings
        locked.candidates = max(locked.candidates, len(inputs.profile_ids))
        locked.save(update_fields=["chunks_done", "timings", "candidates"])
        if locked.chunks_done == locked.chunks_total:
            _publish(locked)


def _publish(run: MatchRun) -> None:
    """Replace the published rankings of the run's vacancies with the run's, atomically."""
    vacancy_ids = [v for chunk in run.chunks.all() for v in chunk.vacancy_ids]
    if run.kind == MatchRun.Kind.FULL:
        # Vacancies no longer open keep no stale ranking either.
        Match.objects.exclude(vacancy_id__in=open_vacancy_ids()).delete()
    Match.objects.filter(vacancy_id__in=vacancy_ids).delete()
    staged = MatchResult.objects.filter(run=run)
    Match.objects.bulk_create(
        (
            Match(
                vacancy_id=r.vacancy_id,
                profile_id=r.profile_id,
                run=run,
                rank=r.rank,
                score=r.score,
            )
            # Someone erased since the chunk ran is not published (``matching.erasure``).
            for r in staged.filter(profile__state=MigrantProfile.State.ACTIVE).iterator(
                chunk_size=5000
            )
        ),
        batch_size=2000,
    )
    run.results = staged.count()
    staged.delete()
    run.status = R.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["results", "status", "finished_at"])
    audit_record(
        actor=None,
        action="matching.run.published",
        target=run,
        data={"results": run.results, "vacancies": run.vacancies},
    )


def run_fail(run_id: int, error: str) -> None:
    MatchRun.objects.filter(pk=run_id, status__in=MatchRun.ACTIVE).update(
        status=R.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def chunk_fail(chunk_id: int, error: str) -> None:
    """End the chunk's run as failed: a chunk that cannot finish would otherwise keep the run
    active, and the stalled-run sweep would send it again and again."""
    run_id = MatchChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).first()
    if run_id is not None:
        run_fail(run_id, error)


def run_resume(run_id: int) -> int:
    """Send the pending chunks of an unfinished run again (after a worker died); returns how
    many. Chunks already done are not redone; a chunk that is still running somewhere and is
    also resent is computed twice but staged once."""
    run = MatchRun.objects.filter(pk=run_id, status__in=MatchRun.ACTIVE).first()
    if run is None:
        return 0
    with transaction.atomic():
        _dispatch(run)
    return run.chunks.filter(status=MatchChunk.Status.PENDING).count()


# --- Incremental: one profile -----------------------------------------------------------------
@dataclass
class ProfileRematch:
    entered: int
    left: int


@transaction.atomic
def profile_rematch(profile_id: int, k: int = TOP_K) -> ProfileRematch:
    """After a profile or consent changed: re-score that person against every open vacancy and
    update only the rankings they enter or leave."""
    vacancy_ids = open_vacancy_ids()
    if not vacancy_ids:
        return ProfileRematch(0, 0)
    left = Match.objects.filter(profile_id=profile_id).count()
    touched = set(Match.objects.filter(profile_id=profile_id).values_list("vacancy_id", flat=True))
    Match.objects.filter(profile_id=profile_id).delete()
    entered = 0
    if candidate_profile_ids([profile_id]):
        inputs = build_inputs(vacancy_ids=vacancy_ids, profile_ids=[profile_id])
        scores = engine.score_candidate(inputs.candidates, 0, inputs.vacancies)
        for row, vacancy_id in enumerate(inputs.vacancy_ids):
            score = float(scores[row])
            if score == float("-inf"):
                continue
            current = list(
                Match.objects.filter(vacancy_id=vacancy_id)
                .order_by("rank")
                .values_list("profile_id", "score")
            )
            if len(current) >= k and score < current[-1][1]:
                continue
            Match.objects.create(vacancy_id=vacancy_id, profile_id=profile_id, rank=0, score=score)
            touched.add(vacancy_id)
            entered += 1
    for vacancy_id in touched:
        _rerank(vacancy_id, k)
    return ProfileRematch(entered, left)


def _rerank(vacancy_id: int, k: int) -> None:
    """Ranks 1..k by score, ties to the older profile (the engine's rule); the rest dropped."""
    matches = list(Match.objects.filter(vacancy_id=vacancy_id))
    matches.sort(key=lambda m: (-m.score, m.profile_id))
    keep, drop = matches[:k], matches[k:]
    if drop:
        Match.objects.filter(pk__in=[m.pk for m in drop]).delete()
    for rank, match in enumerate(keep, start=1):
        match.rank = rank
    Match.objects.bulk_update(keep, ["rank"])


def runs_resume_stalled(now: datetime | None = None) -> int:
    """Resend the pending chunks of runs that have made no progress for
    ``SMP_STALLED_JOB_SECONDS``: their messages were lost (a broker restarted without
    persistence) or their worker died. A chunk that was only waiting in the queue runs twice and
    is staged once."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SMP_STALLED_JOB_SECONDS)
    resent = 0
    for run in MatchRun.objects.filter(status__in=MatchRun.ACTIVE, created_at__lt=cutoff):
        last = (
            run.chunks.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        if last is None or last < cutoff:
            resent += run_resume(run.pk)
    return resent
