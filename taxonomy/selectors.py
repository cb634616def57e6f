"""Reads of reference data. Reference data is visible to every signed-in user."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from taxonomy.models import ConceptStatus, Occupation, Skill

_M = TypeVar("_M", bound=models.Model)


def _text_filter(qs: QuerySet[_M], text: str) -> QuerySet[_M]:
    # Every word must appear in the label or an alternative label, in any order.
    for word in text.lower().split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def occupation_list(*, search: str = "", include_deprecated: bool = False) -> QuerySet[Occupation]:
    qs = Occupation.objects.select_related("parent")
    if not include_deprecated:
        qs = qs.filter(status=ConceptStatus.ACTIVE)
    if search:
        code = search.strip()
        qs = qs.filter(Q(code__startswith=code)) if code.isdigit() else _text_filter(qs, search)
    return qs


def skill_list(*, search: str = "", include_deprecated: bool = False) -> QuerySet[Skill]:
    qs = Skill.objects.select_related("sector").prefetch_related("collections")
    if not include_deprecated:
        qs = qs.filter(status=ConceptStatus.ACTIVE)
    if search:
        qs = _text_filter(qs, search)
    return qs


def isco_major_groups() -> QuerySet[Occupation]:
    return Occupation.objects.filter(level=Occupation.Level.MAJOR).order_by("code")


def occupation_children(*, parent: Occupation) -> QuerySet[Occupation]:
    return parent.children.filter(status=ConceptStatus.ACTIVE).order_by("code", "title")
