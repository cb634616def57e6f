"""The recognition app's Celery tasks: thin wrappers that own only the retry policy."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from recognition.jobs import deadlines_check


@shared_task(
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def deadlines_check_task() -> dict[str, int]:
    """Run daily by Celery beat (``CELERY_BEAT_SCHEDULE``). Safe to retry or run twice: each
    request's overdue event and reminder are recorded once per day."""
    return deadlines_check()
