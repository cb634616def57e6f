"""The files of an ESCO download, and reading their cells."""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.db import models

from taxonomy.models import ConceptStatus

ISCO_FILE = "ISCOGroups_en.csv"
OCCUPATIONS_FILE = "occupations_en.csv"
SKILLS_FILE = "skills_en.csv"
SKILL_GROUPS_FILE = "skillGroups_en.csv"
HIERARCHY_FILE = "skillsHierarchy_en.csv"
# Collection code -> (file, title). Codes are stable: other apps may filter on them.
COLLECTIONS: dict[str, tuple[str, str]] = {
    "ict": ("ictSkillsCollection_en.csv", "ESCO ICT skills"),
    "language": ("languageSkillsCollection_en.csv", "ESCO language skills"),
    "transversal": ("transversalSkillsCollection_en.csv", "ESCO transversal skills"),
}
ESCO_FILES: tuple[str, ...] = (
    ISCO_FILE,
    OCCUPATIONS_FILE,
    SKILLS_FILE,
    *(file for file, _ in COLLECTIONS.values()),
    SKILL_GROUPS_FILE,
    HIERARCHY_FILE,
)
HIERARCHY_LEVELS = 4
BATCH_SIZE = 500
# ESCO's status for a concept in use. Files without a status (skill groups) leave it empty;
# any other value is treated as deprecated.
RELEASED = "released"
# Groups outside the coded skills hierarchy have an opaque UUID as their last URI segment: that
# is an identifier (already in ``uri``), not a code such as 'S1.2', and it would not fit the
# 30-character code column.
UUID_SEGMENT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

M = TypeVar("M", bound=models.Model)
Values = dict[str, Any]
Row = dict[str, str | None]


class EscoImportError(Exception):
    """The download cannot be imported at all (no such folder, or no ESCO file in it)."""


def cell(row: dict[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


def rows(path: Path) -> Iterator[dict[str, str | None]]:
    # utf-8-sig: downloads saved by spreadsheet tools start with a byte-order mark.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def last_segment(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def status_of(raw: str) -> str:
    return ConceptStatus.ACTIVE if raw in ("", RELEASED) else ConceptStatus.DEPRECATED


def choice(raw: str, choices: Collection[str]) -> str:
    # An unknown value from a future ESCO version must not break the import (or a DB column).
    return raw if raw in choices else ""
