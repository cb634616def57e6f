"""E-mail really leaves through a Celery worker process consuming from the configured broker
(skipped without one: see tests/worker_support.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from tests.worker_support import NEEDS_A_WORKER, celery_worker, own_queue

pytestmark = NEEDS_A_WORKER


def test_password_reset_email_is_delivered_by_a_real_worker(
    starter_taxonomy: None, settings: SettingsWrapper, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    settings.EMAIL_BACKEND = "accounts.mail.QueuedEmailBackend"
    with (
        own_queue() as queue,
        celery_worker(queue, tmp_path, "mail", EMAIL_URL=f"file://{outbox}") as worker,
    ):
        user = User.objects.create_user("worker.test@example.org", "a-long-test-password")
        response = Client().post(reverse("account_reset_password"), {"email": user.email})
        assert response.status_code == 302

        deadline = time.monotonic() + 90
        while not any(outbox.iterdir()) and time.monotonic() < deadline:
            process = worker.process
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.25)
    log = worker.log

    files = list(outbox.iterdir())
    assert files, f"no e-mail was delivered; worker log:\n{log}"
    message = files[0].read_text()
    assert "To: worker.test@example.org" in message
    assert "/accounts/password/reset/key/" in message
    assert "email_deliver_task" in log and "succeeded" in log
