"""Choices from the reference data, for every form that names a country, a currency, a language, an
occupation, an ISCED level or field, or a CEFR level.

Long code lists are native ``<select>`` elements: a phone shows them in its own scrolling picker,
and a keyboard can jump by typing the first letters. Occupations are the 436 ISCO-08 unit groups,
grouped under their major group, so the list stays the same size when ESCO is imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Choices
from taxonomy.models import (
    CefrLevel,
    ConceptStatus,
    Country,
    Currency,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
)


def ltr_widget(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"dir": "ltr", "spellcheck": "false", **attrs})


def country_choices(empty: Any = None) -> Choices:
    return [("", empty or _("Choose a country…")), *Country.objects.values_list("code", "name")]


def currency_choices() -> Choices:
    return [("", _("Choose…")), *((c.code, str(c)) for c in Currency.objects.all())]


def language_choices() -> Choices:
    return [("", _("Choose a language…")), *Language.objects.values_list("code", "name")]


def occupation_choices(extra_ids: Iterable[int] = ()) -> Choices:
    """ISCO-08 unit groups under their major group, plus any occupation already chosen."""
    majors = dict(
        Occupation.objects.filter(level=Occupation.Level.MAJOR).values_list("code", "title")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    units = Occupation.objects.filter(
        level=Occupation.Level.UNIT, status=ConceptStatus.ACTIVE
    ).values_list("pk", "code", "title", "isco_code")
    for pk, code, title, isco in units:
        groups.setdefault(isco[:1], []).append((pk, f"{code} {title}"))
    unit_ids = {pk for pk, *_rest in units}
    others = [
        (o.pk, str(o))
        for o in Occupation.objects.filter(pk__in=set(extra_ids) - unit_ids).only(
            "pk", "code", "title"
        )
    ]
    choices: Choices = [("", _("Choose an occupation…"))]
    if others:
        choices.append((_("Already chosen"), others))
    for major, options in sorted(groups.items()):
        choices.append((f"{major} {majors.get(major, '')}".strip(), options))
    return choices


def isced_level_choices() -> Choices:
    return [
        ("", _("Choose a level…")),
        *[(level.pk, str(level)) for level in IscedLevel.objects.all()],
    ]


def isced_field_choices() -> Choices:
    """ISCED-F 2013 narrow fields grouped under their broad field."""
    fields = list(IscedField.objects.all())
    broad = {f.code: f for f in fields if f.parent_id is None}
    choices: Choices = [("", _("Not applicable or not sure"))]
    for code, parent in broad.items():
        children = [(f.code, str(f)) for f in fields if f.parent_id == code]
        choices.append((str(parent), [(parent.code, str(parent)), *children]))
    return choices


def cefr_choices() -> Choices:
    return [("", _("Level…")), *[(c.code, str(c)) for c in CefrLevel.objects.all()]]
