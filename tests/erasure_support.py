"""What the erasure tests of every app share: a search of the whole database for a marker."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast


def database_hits(marker: str) -> list[str]:
    """Every column of every table (text, JSON, stored files) that contains ``marker``: what a
    test of erasure expects to be empty once a person is erased."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            manager = model._default_manager
            if isinstance(field, models.BinaryField):
                # Stored files (e.g. a participant import's raw CSV): compared in Python.
                needle = marker.lower().encode()
                found = any(
                    needle in bytes(value).lower()
                    for value in manager.exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
            elif isinstance(field, models.JSONField):
                found = (
                    manager.annotate(_as_text=Cast(field.name, models.TextField()))
                    .filter(_as_text__icontains=marker)
                    .exists()
                )
            elif isinstance(field, models.CharField | models.TextField):
                found = manager.filter(**{f"{field.name}__icontains": marker}).exists()
            else:
                continue
            if found:
                hits.append(f"{model._meta.label}.{field.name}")
    return hits


# The marker person of the erasure tests: strings no other record contains, so that a search for
# them finds only what is left of that person.
MARKER_PASSWORD = "a-long-marker-password"
PERSON_MARKERS = ["Zubeydaxq", "Quorvendal", "+212655500123", "655500123", "zq.marker", "MARKERPDF"]
