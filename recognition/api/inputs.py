"""What the recognition API reads: query parameters and bodies. They check types, presence and
choices only; every business rule (the qualification is the applicant's, the authority is
competent, a partial recognition names its measures, the appeal deadline lies ahead...) is
checked by the services, which raise ``DomainValidationError`` -> 400 or
``InvalidTransition``/``ConflictError`` -> 409. The step bodies are named in
``recognition.services.lifecycle``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.fields import OPTIONAL, OPTIONAL_TEXT, IdField, country_field, id_list
from recognition.api.fields import (
    DirectionField,
    MeasureKindField,
    OutcomeField,
    PurposeField,
    RequestStatusField,
)
from recognition.models import RecognitionRequest


# --- Finder and lists -------------------------------------------------------------------------
class RecognitionFinderQuerySerializer(serializers.Serializer[dict[str, Any]]):
    country = country_field()
    occupation = IdField(required=False, help_text="Target occupation id (taxonomy)")


class RecognitionRequestFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list. Officers' queue: all of them; applicants: ``status``."""

    status = RequestStatusField(required=False)
    occupation = serializers.RegexField(
        r"^\d{1,4}$",
        required=False,
        help_text="ISCO-08 code or code prefix of the target occupation (officers)",
    )
    origin = country_field(
        required=False,
        help_text="Country where the qualification was awarded, ISO alpha-2 (officers)",
    )
    mine = serializers.BooleanField(
        required=False, default=False, help_text="Only requests assigned to me (officers)"
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only overdue requests (officers)"
    )
    due_soon = serializers.BooleanField(
        required=False, default=False, help_text="Only requests due within a week (officers)"
    )


class RecognitionRequestCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    qualification = IdField(help_text="One of the applicant's qualifications")
    destination_country = country_field()
    authority = IdField(help_text="Organisation id of the recognition authority")
    purpose = PurposeField()
    target_occupation = IdField(**OPTIONAL, help_text="Required for a regulated job")
    direction = DirectionField(required=False, default=RecognitionRequest.Direction.STANDARD)
    counterpart = IdField(
        **OPTIONAL,
        help_text="The applicant's request on the same qualification in the other country",
    )
    documents_missing = serializers.BooleanField(required=False, default=False)


# --- Step bodies and commands -----------------------------------------------------------------
class RecognitionMeasureSerializer(serializers.Serializer[Any]):
    kind = MeasureKindField()
    description = serializers.CharField()
    duration_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=120, default=None
    )


class RecognitionMessageInputSerializer(serializers.Serializer[dict[str, Any]]):
    message = serializers.CharField(max_length=5000, help_text="What is sent, asked or answered")


class RecognitionReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=5000)


class RecognitionRevokeInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255)


class RecognitionDecideInputSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = OutcomeField()
    comparable_isced_level = serializers.IntegerField(**OPTIONAL, min_value=0, max_value=8)
    eqf_level = serializers.IntegerField(**OPTIONAL, min_value=1, max_value=8)
    substantial_differences = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
    )
    measures = RecognitionMeasureSerializer(many=True, required=False, default=list)
    reasons = serializers.CharField(**OPTIONAL_TEXT)
    appeal_route = serializers.CharField(**OPTIONAL_TEXT)
    appeal_deadline = serializers.DateField(**OPTIONAL)


class RecognitionAssignInputSerializer(serializers.Serializer[dict[str, Any]]):
    request_ids = id_list(min_length=1, max_length=200)
    officer = IdField(help_text="User id of an officer of the authority")


class RecognitionMessagePostInputSerializer(serializers.Serializer[dict[str, Any]]):
    body = serializers.CharField(max_length=5000)
