"""What every app's selectors share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def filter_equal(qs: QuerySet[M], params: Mapping[str, Any], **lookups: str) -> QuerySet[M]:
    """``qs`` narrowed by the list filters that compare one field with the value as given:
    ``lookups`` maps a parameter's name to its field lookup; an empty parameter does not filter."""
    for name, lookup in lookups.items():
        if value := params.get(name):
            qs = qs.filter(**{lookup: value})
    return qs
