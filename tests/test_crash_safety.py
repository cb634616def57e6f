"""Crash safety: real workers on Redis run a full match run and a large participant import while
they are SIGKILLed at seeded-random points, and while the broker restarts (losing every message:
it keeps none on disk). Each job must end with exactly what an undisturbed run of the same job
writes, nothing lost and nothing twice.

- A worker killed mid-task: its message was never acknowledged (``acks_late``), so the broker
  hands it out again once the visibility timeout has passed (3 s here) to a fresh worker, and
  the task redoes its work idempotently (a match chunk replaces what it staged and a chunk
  already done is skipped; an import is one transaction, rolled back with the dead worker's
  connection).
- The broker restarted: the messages are gone, and the beat's sweeps for stalled jobs
  (``matching.tasks.resume_stalled_task``, ``training.tasks.imports_resume_stalled_task``) send
  them again. The restarted broker is a throwaway ``redis-server`` of the test's own.

The seed is printed; ``CRASH_SEED=<seed>`` replays a run's kill points. Skipped without a broker
or with SQLite (see tests/worker_support.py).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Model
from django.dispatch import Signal

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from employers.signals import vacancy_changed
from employers.tests.factories import open_market
from matching import internal as matching_internal
from matching import services as matching_services
from matching.apps import _profile_changed, _vacancy_changed
from matching.models import Match, MatchChunk, MatchResult, MatchRun
from matching.tasks import resume_stalled_task
from migrants.models import ConsentGrant, MigrantProfile
from migrants.signals import profile_changed
from smp_portal.celery import app
from tests.worker_support import NEEDS_A_WORKER, Worker, celery_worker, own_queue
from training.imports import import_confirm, import_run, import_upload, import_validate
from training.imports.spec import PROGRESS_EVERY
from training.models import Cohort, Enrolment, ParticipantImport
from training.tasks import imports_resume_stalled_task
from training.tests.factories import Setting, make_cohort, make_setting
from training.tests.test_imports import csv_bytes, person

pytestmark = NEEDS_A_WORKER

IS = ParticipantImport.Status
VISIBILITY_TIMEOUT = "3"  # seconds before a dead worker's message is handed out again
MATCH_VACANCIES, MATCH_CANDIDATES, MATCH_CHUNK = 40, 30, 2  # 20 chunks
MATCH_KILLS = 3
IMPORT_ROWS = 2_000
IMPORT_KILLS = 3  # during the confirmed import; one more while the file is checked


# --- Seeds, workers, waiting ------------------------------------------------------------------
@pytest.fixture
def rng() -> random.Random:
    seed = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(1_000_000))
    print(f"crash seed {seed} (replay with CRASH_SEED={seed})")
    return random.Random(seed)


@pytest.fixture
def queue() -> Iterator[str]:
    with own_queue() as name:
        yield name


@dataclass
class Relay:
    """Workers on the test's queue, one at a time: the one running is SIGKILLed and a fresh one
    takes its place. The first starts while the test computes the undisturbed results."""

    queue: str
    tmp_path: Path
    stack: ExitStack
    started: int = 0
    kills: int = 0
    current: Worker | None = None

    def start(self, **env: str) -> Worker:
        self.started += 1
        self.current = self.stack.enter_context(
            celery_worker(
                self.queue,
                self.tmp_path,
                f"crash{self.started}",
                CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT,
                **env,
            )
        )
        return self.current

    @property
    def worker(self) -> Worker:
        assert self.current is not None
        return self.current

    def kill(self) -> None:
        self.worker.process.send_signal(signal.SIGKILL)
        self.worker.process.wait(timeout=30)
        self.kills += 1

    def replace(self, **env: str) -> None:
        self.kill()
        self.start(**env)


@pytest.fixture
def relay(queue: str, tmp_path: Path) -> Iterator[Relay]:
    with ExitStack() as stack:
        yield Relay(queue, tmp_path, stack)


def wait_for(
    predicate: Callable[[], object], worker: Worker | None, what: str, seconds: float = 120
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        process = worker.process if worker else None
        if process is not None and process.poll() is not None:
            log = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"the worker exited while waiting for {what}:\n{log}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def in_process() -> Iterator[None]:
    """Tasks run in this process: to set up the data (its incremental rematches and other side
    tasks must not wait in the workers' queue) and to compute the undisturbed results."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


# --- Match runs -------------------------------------------------------------------------------
MatchRow = tuple[int, int, int, float]  # vacancy, candidate, rank, score


@contextmanager
def no_incremental_rematch() -> Iterator[None]:
    """Setting up the market does not rank it after every change: the full rematch does."""
    receivers: list[tuple[Signal, Callable[..., None], str]] = [
        (profile_changed, _profile_changed, "matching.profile_changed"),
        (vacancy_changed, _vacancy_changed, "matching.vacancy_changed"),
    ]
    for sent, receiver, uid in receivers:
        assert sent.disconnect(receiver, dispatch_uid=uid)
    try:
        yield
    finally:
        for sent, receiver, uid in receivers:
            sent.connect(receiver, dispatch_uid=uid)


def _market(vacancies: int, candidates: int) -> User:
    with in_process(), no_incremental_rematch():
        open_market(vacancies, candidates)
    return UserFactory.create(is_superuser=True)


def _published(run: MatchRun | None = None) -> list[MatchRow]:
    matches = Match.objects.all() if run is None else Match.objects.filter(run=run)
    return sorted(matches.values_list("vacancy_id", "profile_id", "rank", "score"))


def _undisturbed_match_run(admin: User) -> list[MatchRow]:
    """The same full rematch, chunk by chunk in this process, with nothing disturbed."""
    with in_process():
        run = matching_services.full_rematch_start(actor=admin)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    rows = _published(run)
    Match.objects.all().delete()  # the run under test must write every row itself
    return rows


def _run(pk: int) -> MatchRun:
    return MatchRun.objects.get(pk=pk)


def _chunks_done(pk: int, at_least: int) -> bool:
    return _run(pk).chunks_done >= at_least


def _assert_published_as_undisturbed(run: MatchRun, undisturbed: list[MatchRow]) -> None:
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    assert run.chunks_done == run.chunks_total
    assert not MatchChunk.objects.filter(run=run).exclude(status=MatchChunk.Status.DONE).exists()
    assert not MatchResult.objects.filter(run=run).exists()  # nothing staged left behind
    published = _published()
    assert len(published) == len(set(published))  # no row twice
    assert published == _published(run)  # every row from this run
    assert published == undisturbed  # same vacancy, candidate, rank and score
    published_events = AuditEvent.objects.filter(action="matching.run.published")
    assert published_events.filter(target_id=str(run.pk)).count() == 1


def test_a_full_match_run_with_workers_killed_at_random_ends_as_undisturbed(
    starter_taxonomy: None, relay: Relay, rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    relay.start()
    monkeypatch.setattr(matching_internal, "CHUNK_SIZE", MATCH_CHUNK)
    admin = _market(MATCH_VACANCIES, MATCH_CANDIDATES)
    undisturbed = _undisturbed_match_run(admin)
    assert len(undisturbed) == MATCH_VACANCIES * MATCH_CANDIDATES
    started = time.monotonic()
    run = matching_services.full_rematch_start(actor=admin)
    assert run.chunks_total == MATCH_VACANCIES // MATCH_CHUNK
    killed_at: list[tuple[int, float]] = []
    for _kill in range(MATCH_KILLS):
        # After a random number of chunks done by this worker, a random moment later: inside a
        # chunk, between two, or while the last one publishes.
        target = _run(run.pk).chunks_done + rng.randint(1, 3)
        wait_for(partial(_chunks_done, run.pk, target), relay.worker, f"{target} chunks")
        delay = rng.uniform(0, 0.3)
        time.sleep(delay)
        relay.replace()
        state = _run(run.pk)
        assert state.status in MatchRun.ACTIVE, "the run ended before the kill: fewer chunks"
        killed_at.append((state.chunks_done, round(delay, 2)))
    wait_for(
        lambda: _run(run.pk).status == MatchRun.Status.SUCCEEDED, relay.worker, "the run's end"
    )
    elapsed = time.monotonic() - started

    _assert_published_as_undisturbed(run, undisturbed)
    attempts = sum(MatchChunk.objects.filter(run=run).values_list("attempts", flat=True))
    print(
        f"match run: {run.chunks_total} chunks, {len(undisturbed)} matches, "
        f"{relay.kills} kills at (chunks done, delay s) {killed_at}, {relay.started} workers, "
        f"{attempts} chunk attempts, {elapsed:.1f} s"
    )


# --- Participant imports ----------------------------------------------------------------------
def _import_setting(rows: int) -> tuple[Setting, Cohort, bytes]:
    with in_process():
        setting = make_setting()
        cohort = make_cohort(setting, capacity=rows + 10)
    statuses = ("applied", "selected", "enrolled")
    content = csv_bytes([person(i, status=statuses[i % 3]) for i in range(rows)])
    return setting, cohort, content


def _values(row: Mapping[str, object], *volatile: str) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((k, v) for k, v in row.items() if k not in volatile))


def _imported(setting: Setting, cohort: Cohort) -> dict[str, Counter[Any]]:
    """Everything an import writes, without its ids, pseudonyms and clocks; a person is known
    by their e-mail (unique in the file). Multisets: a row written twice counts twice."""
    people = MigrantProfile.objects.filter(registered_by_organisation=setting.provider)
    email = dict(people.values_list("pk", "contact_email"))
    volatile = ("id", "pseudonym", "created_at", "updated_at", "granted_at", "profile_id")
    events = AuditEvent.objects.filter(
        action__in=(
            "migrants.profile.imported",
            "training.enrolment.added",
            "training.import.uploaded",
            "training.import.validated",
            "training.import.started",
            "training.import.confirmed",
            "training.import.failed",
        )
    )
    return {
        "people": Counter(_values(p, *volatile) for p in people.values()),
        "enrolments": Counter(
            (email[e["profile_id"]], _values(e, *volatile))
            for e in Enrolment.objects.filter(cohort=cohort).values()
        ),
        "consents": Counter(
            (email[c["profile_id"]], _values(c, *volatile))
            for c in ConsentGrant.objects.filter(profile__in=people).values()
        ),
        "events": Counter(
            (
                e.action,
                e.actor_id,
                e.from_state,
                e.to_state,
                _values(e.data, "import"),  # the import's id
            )
            for e in events
        ),
    }


def _undisturbed_import(setting: Setting, cohort: Cohort, content: bytes) -> dict[str, Any]:
    """The same file checked and imported in this process, then rolled back: what the import
    writes when nothing disturbs it, and how long its two steps take here."""
    with transaction.atomic():
        created = import_upload(
            actor=setting.staff,
            cohort_id=cohort.pk,
            upload=SimpleUploadedFile("people.csv", content),
        )
        started = time.monotonic()
        assert import_validate(created.pk).status == IS.READY
        checked = time.monotonic()
        import_confirm(actor=setting.staff, import_id=created.pk)
        done = import_run(created.pk)
        ran = time.monotonic()
        assert done.status == IS.IMPORTED
        outcome = {
            "written": _imported(setting, cohort),
            "summary": done.summary,
            "check_s": checked - started,
            "run_s": ran - checked,
        }
        transaction.set_rollback(True)
    return outcome


def _import(pk: int) -> ParticipantImport:
    return ParticipantImport.objects.defer("content").get(pk=pk)


def _last_id(model: type[Model]) -> int:
    """The last id the table's sequence handed out, committed or not."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def _ids_past(model: type[Model], target: int) -> bool:
    return _last_id(model) >= target


def _being_run(pk: int) -> bool:
    """Whether a worker is inside the import's transaction (it holds the import's row)."""
    with transaction.atomic():
        free = ParticipantImport.objects.select_for_update(skip_locked=True).filter(pk=pk)
        return free.values_list("pk", flat=True).first() is None


def test_a_large_import_with_workers_killed_at_random_ends_as_undisturbed(
    starter_taxonomy: None, relay: Relay, rng: random.Random
) -> None:
    relay.start()
    setting, cohort, content = _import_setting(IMPORT_ROWS)
    undisturbed = _undisturbed_import(setting, cohort, content)
    people = undisturbed["written"]["people"]
    assert people.total() == len(people) == IMPORT_ROWS  # the baseline itself: all, once
    started = time.monotonic()
    created = import_upload(
        actor=setting.staff, cohort_id=cohort.pk, upload=SimpleUploadedFile("people.csv", content)
    )
    killed_at: list[str] = []

    # Checking the file: killed once after a random number of rows checked (it reports every
    # PROGRESS_EVERY rows), then checked again from the start.
    checked = PROGRESS_EVERY * rng.randint(1, IMPORT_ROWS // PROGRESS_EVERY - 1)
    wait_for(lambda: _import(created.pk).rows_done >= checked, relay.worker, "the check")
    relay.replace()
    assert _import(created.pk).status == IS.VALIDATING, "the check ended before the kill"
    killed_at.append(f"check after {checked} rows")
    wait_for(lambda: _import(created.pk).status != IS.VALIDATING, relay.worker, "the preview")
    assert _import(created.pk).status == IS.READY
    import_confirm(actor=setting.staff, import_id=created.pk)

    # The confirmed import, one transaction: killed after a random number of its rows were
    # written (counted by the tables' sequences, which other connections see at once).
    for _kill in range(IMPORT_KILLS):
        wait_for(lambda: _being_run(created.pk), relay.worker, "the import's start")
        model = rng.choice((MigrantProfile, ConsentGrant, Enrolment))
        # The last enrolments are followed by their audit events: the kill lands before the
        # commit.
        rows = rng.randint(1, IMPORT_ROWS - (500 if model is Enrolment else 0))
        target = _last_id(model) + rows
        wait_for(partial(_ids_past, model, target), relay.worker, f"{rows} {model.__name__}")
        relay.kill()
        killed_at.append(f"import after {rows} {model._meta.verbose_name_plural}")
        # The dead worker's transaction is rolled back: nothing of it is visible, and the import
        # waits for the broker to hand its message to the next worker.
        wait_for(lambda: not _being_run(created.pk), None, "the rollback")
        assert _import(created.pk).status == IS.IMPORTING
        assert not Enrolment.objects.filter(cohort=cohort).exists()
        assert not MigrantProfile.objects.filter(
            registered_by_organisation=setting.provider
        ).exists()
        relay.start()
    wait_for(lambda: _import(created.pk).status == IS.IMPORTED, relay.worker, "the import")
    elapsed = time.monotonic() - started

    done = _import(created.pk)
    assert done.summary == undisturbed["summary"]
    assert done.content is None and done.plan == []
    written = _imported(setting, cohort)
    assert written == undisturbed["written"]
    assert written["people"].total() == IMPORT_ROWS  # each person once, none missing
    assert written["enrolments"].total() == IMPORT_ROWS
    confirmed = AuditEvent.objects.filter(action="training.import.confirmed")
    assert confirmed.filter(target_id=str(done.pk)).count() == 1
    print(
        f"import: {IMPORT_ROWS} rows (check {undisturbed['check_s']:.1f} s, import "
        f"{undisturbed['run_s']:.1f} s undisturbed), {relay.kills} kills ({', '.join(killed_at)}), "
        f"{relay.started} workers, {elapsed:.1f} s"
    )


# --- The broker restarted ---------------------------------------------------------------------
@dataclass
class ThrowawayRedis:
    """A redis-server of the test's own, keeping nothing on disk: the machine's Redis (and CI's
    databases on it) is never restarted."""

    binary: str
    port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
                *("--logfile", str(self.folder / "redis.log")),
            ]
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        wait_for(lambda: self._answers(client), None, "redis-server", seconds=20)

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def restart(self) -> None:
        """Killed and started again on the same port: every message is gone, queued or
        unacknowledged, and so are the queues' bindings."""
        self.kill()
        self.start()


