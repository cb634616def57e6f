from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api.pagination import StableCursorPagination
from taxonomy.api import serializers as s
from taxonomy.filters import OccupationFilter, SkillFilter
from taxonomy.models import (
    CefrLevel,
    Country,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
    Sector,
    Skill,
)
from taxonomy.permissions import REFERENCE_READERS
from taxonomy.selectors import occupation_list, skill_list

_SEARCH = OpenApiParameter(
    "q", OpenApiTypes.STR, description="Words that must all appear in the label or alt labels"
)
_DEPRECATED = OpenApiParameter(
    "include_deprecated", OpenApiTypes.BOOL, description="Also list deprecated concepts"
)


def _flag(params: Any, name: str) -> bool:
    return str(params.get(name, "")).lower() in {"1", "true", "yes"}


@extend_schema_view(list=extend_schema(parameters=[_SEARCH, _DEPRECATED]))
class OccupationViewSet(viewsets.ReadOnlyModelViewSet[Occupation]):
    """ISCO-08 groups (levels 1-4) and ESCO occupations (level 5)."""

    access = REFERENCE_READERS
    serializer_class = s.OccupationSerializer
    filterset_class = OccupationFilter
    lookup_value_converter = "id"
    pagination_class = StableCursorPagination

    def get_queryset(self) -> QuerySet[Occupation]:
        params = self.request.query_params
        return occupation_list(
            search=params.get("q", ""), include_deprecated=_flag(params, "include_deprecated")
        )


@extend_schema_view(list=extend_schema(parameters=[_SEARCH, _DEPRECATED]))
class SkillViewSet(viewsets.ReadOnlyModelViewSet[Skill]):
    """ESCO skills and knowledge concepts (and the starter set)."""

    access = REFERENCE_READERS
    serializer_class = s.SkillSerializer
    filterset_class = SkillFilter
    lookup_value_converter = "id"
    pagination_class = StableCursorPagination

    def get_queryset(self) -> QuerySet[Skill]:
        params = self.request.query_params
        return skill_list(
            search=params.get("q", ""), include_deprecated=_flag(params, "include_deprecated")
        ).distinct()


class SectorViewSet(viewsets.ReadOnlyModelViewSet[Sector]):
    """The economic sectors partnerships, programmes and vacancies are tagged with."""

    access = REFERENCE_READERS
    serializer_class = s.SectorSerializer
    queryset = Sector.objects.all()
    pagination_class = None


class CountryViewSet(viewsets.ReadOnlyModelViewSet[Country]):
    access = REFERENCE_READERS
    serializer_class = s.CountrySerializer
    queryset = Country.objects.all()
    pagination_class = None


class LanguageViewSet(viewsets.ReadOnlyModelViewSet[Language]):
    access = REFERENCE_READERS
    serializer_class = s.LanguageSerializer
    queryset = Language.objects.all()
    pagination_class = None


class IscedLevelViewSet(viewsets.ReadOnlyModelViewSet[IscedLevel]):
    access = REFERENCE_READERS
    serializer_class = s.IscedLevelSerializer
    queryset = IscedLevel.objects.all()
    pagination_class = None


class IscedFieldViewSet(viewsets.ReadOnlyModelViewSet[IscedField]):
    access = REFERENCE_READERS
    serializer_class = s.IscedFieldSerializer
    queryset = IscedField.objects.all()
    pagination_class = None


class CefrLevelViewSet(viewsets.ReadOnlyModelViewSet[CefrLevel]):
    access = REFERENCE_READERS
    serializer_class = s.CefrLevelSerializer
    queryset = CefrLevel.objects.all()
    pagination_class = None
