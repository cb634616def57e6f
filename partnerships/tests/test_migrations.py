"""The data migrations of partnerships, run on rows written under the old schema."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from taxonomy.models import Sector
from tests.migration_support import historical_apps, migrate_to, migrate_to_latest

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
