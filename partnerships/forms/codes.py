"""Short code lists typed into the officer forms ("MA, TN", "MA-BE", "2512, 2221"):
quicker than scrolling a list of 250 countries or 436 ISCO unit groups, usable on a phone, and
every unknown entry is named in the error message.
"""

from __future__ import annotations

import re

from django import forms
from django.db import models

from partnerships.models import Partnership
from taxonomy.models import Country

# Hyphen, en or em dash, arrow, "->", ">" or "/" between two country codes.
CORRIDOR = re.compile(r"^([A-Za-z]{2})\s*(?:-|\u2013|\u2014|\u2192|->|>|/)\s*([A-Za-z]{2})$")
_LIST_SPLIT = re.compile(r"[,;\n]+")


def model_field_label(name: str) -> str:
    """The capitalised verbose name of a ``Partnership`` field, e.g. a safeguard."""
    model_field = Partnership._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return str(model_field.verbose_name).capitalize()


def split_entries(value: str) -> list[str]:
    """The entries of a typed list, separated by commas, semicolons or lines."""
    return [e.strip() for e in _LIST_SPLIT.split(value or "") if e.strip()]


def code_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"})


class CountryLookup:
    """ISO 3166-1 alpha-2 codes and English names, loaded once per form (about 250 rows)."""

    def __init__(self) -> None:
        countries = list(Country.objects.only("code", "name"))
        self.by_code = {c.code: c for c in countries}
        self.by_name = {c.name.casefold(): c for c in countries}

    def code(self, entry: str) -> str | None:
        text = entry.strip()
        if text.upper() in self.by_code:
            return text.upper()
        country = self.by_name.get(text.casefold())
        return country.code if country else None
