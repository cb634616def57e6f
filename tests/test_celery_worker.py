"""E-mail really leaves through a Celery worker process consuming from the configured broker.

Runs when CELERY_BROKER_URL points at a broker and the database is one a second process can
reach (PostgreSQL); `.ci/run` sets both. With the embedded defaults there is no broker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from smp_portal.celery import app

ROOT = Path(__file__).resolve().parent.parent

# Also the marks of the other tests that need a real worker (test_matching_worker).
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
pytestmark = NEEDS_A_WORKER


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def test_password_reset_email_is_delivered_by_a_real_worker(
    starter_taxonomy: None, settings: SettingsWrapper, tmp_path: Path
) -> None:
    queue = f"test-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    worker_env = os.environ | {
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"file://{outbox}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "SMP_VAR_DIR": str(tmp_path / "var"),
    }
    worker = subprocess.Popen(
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
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    settings.EMAIL_BACKEND = "accounts.mail.QueuedEmailBackend"
    original_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        user = User.objects.create_user("worker.test@example.org", "a-long-test-password")
        response = Client().post(reverse("account_reset_password"), {"email": user.email})
        assert response.status_code == 302

        deadline = time.monotonic() + 90
        while not any(outbox.iterdir()) and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            time.sleep(0.25)
    finally:
        app.conf.task_default_queue = original_queue
        worker.send_signal(signal.SIGTERM)
        try:
            log, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            log, _ = worker.communicate()

    files = list(outbox.iterdir())
    assert files, f"no e-mail was delivered; worker log:\n{log}"
    message = files[0].read_text()
    assert "To: worker.test@example.org" in message
    assert "/accounts/password/reset/key/" in message
    assert "email_deliver_task" in log and "succeeded" in log
