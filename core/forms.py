"""Form pieces every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from core.bounds import bounded
from core.errors import DomainError

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


class IntegerField(forms.IntegerField):
    """Django's integer, bounded to what the database holds (``core.bounds``):
    ``column=(Model, "field")`` narrows it to that column, ``min_value``/``max_value`` further.
    Without bounds a number like 10**20 passed the form and crashed the query."""

    def __init__(
        self, *, column: tuple[type[models.Model], str] | None = None, **kwargs: Any
    ) -> None:
        kwargs["min_value"], kwargs["max_value"] = bounded(
            column, kwargs.get("min_value"), kwargs.get("max_value")
        )
        super().__init__(**kwargs)


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def set_organisation_choice(form: forms.Form, name: str, organisations: Any) -> None:
    """The "on behalf of" field of a form: the caller's organisations, hidden when there is
    only one (it is then the answer)."""
    set_choices(form, name, [(o.pk, o.name) for o in organisations])
    if len(organisations) == 1:
        form.fields[name].widget = forms.HiddenInput()
        form.fields[name].initial = organisations[0].pk


class FilterForm(forms.Form):
    """A list's filters, read from the query string: ``params`` keeps the valid, non-empty ones
    (a malformed value is ignored rather than failing). ``FOLDED`` names the fields that
    ``includes/filters.html`` shows under "Filter", open when one of them is set."""

    FOLDED: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    @property
    def folded_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FOLDED if name in self.fields]

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in self.FOLDED)