def _free_port(first: int = 6390) -> int:
    for port in range(first, first + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise AssertionError("no free port for a redis-server")


def _new_connections() -> None:
    """This process's next task goes through a new connection to the broker now configured."""
    vars(app)["_pool"] = None
    vars(app.amqp)["_producer_pool"] = None


@pytest.fixture
def broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ThrowawayRedis]:
    """A broker of the test's own, for this process and the workers it starts."""
    binary = shutil.which("redis-server")
    if binary is None:
        # Only reached with a broker configured (NEEDS_A_WORKER), where .ci/run has Redis's
        # server installed: a missing binary there is a broken CI machine, not a reason to skip.
        pytest.fail("needs a redis-server binary on PATH, to restart a broker of the test's own")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = ThrowawayRedis(binary, _free_port(), folder)
    server.start()
    # Celery reads the variable before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    _new_connections()
    try:
        yield server
    finally:
        monkeypatch.undo()
        _new_connections()
        server.kill()


def _done_or_after(done: Callable[[], bool], deadline: float) -> bool:
    return done() or time.monotonic() > deadline


def _beat_until(done: Callable[[], bool], worker: Worker, what: str) -> int:
    """Send the beat's sweeps for stalled jobs every 2 s (every 10 minutes in production) until
    ``done``; returns how many rounds were sent."""
    rounds = 0
    while not done():
        resume_stalled_task.delay()
        imports_resume_stalled_task.delay()
        rounds += 1
        wait_for(partial(_done_or_after, done, time.monotonic() + 2), worker, what)
        assert rounds < 30, f"still waiting for {what}"
    return rounds


