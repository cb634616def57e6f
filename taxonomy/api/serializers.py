from __future__ import annotations

from rest_framework import serializers

from taxonomy.models import (
    CefrLevel,
    Country,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
    Sector,
    Skill,
    SkillCollection,
)


class OccupationSerializer(serializers.ModelSerializer[Occupation]):
    parent_code = serializers.CharField(source="parent.code", default=None, allow_null=True)
    level_name = serializers.CharField(source="get_level_display")

    class Meta:
        model = Occupation
        fields = [
            "id",
            "level",
            "level_name",
            "code",
            "isco_code",
            "esco_uri",
            "title",
            "alt_labels",
            "description",
            "parent_code",
            "regulated_note",
            "status",
        ]


class SkillSerializer(serializers.ModelSerializer[Skill]):
    sector = serializers.ChoiceField(
        choices=Sector.Code.choices,
        source="sector_id",
        allow_null=True,
        read_only=True,
        help_text="The sector of a starter skill; null for transversal and language skills",
    )
    collections: serializers.SlugRelatedField[SkillCollection] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Skill
        fields = [
            "id",
            "uri",
            "preferred_label",
            "alt_labels",
            "description",
            "skill_type",
            "reuse_level",
            "sector",
            "collections",
            "status",
        ]


class SectorSerializer(serializers.ModelSerializer[Sector]):
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField(  # type: ignore[assignment]
        source="__str__", help_text="In the caller's language"
    )

    class Meta:
        model = Sector
        fields = ["code", "label", "rank"]


class CountrySerializer(serializers.ModelSerializer[Country]):
    class Meta:
        model = Country
        fields = ["code", "alpha3", "numeric", "name"]


class LanguageSerializer(serializers.ModelSerializer[Language]):
    class Meta:
        model = Language
        fields = ["code", "name"]


class IscedLevelSerializer(serializers.ModelSerializer[IscedLevel]):
    class Meta:
        model = IscedLevel
        fields = ["level", "title", "skill_level"]


class IscedFieldSerializer(serializers.ModelSerializer[IscedField]):
    class Meta:
        model = IscedField
        fields = ["code", "title", "parent"]


class CefrLevelSerializer(serializers.ModelSerializer[CefrLevel]):
    class Meta:
        model = CefrLevel
        fields = ["code", "rank", "title", "band", "description"]
