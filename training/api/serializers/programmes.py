"""Programmes and their funding lines."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.fields import (
    COUNTRY_HELP,
    OPTIONAL,
    OPTIONAL_TEXT,
    IdField,
    country_field,
    id_list,
    language_field,
)
from core.api.moves import AvailableMovesField
from core.api.serializers import OccupationRefSerializer, OrganisationRefSerializer
from taxonomy.models import Sector
from training.api.serializers.fields import (
    DeliveryModeField,
    ProgrammeKindField,
    ProgrammeStatusField,
    ProgrammeTracksField,
    TrainingPartnershipRefSerializer,
    TrainingSkillRefSerializer,
    link,
)
from training.models import Programme
from training.services import PROGRAMME_LIFECYCLE


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list; ``programme_list_for_user`` applies them."""

    status = ProgrammeStatusField(required=False)
    kind = ProgrammeKindField(required=False)
    sector = serializers.ChoiceField(choices=Sector.Code.choices, required=False)
    partnership = IdField(required=False)
    provider = IdField(required=False, help_text="Organisation id")
    country = country_field(required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words in the title or summary"
    )


class ProgrammeUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The whole description; on PUT every field given replaces the current one."""

    partnership = IdField(**OPTIONAL, help_text="Partnership id, if linked")
    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(**OPTIONAL_TEXT)
    kind = ProgrammeKindField()
    sector = serializers.ChoiceField(
        choices=Sector.Code.choices,
        **OPTIONAL,
        help_text="The economic sector (taxonomy's list); optional",
    )
    delivery_mode = DeliveryModeField(required=False, default=Programme.DeliveryMode.IN_PERSON)
    occupations = id_list(required=False, default=list, help_text="Occupation ids (ISCO-08/ESCO)")
    skills = id_list(required=False, default=list, help_text="ESCO skill ids taught")
    location_country = country_field()
    hours = serializers.IntegerField(min_value=1, max_value=10000)
    language = language_field(help_text="Language of instruction, ISO 639-1 code")
    certification_title = serializers.CharField(
        **OPTIONAL_TEXT,
        max_length=255,
        help_text="Empty: the programme awards no certification",
    )
    certification_isced_level = serializers.IntegerField(**OPTIONAL, min_value=0, max_value=8)
    awarding_body = serializers.CharField(**OPTIONAL_TEXT, max_length=255)
    tracks = ProgrammeTracksField(required=False, default=Programme.Tracks.BOTH)
    cost_per_trainee = serializers.DecimalField(max_digits=12, decimal_places=2, **OPTIONAL)
    currency = serializers.CharField(
        min_length=3,
        max_length=3,
        **OPTIONAL,
        help_text="ISO 4217 code",
    )


class ProgrammeCreateInputSerializer(ProgrammeUpdateInputSerializer):
    provider = IdField(
        **OPTIONAL,
        help_text="Organisation id of the provider; default: the caller's one training provider",
    )


class _ProgrammeOutputBase(serializers.Serializer[Programme]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = ProgrammeKindField()
    status = ProgrammeStatusField()
    sector = serializers.ChoiceField(
        choices=Sector.Code.choices, source="sector_id", allow_null=True
    )
    provider = OrganisationRefSerializer()
    partnership = TrainingPartnershipRefSerializer(allow_null=True)
    location_country = serializers.CharField(source="location_country_id", help_text=COUNTRY_HELP)
    delivery_mode = DeliveryModeField()
    hours = serializers.IntegerField()
    tracks = ProgrammeTracksField()
    url = link("programme-detail")


class ProgrammeListOutputSerializer(_ProgrammeOutputBase):
    cohort_count = serializers.IntegerField()


class FundingLineOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    payer = OrganisationRefSerializer()
    amount_per_trainee = serializers.DecimalField(max_digits=12, decimal_places=2)


class FundingLineInputSerializer(serializers.Serializer[dict[str, Any]]):
    payer = IdField(help_text="Organisation id of a member of the partnership")
    amount_per_trainee = serializers.DecimalField(max_digits=12, decimal_places=2)


class ProgrammeDetailOutputSerializer(_ProgrammeOutputBase):
    summary = serializers.CharField()
    occupations = OccupationRefSerializer(many=True, source="occupations.all")
    skills = TrainingSkillRefSerializer(many=True, source="skills.all")
    language = serializers.CharField(source="language_id", help_text="ISO 639-1 code")
    certification_title = serializers.CharField()
    certification_isced_level = serializers.IntegerField(
        source="certification_isced_level_id", allow_null=True, help_text="ISCED 2011 level"
    )
    awarding_body = serializers.CharField()
    cost_per_trainee = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField(source="currency_id", allow_null=True)
    funding = FundingLineOutputSerializer(many=True, source="funding.all")
    available_actions = AvailableMovesField(PROGRAMME_LIFECYCLE, "training-api")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
