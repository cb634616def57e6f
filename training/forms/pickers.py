"""Pickers of skills (ESCO) and occupations (ISCO-08, ESCO): the chosen concepts as ticked boxes,
then those matching what the person types (live with htmx, or with a Search button without
JavaScript, which shows the form again with nothing typed lost). Employers' vacancy form uses
them too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.bounds import record_ids
from taxonomy.models import ConceptStatus, Occupation, Skill
from taxonomy.selectors import occupation_list, skill_list

Choices = list[tuple[Any, Any]]
MAX_PICKER_RESULTS = 15


def _ids(values: Iterable[Any]) -> list[int]:
    return record_ids(values)


# --- Pickers ----------------------------------------------------------------------------------
@dataclass
class Picker:
    """The chosen concepts of one picker field, and those matching the typed query."""

    name: str
    query: str = ""
    chosen: list[tuple[int, str]] = field(default_factory=list)
    results: list[tuple[int, str]] = field(default_factory=list)
    result_count: int = 0

    @property
    def choices(self) -> Choices:
        return [*self.chosen, *self.results]


def picker(name: str, chosen_ids: Iterable[Any], query: str) -> Picker:
    """Skills (ESCO) or occupations (ISCO-08 unit groups and ESCO occupations) for a picker."""
    ids = _ids(chosen_ids)
    query = query.strip()[:100]
    if name == "skills":
        chosen_qs: Any = Skill.objects.filter(pk__in=ids)
        search: Any = skill_list(search=query) if query else Skill.objects.none()
        label = "preferred_label"
    else:
        chosen_qs = Occupation.objects.filter(pk__in=ids)
        search = (
            occupation_list(search=query).filter(level__gte=Occupation.Level.UNIT)
            if query
            else Occupation.objects.none()
        )
        label = "title"
    found = {o.pk: o for o in chosen_qs}
    result = Picker(
        name=name,
        query=query,
        chosen=[(pk, _label(found[pk], label)) for pk in ids if pk in found],
    )
    if query:
        matches = search.filter(status=ConceptStatus.ACTIVE).exclude(pk__in=ids)
        result.results = [(o.pk, _label(o, label)) for o in matches[:MAX_PICKER_RESULTS]]
        result.result_count = matches.count()
    return result


def _label(obj: Any, attribute: str) -> str:
    code = getattr(obj, "code", "")
    text = str(getattr(obj, attribute))
    return f"{code} {text}" if code else text
