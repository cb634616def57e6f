"""Form pieces every app's forms share."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.forms.utils import ErrorDict
from django.http import QueryDict

from core.bounds import BoundedInteger
from core.errors import DomainError, StaleVersion
from core.versions import version_of

Choices = list[tuple[Any, Any]]
T = TypeVar("T")


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


class IntegerField(BoundedInteger, forms.IntegerField):
    """Django's integer, bounded to what the database holds (``core.bounds.BoundedInteger``):
    without bounds a number like 10**20 passed the form and crashed the query."""


# --- Fields every app's forms declare the same way ----------------------------------------------
def money_field(label: Any, *, min_value: int | None = 0, **kwargs: Any) -> forms.DecimalField:
    """An amount of money as the models store it (12 digits, 2 decimals), typed on a decimal
    keypad; not negative unless ``min_value=None``."""
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=min_value,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


def radio_field(
    label: Any, choices: type[models.Choices] | Choices, **kwargs: Any
) -> forms.ChoiceField:
    """One of a few options, all in view as radio buttons (``choices``: a model's choices class
    or a list)."""
    if isinstance(choices, type):
        choices = list(choices.choices)
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def record_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.TypedChoiceField:
    """A record chosen by id among options filled at run time (``set_choices``); an optional one
    left empty is None."""
    if not required:
        kwargs.setdefault("empty_value", None)
    return forms.TypedChoiceField(label=label, coerce=int, required=required, **kwargs)


def found_record_field(label: Any, *, required_message: Any) -> forms.TypedChoiceField:
    """A record chosen among the search results shown on the same page;
    ``required_message`` tells a person who chose none to search first."""
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def records_field(label: Any, **kwargs: Any) -> forms.TypedMultipleChoiceField:
    """Records ticked by id among options filled at run time; ticking none is allowed."""
    return forms.TypedMultipleChoiceField(
        label=label, required=False, coerce=int, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def search_field(label: Any) -> forms.CharField:
    """A list's search box: words to look for, without the browser's past entries."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )


def checkboxes_field(label: Any, **kwargs: Any) -> forms.MultipleChoiceField:
    """Options ticked among a few, all in view as checkboxes; ticking none is allowed."""
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def input_from(cls: type[T], data: Mapping[str, Any], **values: Any) -> T:
    """A service's input dataclass from a form's cleaned data: each field of the input takes the
    form's value of the same name, unless ``values`` gives it (a renamed or converted one); the
    form's other values are left out and the input's other fields keep their defaults."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{**{name: v for name, v in data.items() if name in names}, **values})


class PickerForm(forms.Form):
    """A form whose ``PICKERS`` fields are chosen with a picker: the chosen options as ticked
    boxes, then those matching what the person typed in ``<name>_q`` (live with htmx, or with a
    Search button without JavaScript). ``make_picker`` finds them (e.g.
    ``training.forms.picker``); ``self.pickers`` holds them for the page."""

    PICKERS: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pickers: dict[str, Any] = {}
        for name in self.PICKERS:
            chosen = getlist(self.data, name) if self.is_bound else self.initial.get(name, [])
            if not isinstance(chosen, list):
                chosen = [chosen] if chosen else []
            query = self.data.get(f"{name}_q", "") if self.is_bound else ""
            self.pickers[name] = self.make_picker(name, chosen, query)
            set_choices(self, name, self.pickers[name].choices)

    def make_picker(self, name: str, chosen: list[Any], query: str) -> Any:
        raise NotImplementedError

    def show_without_errors(self) -> None:
        """For a Search click: show the form again with the matches, without complaining about
        fields the person has not filled in yet."""
        self._errors = ErrorDict()


class VersionedForm(forms.Form):
    """A form that edits a record (``edits=``) and must not save over someone else's change
    (``core.versions``): it carries, hidden, the version the editor started from, for the
    service's ``version=`` (``started_from``). When the service refuses the save as stale, the
    editor's input stays on the form, now over the current version (``add_domain_error``), so
    that saving it again, having compared, is a deliberate choice. Pages render the hidden
    field with the others (``includes/form.html``) or as ``{{ form.version }}``."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, edits: models.Model | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edited = edits
        if edits is not None:
            self.initial = {**self.initial, "version": version_of(edits)}  # type: ignore[arg-type]

    @property
    def started_from(self) -> str | None:
        """The version the edit was made from (None when creating, or from an older page)."""
        return self.cleaned_data.get("version") or None

    def start_again(self) -> None:
        """Keep the input, over the record's current version."""
        if self.edited is None:
            return
        self.edited.refresh_from_db(fields=["updated_at"])
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data["version"] = version_of(self.edited)  # type: ignore[arg-type]
        self.data = data


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form (over the record's
    current version when the save was refused as stale: ``VersionedForm``)."""
    if isinstance(exc, StaleVersion) and isinstance(form, VersionedForm):
        form.start_again()
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def set_organisation_choice(form: forms.Form, name: str, organisations: Any) -> None:
    """The "on behalf of" field of a form: the caller's organisations, hidden when there is
    only one (it is then the answer)."""
    set_choices(form, name, [(o.pk, o.name) for o in organisations])
    if len(organisations) == 1:
        form.fields[name].widget = forms.HiddenInput()
        form.fields[name].initial = organisations[0].pk


def organisation_choice_for(
    form: forms.Form, name: str, organisations: Any, *, fixed: int | None
) -> list[int]:
    """Which of the caller's organisations a record is for: chosen in the field ``name`` when
    creating (``set_organisation_choice``), ``fixed`` once it exists (the field is then left
    out). The ids the record may belong to."""
    if fixed is not None:
        del form.fields[name]
        return [fixed]
    set_organisation_choice(form, name, organisations)
    return [o.pk for o in organisations]


class FilterForm(forms.Form):
    """A list's filters, read from the query string: ``params`` keeps the valid, non-empty ones
    (a malformed value is ignored rather than failing). ``FOLDED`` names the fields that
    ``includes/filters.html`` shows under "Filter", open when one of them is set."""

    FOLDED: tuple[str, ...] = ()
    # Filter boxes where the browser's past entries would get in the way.
    NO_AUTOCOMPLETE: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.NO_AUTOCOMPLETE:
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    def params(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    @property
    def folded_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FOLDED if name in self.fields]

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in self.FOLDED)
