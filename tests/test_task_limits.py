"""Celery tasks have time limits, and a task stopped by its soft limit leaves its job row failed
(not running for ever, not resent for ever). Periodic housekeeping is scheduled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from employers.tests.factories import open_vacancy, pool_candidate
from matching import internal as matching_internal
from matching.models import MatchRun
from matching.tasks import match_chunk_task
from smp_portal.celery import app
from training import imports
from training.imports import import_confirm, import_upload, import_validate
from training.models import ParticipantImport
from training.tasks import import_run_task, import_validate_task
from training.tests.factories import make_cohort, make_setting

LONG_TASKS = {
    "matching.tasks.match_chunk_task",
    "matching.tasks.full_rematch_task",
    "training.tasks.import_validate_task",
    "training.tasks.import_run_task",
}


def project_tasks() -> dict[str, Any]:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_has_a_soft_and_a_hard_time_limit() -> None:
    tasks = project_tasks()
    assert set(tasks) >= LONG_TASKS
    for name, task in tasks.items():
        assert task.soft_time_limit, f"{name} has no soft time limit"
        assert task.time_limit, f"{name} has no time limit"
        # The soft limit comes first, so the task can still mark its job row failed.
        assert task.soft_time_limit < task.time_limit, name
        # Redis would hand a task that is still running to a second worker.
        assert task.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


def test_long_jobs_get_more_time_than_the_default() -> None:
    tasks = project_tasks()
    for name in LONG_TASKS:
        assert tasks[name].soft_time_limit == settings.SMP_LONG_TASK_SOFT_TIME_LIMIT, name
        assert tasks[name].time_limit == settings.SMP_LONG_TASK_TIME_LIMIT, name
    assert settings.SMP_LONG_TASK_SOFT_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert tasks["accounts.tasks.email_deliver_task"].soft_time_limit == (
        settings.CELERY_TASK_SOFT_TIME_LIMIT
    )


def _times_out(*args: object, **kwargs: object) -> None:
    raise SoftTimeLimitExceeded()


@pytest.mark.django_db
def test_a_matching_chunk_past_its_soft_limit_fails_its_run(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    vacancy = open_vacancy()
    pool_candidate()
    run = matching_internal.vacancy_rematch(vacancy.pk)
    assert run is not None
    chunk = run.chunks.get()
    monkeypatch.setattr(matching_internal, "build_inputs", _times_out)

    match_chunk_task.delay(chunk.pk)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "time limit" in run.error
    # A failed run is not resent by the stalled-run sweep.
    assert matching_internal.runs_resume_stalled() == 0


def _uploaded() -> ParticipantImport:
    setting = make_setting()
    cohort = make_cohort(setting)
    created = import_upload(  # the template's example row is a valid participant
        actor=setting.staff,
        cohort_id=cohort.pk,
        upload=SimpleUploadedFile("people.csv", imports.template_csv()),
    )
    created.refresh_from_db()
    return created


@pytest.mark.django_db
def test_a_file_check_past_its_soft_limit_ends_the_import_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    participant_import = _uploaded()
    assert participant_import.status == ParticipantImport.Status.VALIDATING
    monkeypatch.setattr(imports, "_check", _times_out)

    import_validate_task.delay(participant_import.pk)

    participant_import.refresh_from_db()
    assert participant_import.status == ParticipantImport.Status.FAILED
    assert "too long" in participant_import.failure
    assert participant_import.content is None  # the raw file is not kept


@pytest.mark.django_db
def test_an_import_past_its_soft_limit_imports_nothing_and_ends_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    participant_import = _uploaded()
    import_validate(participant_import.pk)
    participant_import.refresh_from_db()
    assert participant_import.status == ParticipantImport.Status.READY, participant_import.summary
    assert participant_import.uploaded_by is not None
    import_confirm(actor=participant_import.uploaded_by, import_id=participant_import.pk)
    monkeypatch.setattr(imports, "_run", _times_out)

    import_run_task.delay(participant_import.pk)

    participant_import.refresh_from_db()
    assert participant_import.status == ParticipantImport.Status.FAILED
    assert "too long" in participant_import.failure
    assert participant_import.cohort.enrolments.count() == 0


def test_expired_sessions_are_purged_on_a_schedule() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.sessions_purge_expired_task" in scheduled
    assert scheduled <= set(project_tasks())


def test_the_beat_sweeps_for_jobs_whose_messages_were_lost() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(project_tasks())
    assert {
        "matching.tasks.resume_stalled_task",
        "training.tasks.imports_resume_stalled_task",
    } <= scheduled
    # A dead worker's task is looked for every third of the visibility timeout at most, not
    # only every ~100 s (kombu's default).
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["unacked_restore_throttle"] == 1
    assert options["unacked_restore_interval"] <= max(1, options["visibility_timeout"] // 3)
