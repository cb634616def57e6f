"""Cohorts, with their seat counts and indicators."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.fields import COUNTRY_HELP, OPTIONAL_TEXT, IdField, IntegerField, country_field
from core.api.moves import AvailableMovesField
from training.api.serializers.fields import (
    CohortStatusField,
    ProgrammeRefSerializer,
    link,
)
from training.models import Cohort
from training.services import COHORT_LIFECYCLE


# --- Cohorts ----------------------------------------------------------------------------------
class CohortFilterSerializer(serializers.Serializer[dict[str, Any]]):
    programme = IdField(required=False)
    status = CohortStatusField(required=False)


class CohortUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(max_length=40)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = IntegerField(column=(Cohort, "capacity"), min_value=1)
    location_country = country_field(
        **OPTIONAL_TEXT,
        help_text="ISO 3166-1 alpha-2 code; default: where the programme takes place",
    )
    location_city = serializers.CharField(**OPTIONAL_TEXT, max_length=120)


class CohortCreateInputSerializer(CohortUpdateInputSerializer):
    programme = IdField(help_text="Id of one of the caller's programmes")


class CohortProgrammeInputSerializer(serializers.Serializer[dict[str, Any]]):
    """Read first, so the programme is authorised before the rest of the body is examined."""

    programme = IdField(help_text="Id of one of the caller's programmes")


class _CohortOutputBase(serializers.Serializer[Cohort]):
    id = serializers.IntegerField()
    programme = ProgrammeRefSerializer()
    code = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = serializers.IntegerField()
    location_city = serializers.CharField()
    location_country = serializers.CharField(source="location_country_id", help_text=COUNTRY_HELP)
    status = CohortStatusField()
    cancel_reason = serializers.CharField()
    seated = serializers.IntegerField(help_text="Selected, enrolled, completed or certified")
    applicants = serializers.IntegerField(help_text="Applied, not yet selected")
    url = link("cohort-detail")


class CohortListOutputSerializer(_CohortOutputBase):
    pass


class CohortDetailOutputSerializer(_CohortOutputBase):
    available_actions = AvailableMovesField(COHORT_LIFECYCLE, "training-api")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class TrainingTargetSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    people_to_train = serializers.IntegerField()
    home_track_placements = serializers.IntegerField()
    away_track_placements = serializers.IntegerField()
    min_women_share = serializers.IntegerField(allow_null=True, help_text="Percent")


class _PercentField(serializers.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=5, decimal_places=1, allow_null=True, **kwargs)


class CohortIndicatorsOutputSerializer(serializers.Serializer[Any]):
    """``training.selectors.cohort_indicators``; percentages are null when their base is 0."""

    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text="Participants per enrolment status"
    )
    participants = serializers.IntegerField()
    started = serializers.IntegerField(help_text="Ever enrolled: the base of the rates")
    completion_rate = _PercentField()
    certification_rate = _PercentField(help_text="Of those who completed")
    dropout_rate = _PercentField()
    women_share = _PercentField(help_text="Among those who started")
    home = serializers.IntegerField(help_text="Started on the home track")
    away = serializers.IntegerField(help_text="Started on the away track")
    followed_up = serializers.IntegerField(help_text="Finishers with at least one follow-up")
    outcome_rates = serializers.DictField(
        child=_PercentField(),
        help_text="Share of followed-up finishers in each situation at their latest follow-up",
    )
    employed_rate = _PercentField()
    target = TrainingTargetSerializer(
        allow_null=True,
        help_text="The partnership's target for the year the cohort ends; null when none",
    )
    target_away_share = serializers.IntegerField(
        allow_null=True, help_text="The partnership's target share on the away track, percent"
    )
