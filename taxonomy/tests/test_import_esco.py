"""``manage.py import_esco``: an ESCO CSV download lands in the taxonomy, idempotently."""

from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import F

from audit.models import AuditEvent
from taxonomy.esco import (
    COLLECTIONS,
    ISCO_FILE,
    OCCUPATIONS_FILE,
    SKILLS_FILE,
    esco_import,
)
from taxonomy.models import (
    ConceptSource,
    ConceptStatus,
    Occupation,
    Skill,
    SkillCollection,
    SkillGroup,
    TaxonomyImport,
)
from taxonomy.services import starter_taxonomy_load

pytestmark = pytest.mark.django_db

FIXTURE_DIR = Path(__file__).resolve().parent / "esco_fixture"
REAL_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "esco-v1"
needs_real_download = pytest.mark.skipif(
    not REAL_DIR.is_dir(), reason=f"the real ESCO download is not at {REAL_DIR}"
)
NURSE = "http://data.europa.eu/esco/occupation/fixture-nurse"
DIGITAL_TOOLS = "http://data.europa.eu/esco/skill/fixture-digital-tools"
TALLY_KEYS = ("created", "updated", "deprecated", "linked")


@pytest.fixture(autouse=True)
def _starter_taxonomy() -> None:
    # Idempotent: a no-op when the project's conftest has loaded it already.
    starter_taxonomy_load()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _drop_row(path: Path, uri: str) -> None:
    rows = _read(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(row for row in rows if row["conceptUri"] != uri)


@pytest.fixture
def download(tmp_path: Path) -> Path:
    """A private copy of the fixture download that a test may edit."""
    return Path(shutil.copytree(FIXTURE_DIR, tmp_path / "esco"))


def _updated_at() -> dict[str, dict[int, object]]:
    return {
        model.__name__: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Occupation, Skill, SkillGroup)
    }


def _assert_nothing_changed(run: TaxonomyImport) -> None:
    for concept, tally in run.counts.items():
        if concept == "collections":
            assert all(c["added"] == c["removed"] == 0 for c in tally.values()), tally
        else:
            assert {k: tally[k] for k in TALLY_KEYS} == dict.fromkeys(TALLY_KEYS, 0), concept


@needs_real_download
def test_real_download_fits_the_starter_isco_tree() -> None:
    starter_codes = set(Occupation.objects.filter(level__lte=4).values_list("code", flat=True))

    run = esco_import(directory=REAL_DIR)

    isco_codes = {row["code"] for row in _read(REAL_DIR / ISCO_FILE)}
    assert len(isco_codes) == len(starter_codes) == 619
    assert isco_codes == starter_codes
    groups = Occupation.objects.filter(level__lte=4)
    assert groups.count() == 619
    assert not groups.exclude(source=ConceptSource.ESCO).exists()
    occupations = Occupation.objects.filter(level=Occupation.Level.ESCO, source=ConceptSource.ESCO)
    assert occupations.count() == len(_read(REAL_DIR / OCCUPATIONS_FILE))
    assert not occupations.exclude(parent__level=Occupation.Level.UNIT).exists()
    assert not occupations.exclude(isco_code=F("parent__code")).exists()
    for code, (file, _title) in COLLECTIONS.items():
        assert SkillCollection.objects.get(code=code).skills.count() == len(_read(REAL_DIR / file))
    assert run.files_missing == [SKILLS_FILE]


@needs_real_download
def test_second_run_of_real_download_changes_nothing() -> None:
    esco_import(directory=REAL_DIR)
    before = _updated_at()
    out = StringIO()

    call_command("import_esco", str(REAL_DIR), stdout=out)

    _assert_nothing_changed(TaxonomyImport.objects.filter(kind="esco").latest("started_at"))
    assert _updated_at() == before
    for line in out.getvalue().splitlines()[2:6]:
        created, updated = line.split()[1:3]
        assert (created, updated) == ("0", "0"), line


def test_fixture_import_builds_occupations_skills_and_groups() -> None:
    run = esco_import(directory=FIXTURE_DIR)

    nurse = Occupation.objects.get(esco_uri=NURSE)
    assert nurse.parent is not None
    assert (nurse.level, nurse.isco_code, nurse.parent.code) == (5, "2221", "2221")
    assert nurse.alt_labels == ["general nurse", "registered nurse", "nurse"]
    assert nurse.search_text.splitlines()[:2] == [
        "nurse responsible for general care",
        "general nurse",
    ]
    assert nurse.is_regulated and nurse.regulated_note == "regulated"
    home_carer = Occupation.objects.get(title="care at home worker")
    assert home_carer.regulated_note == "Regulated profession in some Member States"
    professionals = Occupation.objects.get(code="2")
    assert professionals.source == ConceptSource.ESCO
    assert professionals.description.startswith("Professionals increase")
    assert Occupation.objects.get(code="2221").parent == Occupation.objects.get(code="222")

    liaising = SkillGroup.objects.get(code="S1.2")
    assert liaising.parent is not None and liaising.parent.code == "S1"
    assert liaising.parent.parent is not None and liaising.parent.parent.code == "S"
    digital_group = SkillGroup.objects.get(title="problem-solving with digital tools")
    assert (digital_group.code, digital_group.parent) == ("", None)

    digital = Skill.objects.get(uri=DIGITAL_TOOLS)
    assert set(digital.collections.values_list("code", flat=True)) == {"ict", "transversal"}
    assert digital.broader_uris[0] == "http://data.europa.eu/esco/skill/S5.2.3"
    assert SkillCollection.objects.get(code="ict").title == "ESCO ICT skills"
    assert run.counts["occupations"]["skipped"] == run.counts["skills"]["skipped"] == 1
    assert AuditEvent.objects.filter(
        action="taxonomy.esco_import.completed", target_id=str(run.pk)
    ).exists()


