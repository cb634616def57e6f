"""The training app's Celery tasks: thin wrappers that own only the delivery policy.

All are safe to redeliver (``acks_late``: a worker lost mid-task gets the message again): the
import row is the job's truth, and each function does nothing unless the import is still in the
state it works on (being checked, or importing, or holding a file it should no longer keep).
"""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from training.import_retention import imports_purge
from training.imports import import_run, import_time_out, import_validate
from training.imports.stalled import imports_resume_stalled
from training.models import ParticipantImport


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def import_validate_task(import_id: int) -> None:
    """Check an uploaded participant file and store its preview."""
    try:
        import_validate(import_id)
    except ParticipantImport.DoesNotExist:
        return  # its cohort was deleted meanwhile
    except SoftTimeLimitExceeded:
        import_time_out(import_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def import_run_task(import_id: int) -> None:
    """Import a confirmed participant file, all rows or none."""
    try:
        import_run(import_id)
    except ParticipantImport.DoesNotExist:
        return
    except SoftTimeLimitExceeded:
        import_time_out(import_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def imports_purge_task() -> None:
    """Retention of participant files: see ``training.import_retention``. Safe to run again."""
    imports_purge()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def imports_resume_stalled_task() -> int:
    """The beat's sweep for imports whose message was lost: see ``training.imports.stalled``."""
    return imports_resume_stalled()
