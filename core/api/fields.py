"""Fields every app's API shares: bounded integers and ids, choice fields with their own, stable
schema component names, and links to other endpoints.

Every integer the API takes is bounded (``IntegerField``, ``IdField``), so a number the database
cannot hold is a 400 naming the field rather than an overflow in a query (a 500).

Generic names ("kind", "status", "role", "purpose", "outcome") mean different choice sets in
different apps; without a component name of its own each set would collide in the OpenAPI
schema and its generated enum name would change whenever another app adds one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.bounds import BoundedInteger

# An input field the caller may leave out: ``IdField(**OPTIONAL, help_text=...)`` reads None when
# it is absent (or null); ``CharField(**OPTIONAL_TEXT, max_length=...)`` reads "" (or blank).
OPTIONAL: dict[str, Any] = {"required": False, "allow_null": True, "default": None}
OPTIONAL_TEXT: dict[str, Any] = {"required": False, "allow_blank": True, "default": ""}

COUNTRY_HELP = "ISO 3166-1 alpha-2 code"
LANGUAGE_HELP = "ISO 639-1 code"


def country_field(*, help_text: str = COUNTRY_HELP, **kwargs: Any) -> serializers.CharField:
    """A country by its two-letter ISO 3166-1 code: its shape only; whether the country is known
    is the service's to check. ``help_text`` says what the country is to the record."""
    return serializers.CharField(min_length=2, max_length=2, help_text=help_text, **kwargs)


def language_field(*, help_text: str = LANGUAGE_HELP, **kwargs: Any) -> serializers.CharField:
    """A language by its two-letter ISO 639-1 code (its shape only, as ``country_field``)."""
    return serializers.CharField(min_length=2, max_length=2, help_text=help_text, **kwargs)


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


def named_choice_field(
    choices: type[models.Choices], component_name: str
) -> type[NamedChoiceField]:
    """A ``NamedChoiceField`` of ``choices``, its own schema component ``component_name``:
    ``StatusField = named_choice_field(Request.Status, "RecognitionStatusEnum")``."""
    field = type(f"{component_name}Field", (NamedChoiceField,), {"choice_set": choices})
    return extend_schema_field(enum_schema(choices), component_name=component_name)(field)


class IntegerField(BoundedInteger, serializers.IntegerField):
    """DRF's integer, bounded to what the database holds (``core.bounds.BoundedInteger``)."""


class IdField(IntegerField):
    """The id of a record: a positive 64-bit integer. An id that no record has is the service's
    to refuse (400 naming the field, or 404)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def id_list(**kwargs: Any) -> serializers.ListField:
    """A list of record ids; at most 1,000 unless ``max_length`` says otherwise."""
    kwargs.setdefault("max_length", 1000)
    return serializers.ListField(child=IdField(), **kwargs)


def absolute_url(context: Mapping[str, Any], view_name: str, **kwargs: Any) -> str:
    """The absolute URL of ``view_name`` for the request in a serializer's ``context`` (the bare
    path when there is none)."""
    path = reverse(view_name, kwargs=kwargs)
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """A read-only link to ``view_name`` for the object: ``url = LinkField("app-api:x-detail")``.
    ``lookup`` names the attribute holding the id (``interest_id`` for a related record); an
    object whose id is None gets null."""

    def __init__(self, view_name: str, *, lookup: str = "pk", **kwargs: Any) -> None:
        self.view_name = view_name
        self.lookup = lookup
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        pk = getattr(value, self.lookup)
        return None if pk is None else absolute_url(self.context, self.view_name, pk=pk)