def test_starter_skill_with_the_esco_label_is_linked_not_duplicated() -> None:
    starter = Skill.objects.get(preferred_label="work in teams", source=ConceptSource.STARTER)
    skills_before = Skill.objects.count()

    run = esco_import(directory=FIXTURE_DIR)

    starter.refresh_from_db()
    assert starter.uri == "http://data.europa.eu/esco/skill/fixture-work-in-teams"
    assert starter.source == ConceptSource.ESCO
    assert starter.preferred_label == "Work in teams"
    assert starter.sector is None
    assert starter.collections.filter(code="starter-transversal").exists()
    assert starter.search_text.startswith("work in teams\nwork in groups")
    assert starter.collections.filter(code="transversal").exists()
    assert Skill.objects.filter(preferred_label__iexact="work in teams").count() == 1
    assert Skill.objects.filter(preferred_label__iexact="administer medication").count() == 1
    assert run.counts["skills"]["linked"] == 2
    assert (
        Skill.objects.count()
        == skills_before + run.counts["skills"]["created"]
        == skills_before + 2
    )


def test_second_run_of_fixture_changes_nothing() -> None:
    esco_import(directory=FIXTURE_DIR)
    before = _updated_at()

    _assert_nothing_changed(esco_import(directory=FIXTURE_DIR))
    assert _updated_at() == before


def test_occupation_missing_from_newer_download_is_deprecated_then_revived(download: Path) -> None:
    esco_import(directory=FIXTURE_DIR)
    _drop_row(download / OCCUPATIONS_FILE, NURSE)

    run = esco_import(directory=download)

    nurse = Occupation.objects.get(esco_uri=NURSE)
    assert nurse.status == ConceptStatus.DEPRECATED
    assert run.counts["occupations"]["deprecated"] == 1
    assert Occupation.objects.filter(level=5, status=ConceptStatus.ACTIVE).count() == 2

    run = esco_import(directory=FIXTURE_DIR)

    nurse.refresh_from_db()
    assert nurse.status == ConceptStatus.ACTIVE
    assert run.counts["occupations"]["updated"] == 1


def test_skills_are_not_deprecated_without_skills_file_but_leave_a_collection(
    download: Path,
) -> None:
    esco_import(directory=FIXTURE_DIR)
    (download / SKILLS_FILE).unlink()
    _drop_row(download / COLLECTIONS["ict"][0], DIGITAL_TOOLS)

    run = esco_import(directory=download)

    assert run.counts["skills"]["deprecated"] == 0
    assert run.counts["collections"]["ict"] == {"members": 0, "added": 0, "removed": 1}
    digital = Skill.objects.get(uri=DIGITAL_TOOLS)
    assert digital.status == ConceptStatus.ACTIVE
    assert list(digital.collections.values_list("code", flat=True)) == ["transversal"]
    # Skills only skills_en.csv listed are left alone when it is absent.
    assert Skill.objects.get(uri__endswith="fixture-vital-signs").status == ConceptStatus.ACTIVE


def test_skill_missing_from_newer_skills_file_is_deprecated(download: Path) -> None:
    esco_import(directory=FIXTURE_DIR)
    _drop_row(download / SKILLS_FILE, "http://data.europa.eu/esco/skill/fixture-vital-signs")

    run = esco_import(directory=download)

    assert run.counts["skills"]["deprecated"] == 1
    skill = Skill.objects.get(uri__endswith="fixture-vital-signs")
    assert skill.status == ConceptStatus.DEPRECATED


def test_command_reports_missing_optional_files() -> None:
    out = StringIO()

    call_command("import_esco", str(FIXTURE_DIR), stdout=out)

    run = TaxonomyImport.objects.filter(kind="esco").latest("started_at")
    assert run.files_missing == [COLLECTIONS["language"][0]]
    assert run.finished_at is not None
    assert "Missing optional files: languageSkillsCollection_en.csv" in out.getvalue()


def test_command_fails_clearly_for_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ESCO download folder not found"):
        call_command("import_esco", str(tmp_path / "nowhere"))
    assert not TaxonomyImport.objects.filter(kind="esco").exists()


@needs_real_download
def test_reloading_the_starter_set_after_an_import_creates_no_duplicates() -> None:
    esco_import(directory=REAL_DIR)
    before = Skill.objects.count()
    run = starter_taxonomy_load()
    assert Skill.objects.count() == before
    assert run.counts["skills"] == {"created": 0, "updated": 0}
    labels = [label.lower() for label in Skill.objects.values_list("preferred_label", flat=True)]
    linked = Skill.objects.filter(source="esco", sector__isnull=False)
    assert linked.exists()
    assert len(labels) - len(set(labels)) == 0
