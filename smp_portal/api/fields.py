"""Choice fields with their own, stable schema component names.

Generic names ("kind", "status", "role", "purpose", "outcome") mean different choice sets in
different apps; without a component name of its own each set would collide in the OpenAPI
schema and its generated enum name would change whenever another app adds one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from rest_framework import serializers


def enum_schema(choices: type[models.Choices]) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": list(choices.values),
        "description": "\n".join(f"* `{v}` - {label}" for v, label in choices.choices),
    }


class NamedChoiceField(serializers.ChoiceField):
    """Subclass with ``choice_set`` and decorate with ``extend_schema_field(enum_schema(...),
    component_name=...)``."""

    choice_set: ClassVar[type[models.Choices]]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(self.choice_set.choices, **kwargs)
