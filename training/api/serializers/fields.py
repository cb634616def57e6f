"""The pieces every training API shape uses: named enums (their own schema components, so the
generated names stay stable), addresses, and small nested references."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from core.api.fields import LinkField, absolute_url, named_choice_field
from core.api.serializers import PartnershipRefSerializer, RefSerializer, SkillRefSerializer
from training.models import Cohort, Enrolment, OutcomeFollowUp, ParticipantImport, Programme, Track


def absolute(context: Mapping[str, Any], name: str, **kwargs: Any) -> str:
    return absolute_url(context, f"training-api:{name}", **kwargs)


def link(name: str) -> LinkField:
    """The record's own address in the training API: ``url = link("programme-detail")``."""
    return LinkField(f"training-api:{name}")


# --- Named enums ------------------------------------------------------------------------------
# "kind", "status", "track" name different choice sets across the API; our own schema
# components keep the generated enum names stable and free of collisions.
ProgrammeKindField = named_choice_field(Programme.Kind, "ProgrammeKindEnum")
ProgrammeStatusField = named_choice_field(Programme.Status, "ProgrammeStatusEnum")
DeliveryModeField = named_choice_field(Programme.DeliveryMode, "DeliveryModeEnum")
ProgrammeTracksField = named_choice_field(Programme.Tracks, "ProgrammeTracksEnum")
TrackField = named_choice_field(Track, "TrainingTrackEnum")
CohortStatusField = named_choice_field(Cohort.Status, "CohortStatusEnum")
EnrolmentStatusField = named_choice_field(Enrolment.Status, "EnrolmentStatusEnum")
EnrolmentSourceField = named_choice_field(Enrolment.Source, "EnrolmentSourceEnum")
AssessmentField = named_choice_field(Enrolment.Assessment, "AssessmentResultEnum")
OutcomeStatusField = named_choice_field(OutcomeFollowUp.Status, "TrainingOutcomeEnum")
WageBandField = named_choice_field(OutcomeFollowUp.WageBand, "WageBandEnum")
ImportStatusField = named_choice_field(ParticipantImport.Status, "ImportStatusEnum")


# --- Small nested shapes ----------------------------------------------------------------------
# Subclasses only for their names: each is a schema component of its own.
class TrainingPartnershipRefSerializer(PartnershipRefSerializer):
    pass


class TrainingSkillRefSerializer(SkillRefSerializer):
    pass


class ProgrammeRefSerializer(RefSerializer):
    title = serializers.CharField()
    provider = serializers.CharField(source="provider.name")


class CohortRefSerializer(RefSerializer):
    code = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = CohortStatusField()


class TrainingReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255, help_text="Why, for the record")
