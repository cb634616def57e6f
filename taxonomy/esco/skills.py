"""ESCO skills, their collections and the skills pillar hierarchy."""

from __future__ import annotations

from pathlib import Path

from taxonomy.esco.files import (
    BATCH_SIZE,
    COLLECTIONS,
    HIERARCHY_FILE,
    HIERARCHY_LEVELS,
    SKILL_GROUPS_FILE,
    SKILLS_FILE,
    UUID_SEGMENT,
    Values,
    cell,
    choice,
    last_segment,
    rows,
    status_of,
)
from taxonomy.esco.sync import Tally, concepts, deprecate, sync_rows, sync_tree
from taxonomy.models import (
    ConceptSource,
    ConceptStatus,
    Skill,
    SkillCollection,
    SkillGroup,
    build_search_text,
)
from taxonomy.services import split_labels


def _skill_values(row: dict[str, str | None], uri: str, label: str, status: str) -> Values:
    alt_labels = split_labels(cell(row, "altLabels"))
    return {
        "uri": uri,
        "preferred_label": label,
        "alt_labels": alt_labels,
        "description": cell(row, "description") or cell(row, "definition"),
        "skill_type": choice(cell(row, "skillType"), Skill.SkillType.values),
        "reuse_level": choice(cell(row, "reuseLevel"), Skill.ReuseLevel.values),
        "status": status,
        "source": ConceptSource.ESCO,
        "search_text": build_search_text(label, alt_labels),
    }


def skills_import(directory: Path, present: set[str]) -> tuple[Tally, dict[str, dict[str, int]]]:
    tally = Tally()
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    if SKILLS_FILE in present:
        for row, uri, label in concepts(directory / SKILLS_FILE, tally, seen):
            desired[uri] = _skill_values(row, uri, label, status_of(cell(row, "status")))
    members: dict[str, set[str]] = {}
    for code, (file, _title) in COLLECTIONS.items():
        if file not in present:
            continue
        members[code] = set()
        for row, uri, label in concepts(directory / file, tally, seen):
            members[code].add(uri)
            # skills_en.csv, when present, wins for the fields both files carry; only the
            # collection files have the broader concepts.
            values = desired.setdefault(uri, _skill_values(row, uri, label, ConceptStatus.ACTIVE))
            values.setdefault("broader_uris", split_labels(cell(row, "broaderConceptUri")))

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
    sync_rows(Skill, desired=desired, existing=existing, tally=tally, linked=linked)
    if SKILLS_FILE in present:
        # Only the full skills file says a skill left ESCO; a collection file only says it left
        # that collection.
        deprecate(
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


def skill_groups_import(directory: Path, present: set[str]) -> Tally:
    tally = Tally()
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    if SKILL_GROUPS_FILE in present:
        for row, uri, title in concepts(directory / SKILL_GROUPS_FILE, tally, seen):
            desired[uri] = _skill_group_values(
                uri, title, cell(row, "description"), cell(row, "status")
            )
    parent_of: dict[str, str | None] | None = None
    if HIERARCHY_FILE in present:
        # Each row names one node (its deepest filled level) with the path of URIs above it.
        parent_of = {}
        for row in rows(directory / HIERARCHY_FILE):
            parent: str | None = None
            path = [
                (cell(row, f"Level {level} URI"), cell(row, f"Level {level} preferred term"))
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
                description = cell(row, "Description") if deepest else ""
                values = desired.setdefault(uri, _skill_group_values(uri, term, description, ""))
                if deepest and not values["description"]:
                    values["description"] = description
                parent = uri
        # The hierarchy is the authority for parents: a group it does not place is a root.
        parent_of = {uri: parent_of.get(uri) for uri in desired}

    existing = {g.uri: g for g in SkillGroup.objects.all()}
    sync_tree(
        SkillGroup,
        desired=desired,
        parent_of=parent_of,
        existing=existing,
        tally=tally,
        refetch=lambda: {g.uri: g for g in SkillGroup.objects.all()},
    )
    if SKILL_GROUPS_FILE in present:
        deprecate(SkillGroup, (g for uri, g in existing.items() if uri not in seen), tally)
    return tally


def _skill_group_values(uri: str, title: str, description: str, status: str) -> Values:
    code = last_segment(uri)
    return {
        "uri": uri,
        "code": "" if UUID_SEGMENT.match(code) else code,
        "title": title,
        "description": description,
        "status": status_of(status),
    }
