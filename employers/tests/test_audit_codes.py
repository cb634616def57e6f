"""Audit codes of employers are past participles, and the events recorded before under the old
codes are rewritten by ``employers/migrations/0002_audit_actions_past_participles``."""

from __future__ import annotations

import importlib

import pytest

from employers.tests.test_lifecycles import INTEREST_MOVES, VACANCY_MOVES
from tests.migration_support import codes_after_renaming, rename_recorded_codes

pytestmark = pytest.mark.django_db
MIGRATION = "0002_audit_actions_past_participles"
renaming = importlib.import_module(f"employers.migrations.{MIGRATION}")

# Every code the employers services wrote before the rename, from their source at the time:
# ``employers.vacancy.{action}`` for each vacancy action, ``employers.interest.{verb}`` for each
# pipeline step, and the fixed ones.
OLD_CODES = {
    "employers.vacancy.created",
    "employers.vacancy.updated",
    "employers.vacancy.filled",
    *(f"employers.vacancy.{a}" for a in ("open", "back_to_draft", "mark_filled", "reopen")),
    "employers.vacancy.close",
    *(
        f"employers.interest.{v}"
        for v in (
            "shortlisted",
            "expressed",
            "accepted",
            "declined",
            "hired",
            "interview",
            "offer",
            "not_selected",
            "withdraw",
        )
    ),
}
# What the services write now (the lifecycles' codes, and the changes that are no move).
NEW_CODES = {
    *(code for _s, _t, code in VACANCY_MOVES.values()),
    *(code for _s, _t, code, _side in INTEREST_MOVES.values()),
    "employers.vacancy.created",
    "employers.vacancy.updated",
    "employers.interest.shortlisted",
}


def test_the_mapping_covers_every_old_code_and_leads_to_the_codes_written_now() -> None:
    assert codes_after_renaming(renaming, OLD_CODES) == NEW_CODES


def test_the_migration_rewrites_recorded_events_and_nothing_else() -> None:
    _rows, rows_back = rename_recorded_codes(
        renaming, ("employers", MIGRATION), OLD_CODES, "partnerships.partnership.activated"
    )
    assert rows_back["employers.vacancy.open"] == "employers.vacancy.open"
    assert rows_back["employers.interest.withdraw"] == "employers.interest.withdraw"
