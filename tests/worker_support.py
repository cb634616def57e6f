"""Real Celery worker processes for the tests that need one (tests/test_celery_worker.py,
tests/test_matching_worker.py).

They run when CELERY_BROKER_URL points at a broker and the database is one a second process can
reach (PostgreSQL); `.ci/run` sets both. With the embedded defaults there is no broker, and
``NEEDS_A_WORKER`` skips them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from kombu import Queue

from smp_portal.celery import app

ROOT = Path(__file__).resolve().parent.parent

NEEDS_A_WORKER = [
    pytest.mark.worker,
    pytest.mark.skipif(
        django_settings.CELERY_TASK_ALWAYS_EAGER,
        reason="needs CELERY_BROKER_URL (a real broker); .ci/run sets it to Redis",
    ),
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="a worker process cannot share the in-memory SQLite test database",
    ),
]


def database_url() -> str:
    """The test database, for the worker process to use."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def own_queue() -> Iterator[str]:
    """A queue of the test's own, where this process sends its tasks, so no other worker takes
    them."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    original = app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_default_queue = original
        # Messages still queued (a duplicate sent by a resume, a copy a dead worker left) would
        # stay in the broker with no worker ever consuming the queue again.
        with app.connection_for_write() as broker:
            Queue(name, channel=broker.default_channel).purge()


@dataclass
class Worker:
    process: subprocess.Popen[str]
    log: str = ""  # what the worker printed, once it has stopped


@contextmanager
def celery_worker(queue: str, tmp_path: Path, name: str, **env: str) -> Iterator[Worker]:
    """A worker process consuming ``queue``, with ``env`` added to its environment; stopped (or
    killed, if it does not stop) when the block ends, its log then in ``Worker.log``."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "smp_portal",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=os.environ
        | {
            "DATABASE_URL": database_url(),
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "SMP_VAR_DIR": str(tmp_path / "var"),
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = Worker(process)
    try:
        yield worker
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            worker.log, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            worker.log, _ = process.communicate()
