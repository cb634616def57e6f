"""The matching app's Celery tasks: thin wrappers that own only the retry policy. Every task is
safe to run twice (``acks_late``: a chunk whose worker died is delivered again)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError

from matching import internal

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def match_chunk_task(chunk_id: int) -> None:
    try:
        internal.chunk_execute(chunk_id)
    except SoftTimeLimitExceeded:
        # Run again it would time out again: the run fails and says why.
        logger.error("match chunk %s: stopped at its soft time limit", chunk_id)
        internal.chunk_fail(chunk_id, "A chunk of the run went past its time limit.")


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def full_rematch_task() -> int:
    """Nightly (``CELERY_BEAT_SCHEDULE``): a full rematch keeps every ranking fresh."""
    return internal.rematch_all().pk


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def vacancy_rematch_task(vacancy_id: int) -> None:
    internal.vacancy_rematch(vacancy_id)


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def profile_rematch_task(profile_id: int) -> dict[str, Any]:
    result = internal.profile_rematch(profile_id)
    return {"entered": result.entered, "left": result.left}


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def resume_stalled_task() -> int:
    return internal.runs_resume_stalled()
