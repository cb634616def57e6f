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

import csv
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from audit.services import audit_record
from taxonomy.models import (
    ConceptSource,
    ConceptStatus,
    Occupation,
    Skill,
    SkillCollection,
    SkillGroup,
    TaxonomyImport,
    build_search_text,
)
from taxonomy.services import split_labels

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
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

M = TypeVar("M", bound=models.Model)
Values = dict[str, Any]


class EscoImportError(Exception):
    """The download cannot be imported at all (no such folder, or no ESCO file in it)."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deprecated: int = 0
    # Starter skills that became the ESCO concept with the same preferred label.
    linked: int = 0
    # Rows without the identifier they are matched by (or pointing at an unknown ISCO group).
    skipped: int = 0


def _cell(row: dict[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


def _rows(path: Path) -> Iterator[dict[str, str | None]]:
    # utf-8-sig: downloads saved by spreadsheet tools start with a byte-order mark.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _last_segment(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def _status(raw: str) -> str:
    return ConceptStatus.ACTIVE if raw in ("", RELEASED) else ConceptStatus.DEPRECATED


def _choice(raw: str, choices: Collection[str]) -> str:
    # An unknown value from a future ESCO version must not break the import (or a DB column).
    return raw if raw in choices else ""


def _sync(
    model: type[M],
    *,
    desired: dict[str, Values],
    existing: dict[str, M],
    tally: Tally,
    linked: Collection[str] = (),
) -> list[str]:
    """Create the missing rows and update the changed ones; return the keys created.

    A row whose fields already equal ``desired`` is left alone. ``bulk_update`` does not apply
    ``auto_now``, so ``updated_at`` is set here, and only on rows that really change.
    """
    to_create: list[M] = []
    created: list[str] = []
    to_update: list[M] = []
    fields: set[str] = set()
    for key, values in desired.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**values))
            created.append(key)
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if not changed:
            tally.unchanged += 1
            continue
        for name in changed:
            setattr(obj, name, values[name])
        fields.update(changed)
        to_update.append(obj)
        if key in linked:
            tally.linked += 1
        else:
            tally.updated += 1
    model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    tally.created += len(to_create)
    _bulk_update(model, to_update, fields)
    return created


def _bulk_update(model: type[M], objs: list[M], fields: Iterable[str]) -> None:
    if not objs:
        return
    now = timezone.now()
    for obj in objs:
        setattr(obj, "updated_at", now)  # noqa: B010 - M is any taxonomy model with updated_at
    model._default_manager.bulk_update(objs, [*sorted(fields), "updated_at"], batch_size=BATCH_SIZE)


def _deprecate(model: type[M], objs: Iterable[M], tally: Tally) -> None:
    """Mark concepts that left the download as deprecated; rows pointing at them keep meaning."""
    gone = [obj for obj in objs if getattr(obj, "status") != ConceptStatus.DEPRECATED]  # noqa: B009
    for obj in gone:
        setattr(obj, "status", ConceptStatus.DEPRECATED)  # noqa: B010
    _bulk_update(model, gone, ["status"])
    tally.deprecated += len(gone)


def _sync_tree(
    model: type[M],
    *,
    desired: dict[str, Values],
    parent_of: dict[str, str | None] | None,
    existing: dict[str, M],
    tally: Tally,
    refetch: Callable[[], dict[str, M]],
) -> None:
    """Like ``_sync`` for a self-referencing tree: parents are written before their children.

    Rows are synced one depth at a time so a new parent has a primary key before its children
    point at it. With ``parent_of`` None the parents are unknown and left as they are.
    """

    def depth(key: str) -> int:
        level, seen = 0, {key}
        while parent_of and (parent := parent_of.get(key)) is not None and parent not in seen:
            seen.add(parent)
            key, level = parent, level + 1
        return level

    by_depth: dict[int, list[str]] = {}
    for key in desired:
        by_depth.setdefault(depth(key), []).append(key)
    for level in sorted(by_depth):
        batch: dict[str, Values] = {}
        for key in by_depth[level]:
            values = desired[key]
            if parent_of is not None:
                parent = existing.get(parent_of.get(key) or "")
                values = {**values, "parent_id": parent.pk if parent is not None else None}
            batch[key] = values
        if _sync(model, desired=batch, existing=existing, tally=tally):
            existing.update(refetch())


def _isco_groups_import(path: Path, groups: dict[str, Occupation]) -> Tally:
    tally = Tally()
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    for row in _rows(path):
        code, uri, title = (
            _cell(row, "code"),
            _cell(row, "conceptUri"),
            _cell(row, "preferredLabel"),
        )
        if code:
            seen.add(code)
        if not (uri and title and code.isdigit() and len(code) <= Occupation.Level.UNIT):
            tally.skipped += 1
            continue
        alt_labels = split_labels(_cell(row, "altLabels"))
        desired[code] = {
            "level": len(code),
            "code": code,
            "isco_code": code,
            "esco_uri": uri,
            "title": title,
            "alt_labels": alt_labels,
            "description": _cell(row, "description"),
            "status": ConceptStatus.ACTIVE,
            "source": ConceptSource.ESCO,
            "search_text": build_search_text(title, alt_labels),
        }
    _sync_tree(
        Occupation,
        desired=desired,
        parent_of={code: code[:-1] or None for code in desired},
        existing=groups,
        tally=tally,
        refetch=lambda: {
            o.code: o for o in Occupation.objects.filter(level__lte=Occupation.Level.UNIT)
        },
    )
    _deprecate(
        Occupation,
        (g for code, g in groups.items() if g.source == ConceptSource.ESCO and code not in seen),
        tally,
    )
    return tally


def _regulated_note(raw: str) -> str:
    # Usually a URI such as .../regulated-professions/unregulated; older downloads carry text.
    return (_last_segment(raw) if raw.startswith("http") else raw)[:255]


def _occupations_import(path: Path, groups: dict[str, Occupation]) -> Tally:
    tally = Tally()
    existing = {
        o.esco_uri: o
        for o in Occupation.objects.filter(level=Occupation.Level.ESCO, esco_uri__isnull=False)
        if o.esco_uri
    }
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    for row in _rows(path):
        uri, title = _cell(row, "conceptUri"), _cell(row, "preferredLabel")
        if uri:
            # Seen even when skipped below: a malformed row must not deprecate its concept.
            seen.add(uri)
        unit = groups.get(_cell(row, "iscoGroup"))
        if not (uri and title) or unit is None or unit.level != Occupation.Level.UNIT:
            tally.skipped += 1
            continue
        alt_labels = split_labels(_cell(row, "altLabels"))
        desired[uri] = {
            "level": Occupation.Level.ESCO,
            "code": "",
            "isco_code": unit.code,
            "esco_uri": uri,
            "title": title,
            "alt_labels": alt_labels,
            "description": _cell(row, "description") or _cell(row, "definition"),
            "parent_id": unit.pk,
            "regulated_note": _regulated_note(_cell(row, "regulatedProfessionNote")),
            "status": _status(_cell(row, "status")),
            "source": ConceptSource.ESCO,
            "search_text": build_search_text(title, alt_labels),
        }
    _sync(Occupation, desired=desired, existing=existing, tally=tally)
    _deprecate(
        Occupation,
        (o for uri, o in existing.items() if o.source == ConceptSource.ESCO and uri not in seen),
        tally,
    )
    return tally


def _skill_values(row: dict[str, str | None], uri: str, label: str, status: str) -> Values:
    alt_labels = split_labels(_cell(row, "altLabels"))
    return {
        "uri": uri,
        "preferred_label": label,
        "alt_labels": alt_labels,
        "description": _cell(row, "description") or _cell(row, "definition"),
        "skill_type": _choice(_cell(row, "skillType"), Skill.SkillType.values),
        "reuse_level": _choice(_cell(row, "reuseLevel"), Skill.ReuseLevel.values),
        "status": status,
        "source": ConceptSource.ESCO,
        "search_text": build_search_text(label, alt_labels),
    }


def _skills_import(directory: Path, present: set[str]) -> tuple[Tally, dict[str, dict[str, int]]]:
    tally = Tally()
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    if SKILLS_FILE in present:
        for row in _rows(directory / SKILLS_FILE):
            uri, label = _cell(row, "conceptUri"), _cell(row, "preferredLabel")
            seen.add(uri)
            if not (uri and label):
                tally.skipped += 1
                continue
            desired[uri] = _skill_values(row, uri, label, _status(_cell(row, "status")))
    members: dict[str, set[str]] = {}
    for code, (file, _title) in COLLECTIONS.items():
        if file not in present:
            continue
        members[code] = set()
        for row in _rows(directory / file):
            uri, label = _cell(row, "conceptUri"), _cell(row, "preferredLabel")
            seen.add(uri)
            if not (uri and label):
                tally.skipped += 1
                continue
            members[code].add(uri)
            # skills_en.csv, when present, wins for the fields both files carry; only the
            # collection files have the broader concepts.
            values = desired.setdefault(uri, _skill_values(row, uri, label, ConceptStatus.ACTIVE))
            values.setdefault("broader_uris", split_labels(_cell(row, "broaderConceptUri")))

    existing: dict[str, Skill] = {}
    starters: dict[str, Skill] = {}
    for skill in Skill.objects.all():
        if skill.uri:
            existing[skill.uri] = skill
        elif skill.source == ConceptSource.STARTER:
            starters.setdefault(skill.preferred_label.lower(), skill)
    # A starter skill with the exact preferred label becomes that ESCO concept (it keeps its
    # sector and starter collection) instead of living on as a duplicate.
    linked: set[str] = set()
    for uri, values in desired.items():
        if uri not in existing and (
            starter := starters.pop(values["preferred_label"].lower(), None)
        ):
            existing[uri] = starter
            linked.add(uri)
    _sync(Skill, desired=desired, existing=existing, tally=tally, linked=linked)
    if SKILLS_FILE in present:
        # Only the full skills file says a skill left ESCO; a collection file only says it left
        # that collection.
        _deprecate(
            Skill,
            (
                s
                for uri, s in existing.items()
                if s.source == ConceptSource.ESCO and uri not in seen
            ),
            tally,
        )
    return tally, _collections_sync(members)


def _collections_sync(members: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    """Make each present collection file the exact member list of its collection."""
    if not members:
        return {}
    known = set(
        SkillCollection.objects.filter(code__in=list(members)).values_list("code", flat=True)
    )
    SkillCollection.objects.bulk_create(
        [
            SkillCollection(code=code, title=COLLECTIONS[code][1])
            for code in members
            if code not in known
        ]
    )
    through = Skill.collections.through
    skill_ids = dict(Skill.objects.filter(uri__isnull=False).values_list("uri", "pk"))
    current: dict[str, set[int]] = {code: set() for code in members}
    for skill_id, code in through.objects.filter(skillcollection_id__in=list(members)).values_list(
        "skill_id", "skillcollection_id"
    ):
        current[code].add(skill_id)
    counts: dict[str, dict[str, int]] = {}
    to_add = []
    for code, uris in members.items():
        wanted = {skill_ids[uri] for uri in uris}
        added, removed = sorted(wanted - current[code]), sorted(current[code] - wanted)
        to_add += [through(skill_id=pk, skillcollection_id=code) for pk in added]
        for start in range(0, len(removed), BATCH_SIZE):
            through.objects.filter(
                skillcollection_id=code, skill_id__in=removed[start : start + BATCH_SIZE]
            ).delete()
        counts[code] = {"members": len(wanted), "added": len(added), "removed": len(removed)}
    through.objects.bulk_create(to_add, batch_size=BATCH_SIZE)
    return counts


def _skill_groups_import(directory: Path, present: set[str]) -> Tally:
    tally = Tally()
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    if SKILL_GROUPS_FILE in present:
        for row in _rows(directory / SKILL_GROUPS_FILE):
            uri, title = _cell(row, "conceptUri"), _cell(row, "preferredLabel")
            seen.add(uri)
            if not (uri and title):
                tally.skipped += 1
                continue
            desired[uri] = _skill_group_values(
                uri, title, _cell(row, "description"), _cell(row, "status")
            )
    parent_of: dict[str, str | None] | None = None
    if HIERARCHY_FILE in present:
        # Each row names one node (its deepest filled level) with the path of URIs above it.
        parent_of = {}
        for row in _rows(directory / HIERARCHY_FILE):
            parent: str | None = None
            path = [
                (_cell(row, f"Level {level} URI"), _cell(row, f"Level {level} preferred term"))
                for level in range(HIERARCHY_LEVELS)
            ]
            filled = [(uri, term) for uri, term in path if uri]
            if not filled:
                tally.skipped += 1
                continue
            for depth, (uri, term) in enumerate(filled):
                seen.add(uri)
                parent_of[uri] = parent
                deepest = depth == len(filled) - 1
                description = _cell(row, "Description") if deepest else ""
                values = desired.setdefault(uri, _skill_group_values(uri, term, description, ""))
                if deepest and not values["description"]:
                    values["description"] = description
                parent = uri
        # The hierarchy is the authority for parents: a group it does not place is a root.
        parent_of = {uri: parent_of.get(uri) for uri in desired}

    existing = {g.uri: g for g in SkillGroup.objects.all()}
    _sync_tree(
        SkillGroup,
        desired=desired,
        parent_of=parent_of,
        existing=existing,
        tally=tally,
        refetch=lambda: {g.uri: g for g in SkillGroup.objects.all()},
    )
    if SKILL_GROUPS_FILE in present:
        _deprecate(SkillGroup, (g for uri, g in existing.items() if uri not in seen), tally)
    return tally


def _skill_group_values(uri: str, title: str, description: str, status: str) -> Values:
    code = _last_segment(uri)
    return {
        "uri": uri,
        "code": "" if _UUID.match(code) else code,
        "title": title,
        "description": description,
        "status": _status(status),
    }


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
        counts["isco_groups"] = asdict(_isco_groups_import(directory / ISCO_FILE, groups))
    if OCCUPATIONS_FILE in present:
        counts["occupations"] = asdict(_occupations_import(directory / OCCUPATIONS_FILE, groups))
    if present & {SKILL_GROUPS_FILE, HIERARCHY_FILE}:
        counts["skill_groups"] = asdict(_skill_groups_import(directory, present))
    if present & {SKILLS_FILE, *(file for file, _ in COLLECTIONS.values())}:
        skills, collections = _skills_import(directory, present)
        counts["skills"] = asdict(skills)
        counts["collections"] = collections
    run.counts = counts
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    audit_record(actor=actor, action="taxonomy.esco_import.completed", target=run, data=counts)
    return run
