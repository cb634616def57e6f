"""Participant files are personal data: a person's erasure ends the unfinished imports that name
them, and a retention job deletes the files (and stored previews) of imports that are done or
abandoned. Pages and API then say the file was deleted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from migrants.rights.services import profile_erase
from migrants.tests.factories import migrant_with_profile
from tests.clients import ApiClientFor, ClientFor
from training.imports import import_cancel
from training.models import ImportRowError, ParticipantImport
from training.tests.factories import Setting, make_cohort
from training.tests.test_imports import csv_bytes, person, upload

pytestmark = pytest.mark.django_db
IS = ParticipantImport.Status
ROOT = "/api/v1/training/"


def _aged(participant_import: ParticipantImport, hours: float) -> None:
    """As if nothing had happened to the import for ``hours``."""
    ParticipantImport.objects.filter(pk=participant_import.pk).update(
        updated_at=timezone.now() - timedelta(hours=hours)
    )


def _file_kept(participant_import: ParticipantImport) -> bool:
    participant_import.refresh_from_db()
    return participant_import.content is not None or bool(participant_import.plan)


@pytest.mark.parametrize(
    "shared",
    [
        {"email": "amina.haddad@example.org"},
        {"phone": "+212612345678"},
        {"given_names": "Amína", "family_name": "HADDAD", "date_of_birth": "1998-04-12"},
    ],
)
def test_erasure_ends_the_unfinished_imports_that_name_the_person(
    setting: Setting,
    shared: dict[str, str],
    client_for: ClientFor,
    api_client_for: ApiClientFor,
) -> None:
    owner, profile = migrant_with_profile()  # Amina Haddad, 1998-04-12, +212612345678
    cohort = make_cohort(setting)
    naming = upload(setting, cohort, csv_bytes([person(1), person(2, **shared)]))
    invalid = upload(setting, cohort, csv_bytes([person(3, **shared), person(4, sex="x")]))
    other = upload(setting, cohort, csv_bytes([person(5)]))
    assert [i.status for i in (naming, invalid, other)] == [IS.READY, IS.INVALID, IS.READY]

    profile_erase(actor=owner, profile_id=profile.pk)

    for ended in (naming, invalid):
        ended.refresh_from_db()
        assert ended.status == IS.CANCELLED
        assert (ended.content, ended.plan) == (None, [])
        assert not ImportRowError.objects.filter(participant_import=ended).exists()
    assert _file_kept(other) and other.status == IS.READY  # names someone else only
    page = client_for(setting.staff).get(reverse("training:import-detail", args=[naming.pk]))
    assert page.status_code == 200
    assert "the file was deleted" in page.content.decode()
    api = api_client_for(setting.staff)
    status = api.get(f"{ROOT}imports/{naming.pk}/").json()
    assert (status["status"], status["file_deleted"]) == ("cancelled", True)
    assert api.get(f"{ROOT}imports/{naming.pk}/preview/").json()["results"] == []
    assert api.post(f"{ROOT}imports/{naming.pk}/confirm/").status_code == 409


def test_retention_job_deletes_done_and_abandoned_files_and_keeps_active_ones(
    setting: Setting,
    settings: Settings,
    client_for: ClientFor,
) -> None:
    from training.tasks import imports_purge_task

    settings.SMP_IMPORT_RETENTION_HOURS = 48
    cohort = make_cohort(setting)
    active = upload(setting, cohort, csv_bytes([person(1)]))
    _aged(active, 47)
    abandoned_ready = upload(setting, cohort, csv_bytes([person(2)]))
    _aged(abandoned_ready, 49)
    abandoned_invalid = upload(setting, cohort, csv_bytes([person(3, sex="x")]))
    _aged(abandoned_invalid, 49)
    stuck = upload(setting, cohort, csv_bytes([person(4)]))
    ParticipantImport.objects.filter(pk=stuck.pk).update(status=IS.VALIDATING)
    _aged(stuck, 72)
    # An import that ended but kept its file (as before the job existed).
    cancelled = import_cancel(
        actor=setting.staff,
        import_id=upload(setting, cohort, csv_bytes([person(5)])).pk,
    )
    ParticipantImport.objects.filter(pk=cancelled.pk).update(
        content=b"given_names\r\nLeftover\r\n", plan=[{"line": 2, "given_names": "Leftover"}]
    )

    imports_purge_task.delay()

    assert _file_kept(active) and active.status == IS.READY
    for ended, status in (
        (abandoned_ready, IS.CANCELLED),
        (abandoned_invalid, IS.CANCELLED),
        (stuck, IS.FAILED),
        (cancelled, IS.CANCELLED),
    ):
        assert not _file_kept(ended), ended.file_name
        assert ended.status == status
        assert not ImportRowError.objects.filter(participant_import=ended).exists()
    assert "48 hours" in abandoned_ready.failure
    client = client_for(setting.staff)
    for ended in (abandoned_ready, stuck):
        page = client.get(reverse("training:import-detail", args=[ended.pk]))
        assert page.status_code == 200
        assert "the file was deleted" in page.content.decode()
    listing = client.get(reverse("training:import-create", args=[cohort.pk])).content.decode()
    assert listing.count("File deleted") == 4

    imports_purge_task.delay()  # again: nothing more to do
    assert _file_kept(active)


def test_retention_job_runs_every_hour() -> None:
    entry: dict[str, Any] = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "training.tasks.imports_purge_task"
    )
    assert entry["schedule"].minute == {5}
    assert settings.SMP_IMPORT_RETENTION_HOURS == 48
