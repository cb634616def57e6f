"""Taxonomy's data migrations, run on rows written under the old schema."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from taxonomy.models import Sector
from tests.migration_support import historical_apps, migrate_to, migrate_to_latest

BEFORE_SKILL_SECTORS = ("taxonomy", "0003_sector")
skill_sectors = importlib.import_module("taxonomy.migrations.0004_skill_sector_from_sector_list")


@pytest.mark.django_db
def test_every_old_skill_sector_code_is_mapped_to_a_sector_or_to_none() -> None:
    old_skill = historical_apps(BEFORE_SKILL_SECTORS).get_model("taxonomy", "Skill")
    old_field = old_skill._meta.get_field("sector")
    assert {code for code, _label in old_field.choices or ()} == set(skill_sectors.OLD_TO_NEW)
    mapped = {new for new in skill_sectors.OLD_TO_NEW.values() if new is not None}
    assert mapped <= set(Sector.Code.values)


@pytest.mark.django_db(transaction=True)
def test_skills_move_to_the_shared_sector_list(starter_taxonomy: None) -> None:
    old = migrate_to(BEFORE_SKILL_SECTORS)
    try:
        # The historical model, whose ``sector`` was still a code of its own list.
        skill: Any = old.get_model("taxonomy", "Skill")
        for label, code in [
            ("weld pipes", "manufacturing_welding"),
            ("plan lessons", "teaching"),
            ("code in python", "ict"),
            ("work in teams", "transversal"),
            ("an esco concept", ""),
        ]:
            skill.objects.create(preferred_label=f"m-{label}", sector=code)
    finally:
        new = migrate_to_latest()
    sectors = dict(
        new.get_model("taxonomy", "Skill")
        .objects.filter(preferred_label__startswith="m-")
        .values_list("preferred_label", "sector_id")
    )
    assert sectors == {
        "m-weld pipes": "manufacturing",
        "m-plan lessons": "education",
        "m-code in python": "ict",
        "m-work in teams": None,
        "m-an esco concept": None,
    }