def test_a_broker_restarted_mid_job_loses_nothing(
    starter_taxonomy: None,
    broker: ThrowawayRedis,
    relay: Relay,
    rng: random.Random,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert app.connection_for_write().port == broker.port  # and not the configured broker
    worker = relay.start(SMP_STALLED_JOB_SECONDS="2")
    monkeypatch.setattr(matching_internal, "CHUNK_SIZE", MATCH_CHUNK)
    admin = _market(vacancies=20, candidates=20)
    undisturbed_matches = _undisturbed_match_run(admin)
    setting, cohort, content = _import_setting(500)
    undisturbed_import = _undisturbed_import(setting, cohort, content)
    started = time.monotonic()
    run = matching_services.full_rematch_start(actor=admin)
    # The file's check waits in the queue behind the run's chunks.
    created = import_upload(
        actor=setting.staff,
        cohort_id=cohort.pk,
        upload=SimpleUploadedFile("people.csv", content),
    )
    target = rng.randint(1, run.chunks_total - 4)
    wait_for(partial(_chunks_done, run.pk, target), worker, f"{target} chunks")
    time.sleep(rng.uniform(0, 0.3))
    broker.restart()
    at_restart = _run(run.pk)
    assert at_restart.status in MatchRun.ACTIVE, "the run ended before the restart"
    assert _import(created.pk).status == IS.VALIDATING
    swept = _beat_until(
        lambda: (
            _run(run.pk).status == MatchRun.Status.SUCCEEDED
            and _import(created.pk).status != IS.VALIDATING
        ),
        worker,
        "the run and the check",
    )
    assert _import(created.pk).status == IS.READY
    import_confirm(actor=setting.staff, import_id=created.pk)
    wait_for(lambda: _import(created.pk).status == IS.IMPORTED, worker, "the import")
    elapsed = time.monotonic() - started

    _assert_published_as_undisturbed(run, undisturbed_matches)
    assert _import(created.pk).summary == undisturbed_import["summary"]
    assert _imported(setting, cohort) == undisturbed_import["written"]
    print(
        f"broker restarted after {at_restart.chunks_done} of {run.chunks_total} chunks, with the "
        f"check of a 500-row file queued; {swept} sweep rounds; {elapsed:.1f} s"
    )
