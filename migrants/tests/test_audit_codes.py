"""The audit action codes of migrants: ``migrants.<entity>.<past participle>``, and the data
migration that gave the events written before under other names their new ones."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from audit.models import AuditEvent
from migrants.services import ENTRY_MODELS

APP = Path(__file__).resolve().parent.parent
MIGRATION = importlib.import_module("migrants.migrations.0004_audit_codes_past_participles")

# Every code the app writes today.
CODES = {
    "migrants.profile.created",
    "migrants.profile.registered",
    "migrants.profile.imported",
    "migrants.profile.updated",
    "migrants.handover_code.issued",
    "migrants.profile.handed_over",
    "migrants.profile.exported",
    "migrants.profile.erased",
    "migrants.disability.updated",
    "migrants.disability.viewed",
    "migrants.education.added",
    "migrants.skill.set",
    "migrants.language.set",
    "migrants.experience.added",
    "migrants.qualification.added",
    "migrants.qualification.issued",
    *(f"migrants.{kind}.removed" for kind in ENTRY_MODELS),
    "migrants.skill_evidence.raised",
    "migrants.document.uploaded",
    "migrants.document.deleted",
    "migrants.consent.granted",
    "migrants.consent.withdrawn",
    "migrants.duplicate.flagged",
    "migrants.duplicate.reviewed",
    "migrants.passport_share.created",
    "migrants.passport_share.revoked",
    "migrants.demo_entries.added",
}
# The codes issue 12 retired, and those it introduced for them.
RETIRED = {
    "migrants.profile.registered_in_person",
    "migrants.profile.registered_by_import",
    "migrants.profile.handover_started",
    "migrants.skill.evidence_raised",
    "migrants.profile.demo_entries_added",
}
INTRODUCED = {
    "migrants.profile.registered",
    "migrants.profile.imported",
    "migrants.handover_code.issued",
    "migrants.skill_evidence.raised",
    "migrants.demo_entries.added",
}
CODES_BEFORE = (CODES - INTRODUCED) | RETIRED
PAST_PARTICIPLES = {
    "added",
    "created",
    "deleted",
    "erased",
    "exported",
    "flagged",
    "granted",
    "handed_over",
    "imported",
    "issued",
    "raised",
    "registered",
    "removed",
    "reviewed",
    "revoked",
    "set",
    "updated",
    "uploaded",
    "viewed",
    "withdrawn",
}


def test_every_code_the_code_writes_is_in_the_table() -> None:
    written = set()
    for path in APP.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(APP).parts):
            continue
        written |= set(re.findall(r'action="(migrants\.[a-z_.]+)"', path.read_text()))
    assert written
    assert written <= CODES


def test_each_code_is_app_entity_past_participle() -> None:
    for code in CODES:
        app, _entity, verb = code.split(".")
        assert (app, verb in PAST_PARTICIPLES) == ("migrants", True), code


def test_the_migration_renames_every_retired_code_and_only_those() -> None:
    assert INTRODUCED <= CODES and not RETIRED & CODES
    assert set(MIGRATION.RENAMED) == RETIRED
    assert set(MIGRATION.RENAMED.values()) == INTRODUCED


@pytest.mark.django_db
def test_the_migration_rewrites_existing_events_and_back() -> None:
    before = {code: AuditEvent.objects.create(action=code, data={"id": 1}) for code in CODES_BEFORE}
    other = AuditEvent.objects.create(action="training.cohort.started")
    historical = (
        MigrationLoader(connection)
        .project_state(("migrants", "0004_audit_codes_past_participles"))
        .apps
    )

    MIGRATION.forwards(historical, None)
    actions = dict(AuditEvent.objects.values_list("pk", "action"))
    assert {actions[event.pk] for event in before.values()} == CODES
    for old, new in MIGRATION.RENAMED.items():
        assert actions[before[old].pk] == new
    assert actions[other.pk] == "training.cohort.started"
    assert AuditEvent.objects.get(pk=before["migrants.profile.registered_in_person"].pk).data == {
        "id": 1
    }

    MIGRATION.backwards(historical, None)
    assert set(AuditEvent.objects.exclude(pk=other.pk).values_list("action", flat=True)) == (
        CODES_BEFORE
    )
