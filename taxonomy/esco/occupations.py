"""ISCO-08 groups and ESCO occupations."""

from __future__ import annotations

from pathlib import Path

from taxonomy.esco.files import Values, cell, last_segment, rows, status_of
from taxonomy.esco.sync import Tally, deprecate, sync_rows, sync_tree
from taxonomy.models import ConceptSource, ConceptStatus, Occupation, build_search_text
from taxonomy.services import split_labels


def isco_groups_import(path: Path, groups: dict[str, Occupation]) -> Tally:
    tally = Tally()
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    for row in rows(path):
        code, uri, title = (
            cell(row, "code"),
            cell(row, "conceptUri"),
            cell(row, "preferredLabel"),
        )
        if code:
            seen.add(code)
        if not (uri and title and code.isdigit() and len(code) <= Occupation.Level.UNIT):
            tally.skipped += 1
            continue
        alt_labels = split_labels(cell(row, "altLabels"))
        desired[code] = {
            "level": len(code),
            "code": code,
            "isco_code": code,
            "esco_uri": uri,
            "title": title,
            "alt_labels": alt_labels,
            "description": cell(row, "description"),
            "status": ConceptStatus.ACTIVE,
            "source": ConceptSource.ESCO,
            "search_text": build_search_text(title, alt_labels),
        }
    sync_tree(
        Occupation,
        desired=desired,
        parent_of={code: code[:-1] or None for code in desired},
        existing=groups,
        tally=tally,
        refetch=lambda: {
            o.code: o for o in Occupation.objects.filter(level__lte=Occupation.Level.UNIT)
        },
    )
    deprecate(
        Occupation,
        (g for code, g in groups.items() if g.source == ConceptSource.ESCO and code not in seen),
        tally,
    )
    return tally


def _regulated_note(raw: str) -> str:
    # Usually a URI such as .../regulated-professions/unregulated; older downloads carry text.
    return (last_segment(raw) if raw.startswith("http") else raw)[:255]


def occupations_import(path: Path, groups: dict[str, Occupation]) -> Tally:
    tally = Tally()
    existing = {
        o.esco_uri: o
        for o in Occupation.objects.filter(level=Occupation.Level.ESCO, esco_uri__isnull=False)
        if o.esco_uri
    }
    desired: dict[str, Values] = {}
    seen: set[str] = set()
    for row in rows(path):
        uri, title = cell(row, "conceptUri"), cell(row, "preferredLabel")
        if uri:
            # Seen even when skipped below: a malformed row must not deprecate its concept.
            seen.add(uri)
        unit = groups.get(cell(row, "iscoGroup"))
        if not (uri and title) or unit is None or unit.level != Occupation.Level.UNIT:
            tally.skipped += 1
            continue
        alt_labels = split_labels(cell(row, "altLabels"))
        desired[uri] = {
            "level": Occupation.Level.ESCO,
            "code": "",
            "isco_code": unit.code,
            "esco_uri": uri,
            "title": title,
            "alt_labels": alt_labels,
            "description": cell(row, "description") or cell(row, "definition"),
            "parent_id": unit.pk,
            "regulated_note": _regulated_note(cell(row, "regulatedProfessionNote")),
            "status": status_of(cell(row, "status")),
            "source": ConceptSource.ESCO,
            "search_text": build_search_text(title, alt_labels),
        }
    sync_rows(Occupation, desired=desired, existing=existing, tally=tally)
    deprecate(
        Occupation,
        (o for uri, o in existing.items() if o.source == ConceptSource.ESCO and uri not in seen),
        tally,
    )
    return tally
