from __future__ import annotations

import csv
from pathlib import Path

import pytest

from taxonomy.models import (
    CefrLevel,
    Country,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
    Sector,
    Skill,
    SkillCollection,
)
from taxonomy.services import starter_taxonomy_load

pytestmark = pytest.mark.django_db
ESCO_ISCO = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco-v1" / "ISCOGroups_en.csv"
)


def test_isco08_structure_is_complete() -> None:
    counts = {level: Occupation.objects.filter(level=level).count() for level in range(1, 5)}
    assert counts == {1: 10, 2: 43, 3: 130, 4: 436}
    nurses = Occupation.objects.get(code="2221")
    assert nurses.title == "Nursing professionals"
    lineage = []
    node = nurses.parent
    while node is not None:
        lineage.append(node.code)
        node = node.parent
    assert lineage == ["222", "22", "2"]


@pytest.mark.skipif(not ESCO_ISCO.exists(), reason="the shared ESCO files are not beside the repo")
def test_isco08_unit_group_codes_are_the_official_ones() -> None:
    with ESCO_ISCO.open(encoding="utf-8", newline="") as handle:
        official = {row["code"] for row in csv.DictReader(handle) if len(row["code"]) == 4}
    ours = set(Occupation.objects.filter(level=4).values_list("code", flat=True))
    assert len(official) == 436
    assert ours == official


def test_isced_levels_map_to_the_gfmd_skill_levels() -> None:
    mapping = dict(IscedLevel.objects.values_list("level", "skill_level"))
    assert mapping == {0: "low", 1: "low", 2: "low", 3: "medium", 4: "medium"} | {
        level: "high" for level in range(5, 9)
    }


def test_reference_lists_are_present() -> None:
    assert list(CefrLevel.objects.values_list("code", flat=True)) == [
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
    ]
    assert Country.objects.get(code="MA").alpha3 == "MAR"
    assert Country.objects.filter(code="XK").exists()  # Germany-Kosovo partnerships
    assert Language.objects.get(code="tl").name == "Tagalog"
    assert IscedField.objects.get(code="091").parent_id == "09"  # Health, under Health and welfare


def test_one_sector_row_per_shipped_code_in_list_order() -> None:
    assert list(Sector.objects.values_list("code", flat=True)) == list(Sector.Code.values)
    assert Sector.objects.get(code="manufacturing").label == "Manufacturing and welding"


def test_starter_skills_cover_the_seed_sectors_without_invented_uris() -> None:
    assert Skill.objects.count() >= 300
    families = SkillCollection.objects.filter(code__startswith="starter-")
    assert len(families) == 11
    for family in families:
        assert family.skills.count() >= 20, family.code
    without_skills = set(Sector.Code.values) - set(
        Skill.objects.values_list("sector", flat=True).distinct()
    )
    assert without_skills == {Sector.Code.ENERGY, Sector.Code.OTHER}
    assert not Skill.objects.filter(sector=None, collections__code="starter-ict").exists()
    assert not Skill.objects.filter(uri__isnull=False, source="starter").exists()


def test_loading_again_changes_nothing() -> None:
    before = dict(Occupation.objects.values_list("pk", "updated_at"))
    run = starter_taxonomy_load()
    assert all(c == {"created": 0, "updated": 0} for c in run.counts.values())
    assert dict(Occupation.objects.values_list("pk", "updated_at")) == before
