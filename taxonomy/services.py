"""Loading reference data: the starter set shipped in ``taxonomy/data`` (idempotent)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone, translation

from taxonomy.models import (
    CefrLevel,
    ConceptSource,
    Country,
    Currency,
    GcmObjective,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
    SdgTarget,
    Sector,
    Skill,
    SkillCollection,
    TaxonomyImport,
    build_search_text,
)

STARTER_DIR = Path(__file__).resolve().parent / "data"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def split_labels(raw: str) -> list[str]:
    """ESCO multi-value cells use newlines or ' | ' between values."""
    parts = raw.replace("|", "\n").split("\n")
    seen: dict[str, None] = {}
    for part in parts:
        label = part.strip()
        if label:
            seen.setdefault(label, None)
    return list(seen)


def _upsert_simple(
    model: type[models.Model], key: str, rows: list[dict[str, object]]
) -> dict[str, int]:
    """Create missing rows and update changed ones, keyed by primary key ``key``."""
    existing = {getattr(obj, key): obj for obj in model._default_manager.all()}
    to_create, to_update, fields = [], [], [f for f in rows[0] if f != key] if rows else []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            to_update.append(obj)
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, fields)
    return {"created": len(to_create), "updated": len(to_update)}


def _load_sectors() -> dict[str, int]:
    # The rows keep the English label; pages translate through Sector.Code.
    with translation.override("en"):
        rows: list[dict[str, object]] = [
            {"code": code.value, "label": str(code.label), "rank": rank}
            for rank, code in enumerate(Sector.Code, start=1)
        ]
    return _upsert_simple(Sector, "code", rows)


def _load_occupations(path: Path) -> dict[str, int]:
    rows = sorted(_rows(path), key=lambda r: (len(r["code"]), r["code"]))
    existing = {o.code: o for o in Occupation.objects.filter(level__lte=Occupation.Level.UNIT)}
    created = updated = 0
    for row in rows:
        code, title = row["code"].strip(), row["title"].strip()
        parent = existing.get(code[:-1]) if len(code) > 1 else None
        obj = existing.get(code)
        if obj is None:
            obj = Occupation.objects.create(
                level=len(code),
                code=code,
                isco_code=code,
                title=title,
                parent=parent,
                source=ConceptSource.STARTER,
                search_text=build_search_text(title, []),
            )
            existing[code] = obj
            created += 1
        elif obj.source == ConceptSource.STARTER and (obj.title, obj.parent_id) != (
            title,
            parent.pk if parent else None,
        ):
            # Titles from an imported ESCO download win over the starter file.
            obj.title, obj.parent = title, parent
            obj.search_text = build_search_text(title, obj.alt_labels)
            obj.save(update_fields=["title", "parent", "search_text", "updated_at"])
            updated += 1
    return {"created": created, "updated": updated}


# Starter skills come in families, one starter collection each: a sector's skills, or the
# transversal and language skills that belong to no sector. Titles of those two (the others
# are their sector's).
FAMILY_TITLES = {"transversal": "Transversal", "language": "Languages"}


def _starter_collection(family: str, sector: str) -> SkillCollection:
    with translation.override("en"):
        title = str(Sector.Code(sector).label) if sector else FAMILY_TITLES.get(family, family)
    collection, _created = SkillCollection.objects.get_or_create(
        code=f"starter-{family}", defaults={"title": title}
    )
    return collection


def _load_skills(path: Path) -> dict[str, int]:
    collections: dict[str, SkillCollection] = {}
    # Keyed on every skill, not only starter ones: a starter skill linked to its ESCO concept
    # (source=esco) must not come back as a duplicate when the starter set is loaded again.
    existing = {s.preferred_label.lower(): s for s in Skill.objects.all()}
    created = updated = 0
    for row in _rows(path):
        label = row["label"].strip()
        sector = row["sector"].strip() or None
        family = row["family"].strip()
        alt_labels = split_labels(row["alt_labels"])
        values: dict[str, object] = {
            "alt_labels": alt_labels,
            "skill_type": row["skill_type"].strip(),
            "sector_id": sector,
            "description": row["description"].strip(),
            "search_text": build_search_text(label, alt_labels),
        }
        skill = existing.get(label.lower())
        if skill is None:
            skill = Skill.objects.create(
                preferred_label=label, source=ConceptSource.STARTER, **values
            )
            existing[label.lower()] = skill
            created += 1
        elif skill.source != ConceptSource.STARTER:
            # ESCO's own wording wins; the starter set only contributes its sector.
            if skill.sector_id is None and sector is not None:
                skill.sector_id = sector
                skill.save(update_fields=["sector", "updated_at"])
                updated += 1
        elif any(getattr(skill, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(skill, k, v)
            skill.save(update_fields=[k.removesuffix("_id") for k in values] + ["updated_at"])
            updated += 1
        if family not in collections:
            collections[family] = _starter_collection(family, sector or "")
        skill.collections.add(collections[family])
    return {"created": created, "updated": updated}


@transaction.atomic
def starter_taxonomy_load(*, data_dir: Path = STARTER_DIR) -> TaxonomyImport:
    """Load or refresh the shipped reference data. Running it again changes nothing."""
    run = TaxonomyImport.objects.create(kind=TaxonomyImport.Kind.STARTER, source=str(data_dir))
    counts: dict[str, dict[str, int]] = {}
    counts["countries"] = _upsert_simple(
        Country,
        "code",
        [
            {"code": r["alpha2"], "alpha3": r["alpha3"], "numeric": r["numeric"], "name": r["name"]}
            for r in _rows(data_dir / "countries.csv")
        ],
    )
    counts["languages"] = _upsert_simple(
        Language,
        "code",
        [{"code": r["code"], "name": r["name"]} for r in _rows(data_dir / "languages.csv")],
    )
    counts["isced_levels"] = _upsert_simple(
        IscedLevel,
        "level",
        [
            {"level": int(r["code"]), "title": r["title"], "skill_level": r["skill_level"]}
            for r in _rows(data_dir / "isced_levels.csv")
        ],
    )
    fields = sorted(_rows(data_dir / "isced_fields.csv"), key=lambda r: len(r["code"]))
    counts["isced_fields"] = _upsert_simple(
        IscedField,
        "code",
        [
            {"code": r["code"], "title": r["title"], "parent_id": r["parent"] or None}
            for r in fields
        ],
    )
    counts["cefr_levels"] = _upsert_simple(
        CefrLevel,
        "code",
        [
            {
                "code": r["code"],
                "rank": rank,
                "title": r["title"],
                "band": r["band"],
                "description": r["description"],
            }
            for rank, r in enumerate(_rows(data_dir / "cefr_levels.csv"), start=1)
        ],
    )
    counts["gcm_objectives"] = _upsert_simple(
        GcmObjective,
        "number",
        [
            {"number": int(r["number"]), "title": r["title"]}
            for r in _rows(data_dir / "gcm_objectives.csv")
        ],
    )
    counts["sdg_targets"] = _upsert_simple(
        SdgTarget,
        "code",
        [
            {"code": r["code"], "title": r["title"], "rank": rank}
            for rank, r in enumerate(_rows(data_dir / "sdg_targets.csv"), start=1)
        ],
    )
    counts["currencies"] = _upsert_simple(
        Currency,
        "code",
        [
            {"code": r["code"], "name": r["name"], "minor_units": int(r["minor_units"])}
            for r in _rows(data_dir / "currencies.csv")
        ],
    )
    counts["sectors"] = _load_sectors()
    counts["occupations"] = _load_occupations(data_dir / "isco08.csv")
    counts["skills"] = _load_skills(data_dir / "skills.csv")
    run.counts = counts
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    return run
