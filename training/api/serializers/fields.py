"""The pieces every training API shape uses: named enums (their own schema components, so the
generated names stay stable), addresses, and small nested references."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import NamedChoiceField, enum_schema
from training.models import (
    Cohort,
    Enrolment,
    OutcomeFollowUp,
    ParticipantImport,
    Programme,
    Track,
)

COUNTRY_HELP = "ISO 3166-1 alpha-2 code"


def absolute(context: Mapping[str, Any], name: str, **kwargs: Any) -> str:
    path = reverse(f"training-api:{name}", kwargs=kwargs)
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


def verify_url(context: Mapping[str, Any], code: str) -> str:
    """The portal's one public verification page (``core.verification``)."""
    path = reverse("verify", kwargs={"code": code})
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- Named enums ------------------------------------------------------------------------------
# "kind", "status", "track" name different choice sets across the API; our own schema
# components keep the generated enum names stable and free of collisions.


@extend_schema_field(enum_schema(Programme.Kind), component_name="ProgrammeKindEnum")
class ProgrammeKindField(NamedChoiceField):
    choice_set = Programme.Kind


@extend_schema_field(enum_schema(Programme.Status), component_name="ProgrammeStatusEnum")
class ProgrammeStatusField(NamedChoiceField):
    choice_set = Programme.Status


@extend_schema_field(enum_schema(Programme.DeliveryMode), component_name="DeliveryModeEnum")
class DeliveryModeField(NamedChoiceField):
    choice_set = Programme.DeliveryMode


@extend_schema_field(enum_schema(Programme.Tracks), component_name="ProgrammeTracksEnum")
class ProgrammeTracksField(NamedChoiceField):
    choice_set = Programme.Tracks


@extend_schema_field(enum_schema(Track), component_name="TrainingTrackEnum")
class TrackField(NamedChoiceField):
    choice_set = Track


@extend_schema_field(enum_schema(Cohort.Status), component_name="CohortStatusEnum")
class CohortStatusField(NamedChoiceField):
    choice_set = Cohort.Status


@extend_schema_field(enum_schema(Enrolment.Status), component_name="EnrolmentStatusEnum")
class EnrolmentStatusField(NamedChoiceField):
    choice_set = Enrolment.Status


@extend_schema_field(enum_schema(Enrolment.Source), component_name="EnrolmentSourceEnum")
class EnrolmentSourceField(NamedChoiceField):
    choice_set = Enrolment.Source


@extend_schema_field(enum_schema(Enrolment.Assessment), component_name="AssessmentResultEnum")
class AssessmentField(NamedChoiceField):
    choice_set = Enrolment.Assessment


@extend_schema_field(enum_schema(OutcomeFollowUp.Status), component_name="TrainingOutcomeEnum")
class OutcomeStatusField(NamedChoiceField):
    choice_set = OutcomeFollowUp.Status


@extend_schema_field(enum_schema(OutcomeFollowUp.WageBand), component_name="WageBandEnum")
class WageBandField(NamedChoiceField):
    choice_set = OutcomeFollowUp.WageBand


@extend_schema_field(enum_schema(ParticipantImport.Status), component_name="ImportStatusEnum")
class ImportStatusField(NamedChoiceField):
    choice_set = ParticipantImport.Status


def _country(required: bool = True, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        min_length=2, max_length=2, required=required, help_text=COUNTRY_HELP, **kwargs
    )


# --- Small nested shapes ----------------------------------------------------------------------
class TrainingPartnershipRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference_code = serializers.CharField()
    title = serializers.CharField()


class TrainingSkillRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    preferred_label = serializers.CharField(help_text="ESCO preferred label")


class ProgrammeRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    provider = serializers.CharField(source="provider.name")


class CohortRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = CohortStatusField()


class TrainingReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255, help_text="Why, for the record")
