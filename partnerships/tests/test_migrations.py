"""The data migrations of partnerships, run on rows written under the old schema."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from audit.models import AppendOnlyError, AuditEvent
from partnerships.presenters import EVENT_LABELS
from partnerships.tests.test_services import MOVES
from taxonomy.models import Sector
from tests.migration_support import (
    codes_after_renaming,
    historical_apps,
    migrate_to,
    migrate_to_latest,
    rename_recorded_codes,
)

BEFORE_SECTORS = ("partnerships", "0002_document_upload_path")
sector_migration = importlib.import_module("partnerships.migrations.0003_sector_from_taxonomy")


@pytest.mark.django_db
def test_every_old_sector_code_has_a_taxonomy_sector() -> None:
    old_field = (
        historical_apps(BEFORE_SECTORS)
        .get_model("partnerships", "PartnershipSector")
        ._meta.get_field("sector")
    )
    old_codes = {code for code, _label in old_field.choices or ()}
    assert old_codes == set(sector_migration.OLD_TO_NEW)
    assert set(sector_migration.OLD_TO_NEW.values()) <= set(Sector.Code.values)


@pytest.mark.django_db(transaction=True)
def test_partnership_sectors_keep_their_codes_as_taxonomy_sectors(starter_taxonomy: None) -> None:
    old = migrate_to(BEFORE_SECTORS, ("taxonomy", "0003_sector"))
    try:
        partnership = old.get_model("partnerships", "Partnership").objects.create(
            reference_code="SMP-OLD-1", title="Old", kind="bilateral", instrument="mou"
        )
        # The historical model, whose ``sector`` was still a code.
        link: Any = old.get_model("partnerships", "PartnershipSector")
        link.objects.create(partnership=partnership, sector="health_care")
        link.objects.create(partnership=partnership, sector="energy")
    finally:
        new = migrate_to_latest()
    sectors = new.get_model("partnerships", "PartnershipSector").objects.filter(
        partnership_id=partnership.pk
    )
    assert sorted(sectors.values_list("sector_id", flat=True)) == ["energy", "health_care"]
    assert str(sectors.get(sector_id="energy").sector.label) == "Energy and green jobs"


# --- Audit codes ------------------------------------------------------------------------------
AUDIT_MIGRATION = "0004_audit_actions_past_participles"
audit_codes = importlib.import_module(f"partnerships.migrations.{AUDIT_MIGRATION}")
# Every code the partnerships services wrote before the rename, from their source at the time:
# ``partnerships.partnership.{move}`` for each lifecycle move, and the fixed ones.
OLD_CODES = {
    *(f"partnerships.partnership.{move}" for move in MOVES),
    "partnerships.partnership.created",
    "partnerships.partnership.updated",
    "partnerships.member.added",
    "partnerships.member.removed",
    "partnerships.target.set",
    "partnerships.indicator.set",
    "partnerships.cost.recorded",
    "partnerships.cost.voided",
    "partnerships.document.uploaded",
    "partnerships.document.deleted",
}


def test_the_audit_mapping_covers_every_old_code_and_leads_to_the_codes_written_now() -> None:
    new_codes = codes_after_renaming(audit_codes, OLD_CODES)
    assert {code for _s, _t, code in MOVES.values()} <= new_codes
    assert new_codes <= set(EVENT_LABELS)


@pytest.mark.django_db
def test_the_audit_migration_rewrites_recorded_events_and_nothing_else() -> None:
    _rows, rows_back = rename_recorded_codes(
        audit_codes, ("partnerships", AUDIT_MIGRATION), OLD_CODES, "training.cohort.started"
    )
    assert set(rows_back.values()) == OLD_CODES | {"training.cohort.started"}
    # The rows the migration rewrote through historical models refuse a rewrite through the
    # real model.
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(action="partnerships.partnership.activate").update(action="x")
