"""Form pieces every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms

Choices = list[tuple[Any, Any]]


def date_widget(**attrs: str) -> forms.DateInput:
    """A native date picker that round-trips ISO dates."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def set_choices(form: forms.Form, name: str, choices: Choices) -> None:
    """Fill a choice field's options at run time (they come from the database or the user)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def getlist(data: Any, name: str) -> list[Any]:
    """All values of ``name`` from a QueryDict, or from a plain dict (tests, the API)."""
    values = getattr(data, "getlist", None)
    if values is not None:
        return list(values(name))
    value = data.get(name, [])
    return list(value) if isinstance(value, list | tuple) else [value]
