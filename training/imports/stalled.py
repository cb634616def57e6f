"""Imports whose task was lost are sent again.

An import being checked or imported is driven by one Celery message. A worker that dies mid-task
gets it back from the broker (``acks_late``); a broker that restarts without persistence keeps no
message at all, queued or unacknowledged, and the import would wait until the retention job ends
it as abandoned. The beat's sweep (``imports_resume_stalled_task``) sends the task again for every
such import with no sign of life for ``SMP_STALLED_JOB_SECONDS``: a check reports its progress
every ``PROGRESS_EVERY`` rows, and an import being run holds its row lock for its whole
transaction, so neither is taken for lost while it works. Sending a task twice is harmless: each
does its work only while the import is still in the state it works on, checked under the lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from training.models import ParticipantImport

IS = ParticipantImport.Status


def imports_resume_stalled(*, now: datetime | None = None) -> int:
    """Send again the task of every import being checked or imported that has shown no progress
    for ``SMP_STALLED_JOB_SECONDS`` and that no worker is running; returns how many."""
    from training.tasks import import_run_task, import_validate_task

    cutoff = (now or timezone.now()) - timedelta(seconds=settings.SMP_STALLED_JOB_SECONDS)
    stale = ParticipantImport.objects.filter(
        status__in=(IS.VALIDATING, IS.IMPORTING), updated_at__lt=cutoff
    )
    resent = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # A locked row is an import being run (or ended) right now: not lost.
            status = (
                stale.select_for_update(skip_locked=True)
                .filter(pk=pk)
                .values_list("status", flat=True)
                .first()
            )
            if status is None:
                continue
            task = import_validate_task if status == IS.VALIDATING else import_run_task
            transaction.on_commit(partial(task.delay, pk))
            resent += 1
    return resent
