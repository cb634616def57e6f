from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from core.api.pagination import StableCursorPagination
from taxonomy.api import serializers as s
from taxonomy.filters import OccupationFilter, SkillFilter
from taxonomy.models import Occupation, Skill
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


# No docstring: each list's own is its description in the schema.
class _ConceptViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    # A classification's concepts: looked up by id, searched (``q``, ``include_deprecated``
    # read by ``selection``), paged by cursor.
    access = REFERENCE_READERS
    lookup_value_converter = "id"
    pagination_class = StableCursorPagination

    def selection(self) -> dict[str, Any]:
        """The selector's arguments from the query string."""
        params = self.request.query_params
        return {
            "search": params.get("q", ""),
            "include_deprecated": _flag(params, "include_deprecated"),
        }


@extend_schema_view(list=extend_schema(parameters=[_SEARCH, _DEPRECATED]))
class OccupationViewSet(_ConceptViewSet):
    """ISCO-08 groups (levels 1-4) and ESCO occupations (level 5)."""

    serializer_class = s.OccupationSerializer
    filterset_class = OccupationFilter

    def get_queryset(self) -> QuerySet[Occupation]:
        return occupation_list(**self.selection())


@extend_schema_view(list=extend_schema(parameters=[_SEARCH, _DEPRECATED]))
class SkillViewSet(_ConceptViewSet):
    """ESCO skills and knowledge concepts (and the starter set)."""

    serializer_class = s.SkillSerializer
    filterset_class = SkillFilter

    def get_queryset(self) -> QuerySet[Skill]:
        return skill_list(**self.selection()).distinct()


def _short_list(
    serializer: type[serializers.ModelSerializer[Any]], doc: str | None = None
) -> type[viewsets.ReadOnlyModelViewSet[Any]]:
    """A short reference list for any signed-in user: every row, unpaginated."""
    model: type[models.Model] = serializer.Meta.model
    return type(
        f"{model.__name__}ViewSet",
        (viewsets.ReadOnlyModelViewSet,),
        {
            "access": REFERENCE_READERS,
            "serializer_class": serializer,
            "queryset": model._default_manager.all(),
            "pagination_class": None,
            "__doc__": doc,
            "__module__": __name__,
        },
    )


SectorViewSet = _short_list(
    s.SectorSerializer,
    "The economic sectors partnerships, programmes and vacancies are tagged with.",
)
CountryViewSet = _short_list(s.CountrySerializer)
LanguageViewSet = _short_list(s.LanguageSerializer)
IscedLevelViewSet = _short_list(s.IscedLevelSerializer)
IscedFieldViewSet = _short_list(s.IscedFieldSerializer)
CefrLevelViewSet = _short_list(s.CefrLevelSerializer)
