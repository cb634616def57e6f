"""The data migration that renames recognition's audit action codes to past participles."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
MIGRATION = "0002_audit_action_codes_past_participles"
renaming = import_module(f"recognition.migrations.{MIGRATION}")

# Every action code recognition ever wrote, as the services, the erasure hook and the daily
# deadline check wrote them before the rename.
CODES_BEFORE = {
    "recognition.request.created",
    "recognition.request.submitted",
    "recognition.request.resubmitted",
    "recognition.request.withdrawn",
    "recognition.request.discarded",
    "recognition.request.appealed",
    "recognition.request.screening_started",
    "recognition.request.information_requested",
    "recognition.request.assessment_started",
    "recognition.request.decided",
    "recognition.request.appeal_decided",
    "recognition.request.closed",
    "recognition.request.assigned",
    "recognition.request.overdue",
    "recognition.request.reminded",
    "recognition.decision.revoked",
    "recognition.message.posted",
}


def test_every_code_after_the_migration_ends_in_a_past_participle() -> None:
    after = {renaming.RENAMED.get(code, code) for code in CODES_BEFORE}
    assert set(renaming.RENAMED) <= CODES_BEFORE
    verbs = {code.rsplit(".", 1)[1].rsplit("_", 1)[-1] for code in after}
    assert {v for v in verbs if not v.endswith("ed")} == {"withdrawn"}  # the one irregular


def test_the_migration_rewrites_recorded_events_and_back() -> None:
    apps = MigrationExecutor(connection).loader.project_state(("recognition", MIGRATION)).apps
    historical = apps.get_model("audit", "AuditEvent")
    overdue = historical.objects.create(action="recognition.request.overdue", target_label="R")
    other = historical.objects.create(action="recognition.request.decided", target_label="R")

    renaming.forwards(apps, None)
    assert AuditEvent.objects.get(pk=overdue.pk).action == "recognition.request.overdue_flagged"
    assert AuditEvent.objects.get(pk=other.pk).action == "recognition.request.decided"

    renaming.backwards(apps, None)
    assert AuditEvent.objects.get(pk=overdue.pk).action == "recognition.request.overdue"
