"""Writing a concept file into its table: create, update what changed, deprecate what left."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from taxonomy.esco.files import BATCH_SIZE, M, Row, Values, cell, rows
from taxonomy.models import ConceptStatus


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


def sync_rows(
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
    bulk_update(model, to_update, fields)
    return created


def bulk_update(model: type[M], objs: list[M], fields: Iterable[str]) -> None:
    if not objs:
        return
    now = timezone.now()
    for obj in objs:
        setattr(obj, "updated_at", now)  # noqa: B010 - M is any taxonomy model with updated_at
    model._default_manager.bulk_update(objs, [*sorted(fields), "updated_at"], batch_size=BATCH_SIZE)


def deprecate(model: type[M], objs: Iterable[M], tally: Tally) -> None:
    """Mark concepts that left the download as deprecated; rows pointing at them keep meaning."""
    gone = [obj for obj in objs if getattr(obj, "status") != ConceptStatus.DEPRECATED]  # noqa: B009
    for obj in gone:
        setattr(obj, "status", ConceptStatus.DEPRECATED)  # noqa: B010
    bulk_update(model, gone, ["status"])
    tally.deprecated += len(gone)


def sync_tree(
    model: type[M],
    *,
    desired: dict[str, Values],
    parent_of: dict[str, str | None] | None,
    existing: dict[str, M],
    tally: Tally,
    refetch: Callable[[], dict[str, M]],
) -> None:
    """Like ``sync_rows`` for a self-referencing tree: parents are written before their children.

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
        if sync_rows(model, desired=batch, existing=existing, tally=tally):
            existing.update(refetch())


def concepts(path: Path, tally: Tally, seen: set[str]) -> Iterator[tuple[Row, str, str]]:
    """Each row of a concept file with its URI and preferred label. Every URI is ``seen`` (so
    a malformed row does not deprecate its concept); a row without both is counted skipped."""
    for row in rows(path):
        uri, label = cell(row, "conceptUri"), cell(row, "preferredLabel")
        seen.add(uri)
        if not (uri and label):
            tally.skipped += 1
            continue
        yield row, uri, label
