"""What the database can hold, for every interface that takes numbers from outside.

A number larger than its column crashes the query that uses it: SQLite raises ``OverflowError``
("Python int too large to convert to SQLite INTEGER") and PostgreSQL a ``DataError`` ("value out
of range"). Inputs are bounded here, once, so an absurd number is refused as bad input (400, or
404 in a URL) before it reaches a query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

# The widest integer column (PostgreSQL bigint; SQLite INTEGER): every id fits.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def column_range(model: type[models.Model], name: str) -> tuple[int, int]:
    """The values an integer column holds on every supported database.

    Django's base ranges are PostgreSQL's column types, the narrowest we run on (SQLite would
    take any 64-bit number in any integer column).
    """
    field = model._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    return low, high


def column_length(model: type[models.Model], name: str) -> int:
    """The longest text a column holds. A longer input is refused at the form or serializer:
    PostgreSQL would fail the write ("value too long for type character varying"), SQLite
    would store it."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.max_length, f"{name}: no max_length"
    return int(field.max_length)


def bounded(
    column: tuple[type[models.Model], str] | None,
    min_value: int | None = None,
    max_value: int | None = None,
) -> tuple[int, int]:
    """``(min_value, max_value)`` for an integer input: those given, narrowed to what ``column``
    holds (or to 64 bits without a column)."""
    low, high = column_range(*column) if column else (INT64_MIN, INT64_MAX)
    return (
        low if min_value is None else max(low, min_value),
        high if max_value is None else min(high, max_value),
    )


class BoundedInteger:
    """Mixed into an integer field (a form's, a serializer's) before the field class:
    ``column=(Model, "field")`` bounds it to what that column holds (a PostgreSQL smallint holds
    32,767), ``min_value``/``max_value`` narrow it further; without a column, 64 bits."""

    def __init__(
        self, *, column: tuple[type[models.Model], str] | None = None, **kwargs: Any
    ) -> None:
        kwargs["min_value"], kwargs["max_value"] = bounded(
            column, kwargs.get("min_value"), kwargs.get("max_value")
        )
        super().__init__(**kwargs)


def whole_number(value: Any, low: int = 0, high: int = INT64_MAX) -> int | None:
    """``value`` (from a query string or a form) as a whole number from ``low`` to ``high``, or
    None for anything else: blank, a sign, "1.5", "²" (``isdigit`` says yes, ``int`` fails) or
    a number no column holds."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if low <= number <= high else None


def record_ids(values: Iterable[Any]) -> list[int]:
    """The distinct record ids among ``values``, in order; anything that cannot be an id is left
    out, as a picker ignores a stale choice."""
    found = (whole_number(v, 1) for v in values)
    return list(dict.fromkeys(v for v in found if v is not None))


def record_id(value: Any) -> int | None:
    """One record id from a query string or a form, or None."""
    return whole_number(value, 1)


class IdConverter:
    """``<id:pk>`` in URL patterns: the id of a record, 1 to 2**63 - 1.

    Django's ``int`` converter takes any run of digits, so ``/x/100000000000000000000/`` reached
    the view and crashed its query. A number outside the range does not match the route (404).
    Registered in ``SmpPortalConfig.ready`` for every app's URLs; Django 5.1 deprecated overriding
    the built-in ``int``, hence a converter of our own.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= INT64_MAX:
            raise ValueError(f"{value} is not a record id")  # Django: the route does not match
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
