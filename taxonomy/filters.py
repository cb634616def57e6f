from __future__ import annotations

import django_filters

from taxonomy.models import Occupation, Sector, Skill


class OccupationFilter(django_filters.FilterSet):
    level = django_filters.TypedMultipleChoiceFilter(
        choices=Occupation.Level.choices, coerce=int, help_text="1-4 ISCO-08 levels, 5 ESCO"
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", help_text="ISCO-08 code of the parent group, e.g. 22"
    )
    isco = django_filters.CharFilter(
        field_name="isco_code", lookup_expr="startswith", help_text="Everything under an ISCO code"
    )

    class Meta:
        model = Occupation
        fields = ["level", "parent", "isco", "status", "source"]


class SkillFilter(django_filters.FilterSet):
    collection = django_filters.CharFilter(field_name="collections__code")
    sector = django_filters.ChoiceFilter(choices=Sector.Code.choices)

    class Meta:
        model = Skill
        fields = ["skill_type", "reuse_level", "sector", "collection", "status", "source"]
