"""Audit codes of training are past participles, and the events recorded before under the old
codes are rewritten by ``training/migrations/0002_audit_action_codes_past_participles``."""

from __future__ import annotations

import importlib

import pytest

from tests.migration_support import codes_after_renaming, rename_recorded_codes
from training.tests.test_services import COHORT_MOVES, ENROLMENT_MOVES, PROGRAMME_MOVES

pytestmark = pytest.mark.django_db
MIGRATION = "0002_audit_action_codes_past_participles"
renaming = importlib.import_module(f"training.migrations.{MIGRATION}")

# The codes the rename left as they were.
UNCHANGED = {
    "training.funding.set",
    "training.funding.removed",
    *(f"training.cohort.{c}" for c in ("created", "updated")),
    "training.certificate.issued",
    "training.certificate.revoked",
    "training.outcome.recorded",
    "training.outcome.corrected",
    *(
        f"training.import.{c}"
        for c in ("uploaded", "validated", "started", "confirmed", "failed", "cancelled")
    ),
}
# Every code the training services, imports and retention wrote before the rename, from their
# source at the time: the move's name for cohorts and enrolments, the target status for
# programmes, and the fixed ones.
OLD_CODES = {
    *(f"training.programme.{c}" for c in ("created", "updated", "published", "archived")),
    *(f"training.cohort.{name}" for name in COHORT_MOVES),
    *(f"training.enrolment.{c}" for c in ("added", "progress", "track_changed")),
    *(f"training.enrolment.{name}" for name in ENROLMENT_MOVES),
    *UNCHANGED,
}
# What the services write now: the lifecycles' codes, and the changes that are no move.
NEW_CODES = {
    *(
        code
        for table in (PROGRAMME_MOVES, COHORT_MOVES, ENROLMENT_MOVES)
        for *_x, code in table.values()
    ),
    *(f"training.programme.{c}" for c in ("created", "updated")),
    *(f"training.enrolment.{c}" for c in ("added", "progress_recorded", "track_changed")),
    *UNCHANGED,
}


def test_the_mapping_covers_every_old_code_and_leads_to_the_codes_written_now() -> None:
    assert codes_after_renaming(renaming, OLD_CODES) == NEW_CODES


def test_the_migration_rewrites_recorded_events_and_nothing_else() -> None:
    rows, rows_back = rename_recorded_codes(
        renaming, ("training", MIGRATION), OLD_CODES, "employers.vacancy.published"
    )
    assert rows["training.cohort.start"] == "training.cohort.started"
    assert rows_back["training.enrolment.drop_out"] == "training.enrolment.drop_out"
    assert rows_back["training.cohort.created"] == "training.cohort.created"
