"""Match runs through real Celery workers on the configured broker (Redis in `.ci/run`): a full
rematch fanned out in chunks, and a worker killed in the middle of a run.

Skipped without a broker or with SQLite (see tests/worker_support.py).
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from accounts.tests.factories import UserFactory
from employers.tests.factories import open_market
from matching import engine
from matching import internal as matching_internal
from matching import services as matching_services
from matching.inputs import build_inputs, open_vacancy_ids
from matching.models import Match, MatchChunk, MatchRun
from tests.worker_support import NEEDS_A_WORKER, celery_worker, own_queue

pytestmark = NEEDS_A_WORKER


@pytest.fixture
def queue() -> Iterator[str]:
    with own_queue() as name:
        yield name


@contextmanager
def worker(queue: str, tmp_path: Path, name: str) -> Iterator[subprocess.Popen[str]]:
    # A message whose worker died is handed out again after 3 s instead of an hour.
    with celery_worker(queue, tmp_path, name, CELERY_VISIBILITY_TIMEOUT="3") as running:
        yield running.process


def _wait(predicate: object, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        if process.poll() is not None:
            log = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"worker exited:\n{log}")
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


def _expected() -> dict[int, list[int]]:
    inputs = build_inputs(vacancy_ids=open_vacancy_ids())
    ranked = engine.top_k(inputs.candidates, inputs.vacancies, k=matching_internal.TOP_K)
    return {
        vacancy_id: [inputs.profile_ids[int(c)] for c in ranked.row(row)[0]]
        for row, vacancy_id in enumerate(inputs.vacancy_ids)
    }


def _published() -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for vacancy_id, profile_id in Match.objects.order_by("vacancy_id", "rank").values_list(
        "vacancy_id", "profile_id"
    ):
        result.setdefault(vacancy_id, []).append(profile_id)
    return result


def test_full_rematch_runs_in_chunks_on_a_real_worker(
    starter_taxonomy: None, queue: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching_internal, "CHUNK_SIZE", 2)
    open_market(vacancies=5, candidates=8)
    Match.objects.all().delete()
    with worker(queue, tmp_path, "w1") as process:
        run = matching_services.full_rematch_start(actor=UserFactory.create(is_superuser=True))
        _wait(lambda: MatchRun.objects.get(pk=run.pk).status == "succeeded", process)
    run.refresh_from_db()
    assert (run.chunks_total, run.chunks_done, run.vacancies) == (3, 3, 5)
    assert _published() == _expected()
    assert Match.objects.count() == 5 * 8


def test_a_killed_worker_leaves_a_run_that_a_new_worker_finishes_identically(
    starter_taxonomy: None, queue: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching_internal, "CHUNK_SIZE", 1)
    open_market(vacancies=12, candidates=10)
    Match.objects.all().delete()
    with worker(queue, tmp_path, "doomed") as process:
        run = matching_services.full_rematch_start(actor=UserFactory.create(is_superuser=True))
        _wait(lambda: MatchRun.objects.get(pk=run.pk).chunks_done >= 1, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == "running" and run.chunks_done < run.chunks_total
    with worker(queue, tmp_path, "rescue") as process:
        # What the beat's resume job does for a stalled run; the broker also redelivers.
        matching_internal.run_resume(run.pk)
        _wait(lambda: MatchRun.objects.get(pk=run.pk).status == "succeeded", process)
    run.refresh_from_db()
    assert run.chunks_done == run.chunks_total == 12
    assert _published() == _expected()
    assert Match.objects.count() == 12 * 10  # no duplicates from chunks run twice
    assert MatchChunk.objects.filter(run=run, status="done").count() == 12
