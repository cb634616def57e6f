"""Importing an official ESCO CSV download into the taxonomy (``manage.py import_esco DIR``).

An ESCO download (esco.ec.europa.eu) has one CSV file per concept type, with a header row and
multi-value cells separated by newlines or ' | '. Cells contain embedded newlines, so every file
is read with the ``csv`` module. Which files this importer reads, and what each one is the
authority for:

| file | rows become (matched by) | deprecates what it lacks |
| --- | --- | --- |
| ISCOGroups_en.csv | ISCO-08 groups, Occupation levels 1-4 (code) | ESCO-sourced ISCO groups |
| occupations_en.csv | ESCO occupations, level 5 (URI) | ESCO occupations |
| skills_en.csv | ESCO skills (URI) | ESCO skills |
| *SkillsCollection_en.csv | skills, members of that collection (URI) | that collection's members |
| skillGroups_en.csv | skill pillar groups (URI) | skill groups |
| skillsHierarchy_en.csv | skill groups and their parents (URI) | parents it does not list |

Every file is optional; the run records which ones were missing. Concepts are never deleted: one
that disappears from the authoritative file of a newer download is marked deprecated, and comes
back to active when it reappears. Rows whose values are unchanged are not written at all, so a
second run of the same download changes nothing (``updated_at`` included).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from taxonomy.esco.files import (
    COLLECTIONS,
    ESCO_FILES,
    HIERARCHY_FILE,
    ISCO_FILE,
    OCCUPATIONS_FILE,
    SKILL_GROUPS_FILE,
    SKILLS_FILE,
    EscoImportError,
)
from taxonomy.esco.occupations import isco_groups_import, occupations_import
from taxonomy.esco.skills import skill_groups_import, skills_import
from taxonomy.models import Occupation, TaxonomyImport

__all__ = [
    "COLLECTIONS",
    "ESCO_FILES",
    "ISCO_FILE",
    "OCCUPATIONS_FILE",
    "SKILLS_FILE",
    "EscoImportError",
    "esco_import",
]


@transaction.atomic
def esco_import(
    *, directory: Path, actor: AbstractBaseUser | AnonymousUser | None = None
) -> TaxonomyImport:
    """Load or refresh the taxonomy from an ESCO CSV download in ``directory``.

    Raises ``EscoImportError`` when the folder does not exist or holds none of the ESCO files.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise EscoImportError(f"ESCO download folder not found: {directory}")
    present = {name for name in ESCO_FILES if (directory / name).is_file()}
    if not present:
        raise EscoImportError(
            f"No ESCO CSV file in {directory}; expected some of: {', '.join(ESCO_FILES)}"
        )
    run = TaxonomyImport.objects.create(
        kind=TaxonomyImport.Kind.ESCO,
        source=str(directory.resolve())[:500],
        files_missing=[name for name in ESCO_FILES if name not in present],
    )
    counts: dict[str, Any] = {}
    groups = {o.code: o for o in Occupation.objects.filter(level__lte=Occupation.Level.UNIT)}
    if ISCO_FILE in present:
        counts["isco_groups"] = asdict(isco_groups_import(directory / ISCO_FILE, groups))
    if OCCUPATIONS_FILE in present:
        counts["occupations"] = asdict(occupations_import(directory / OCCUPATIONS_FILE, groups))
    if present & {SKILL_GROUPS_FILE, HIERARCHY_FILE}:
        counts["skill_groups"] = asdict(skill_groups_import(directory, present))
    if present & {SKILLS_FILE, *(file for file, _ in COLLECTIONS.values())}:
        skills, collections = skills_import(directory, present)
        counts["skills"] = asdict(skills)
        counts["collections"] = collections
    run.counts = counts
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    audit_record(actor=actor, action="taxonomy.esco_import.completed", target=run, data=counts)
    return run
