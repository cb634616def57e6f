"""What the recognition API answers. What it reads is in ``recognition.api.inputs``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import COUNTRY_HELP
from core.api.moves import AvailableMovesField
from core.api.serializers import (
    ErrorSerializer,
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from core.api.verification import VerificationStatusField, VerifiedDocumentSerializer
from core.verification import VerifiedDocument
from recognition.api.fields import (
    DirectionField,
    MeasureKindField,
    OutcomeField,
    PurposeField,
    RequestStatusField,
    StageField,
)
from recognition.api.inputs import RecognitionMeasureSerializer
from recognition.models import RecognitionRequest
from recognition.presenters import Row
from recognition.services import RECOGNITION_LIFECYCLE

__all__ = ["ErrorSerializer"]


# --- Finder -----------------------------------------------------------------------------------
class CompetentAuthoritySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="organisation.pk")
    name = serializers.CharField(source="organisation.name")
    country = serializers.CharField(source="organisation.country_id")
    region = serializers.CharField(help_text="Empty: the whole country")
    days_to_acknowledge = serializers.IntegerField()
    days_to_decide = serializers.IntegerField()


class RecognitionFinderOutputSerializer(serializers.Serializer[Any]):
    authority = CompetentAuthoritySerializer(
        allow_null=True, help_text="The competent authority; null when none is known"
    )
    regulated = serializers.BooleanField(
        help_text="False: the occupation is not regulated there, so recognition is optional"
    )


# --- Small nested shapes ----------------------------------------------------------------------
class RecognitionPersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")


class RecognitionQualificationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    institution = serializers.CharField()
    country = serializers.CharField(source="country_id", help_text=COUNTRY_HELP)


class RecognitionDeadlinesSerializer(serializers.Serializer[Any]):
    acknowledge_due = serializers.DateField(allow_null=True)
    decision_due = serializers.DateField(
        allow_null=True, help_text="Pushed back by the days the clock was stopped"
    )
    next_due = serializers.DateField(
        allow_null=True, help_text="The next date the authority must meet; null when none"
    )
    overdue = serializers.BooleanField()
    acknowledge_overdue = serializers.BooleanField()
    decision_overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField()
    clock_stopped = serializers.BooleanField(
        help_text="True while the authority waits for the applicant's information"
    )


class RecognitionDecisionOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    stage = StageField()
    outcome = OutcomeField()
    comparable_isced_level = serializers.IntegerField(
        source="comparable_isced_level_id", allow_null=True, help_text="ISCED 2011 level"
    )
    eqf_level = serializers.IntegerField(allow_null=True)
    substantial_differences = serializers.ListField(child=serializers.CharField())
    measures = RecognitionMeasureSerializer(many=True, source="measures.all")
    reasons = serializers.CharField()
    appeal_route = serializers.CharField()
    appeal_deadline = serializers.DateField(allow_null=True)
    verification_code = serializers.CharField()
    decided_at = serializers.DateTimeField()
    valid = serializers.BooleanField(source="is_valid")
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField()


class RecognitionMessageOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    body = serializers.CharField()
    from_applicant = serializers.BooleanField()
    requests_documents = serializers.BooleanField(
        help_text="The authority asked for documents (the clock stopped)"
    )
    created_at = serializers.DateTimeField()


# --- Requests ---------------------------------------------------------------------------------
class _RequestOutputBase(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = RequestStatusField()
    purpose = PurposeField()
    direction = DirectionField()
    applicant = RecognitionPersonRefSerializer()
    qualification = RecognitionQualificationRefSerializer()
    destination_country = serializers.CharField(
        source="destination_country_id", help_text=COUNTRY_HELP
    )
    authority = OrganisationRefSerializer()
    target_occupation = OccupationRefSerializer(allow_null=True)
    assigned_officer = RecognitionPersonRefSerializer(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(RecognitionDeadlinesSerializer)
    def get_deadlines(self, obj: RecognitionRequest) -> dict[str, Any]:
        """From ``context["rows"]``: the view computes each row's deadlines once (and sorts)."""
        row: Row = self.context["rows"][obj.pk]
        values = {**vars(row.deadlines), "overdue": row.deadlines.overdue, "next_due": row.next_due}
        return dict(RecognitionDeadlinesSerializer(values).data)


class RecognitionRequestListOutputSerializer(_RequestOutputBase):
    pass


class RecognitionRequestDetailOutputSerializer(_RequestOutputBase):
    documents_missing = serializers.BooleanField()
    counterpart = serializers.IntegerField(source="counterpart_id", allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    file_complete_at = serializers.DateTimeField(allow_null=True)
    stopped_days = serializers.IntegerField(help_text="Days the clock was stopped so far")
    updated_at = serializers.DateTimeField()
    decisions = RecognitionDecisionOutputSerializer(many=True, source="decisions.all")
    messages = RecognitionMessageOutputSerializer(many=True, source="messages.all")
    available_actions = AvailableMovesField(RECOGNITION_LIFECYCLE, "recognition-api")


class RecognitionAssignOutputSerializer(serializers.Serializer[dict[str, Any]]):
    assigned = serializers.IntegerField(help_text="Requests whose officer changed")


# --- Precedents -------------------------------------------------------------------------------
class RecognitionPrecedentOutputSerializer(serializers.Serializer[Any]):
    """An earlier decision on the same qualification: no applicant data."""

    id = serializers.IntegerField()
    reference = serializers.CharField(source="request.reference")
    authority = serializers.CharField(source="request.authority.name")
    qualification = serializers.CharField(source="request.qualification.title")
    institution = serializers.CharField(source="request.qualification.institution")
    stage = StageField()
    outcome = OutcomeField()
    comparable_isced_level = serializers.IntegerField(
        source="comparable_isced_level_id", allow_null=True
    )
    eqf_level = serializers.IntegerField(allow_null=True)
    substantial_differences = serializers.ListField(child=serializers.CharField())
    measures = RecognitionMeasureSerializer(many=True, source="measures.all")
    decided_at = serializers.DateTimeField()


# --- Public verification ----------------------------------------------------------------------
# The decision's facts come from the ``VerifiedDocument`` that ``recognition.presenters``
# resolves for the portal's one verification mechanism (``core.verification``).
class VerifiedQualificationSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    country = serializers.CharField(help_text=COUNTRY_HELP)


class VerifiedAuthoritySerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    country = serializers.CharField(help_text=COUNTRY_HELP)


class RecognitionDecisionFactsSerializer(serializers.Serializer[VerifiedDocument]):
    outcome = OutcomeField(source="extra.outcome")
    stage = StageField(source="extra.stage")
    compensation_measures = serializers.ListField(
        child=MeasureKindField(),
        source="extra.compensation_measures",
        help_text="Kinds of the compensation measures imposed",
    )
    qualification = VerifiedQualificationSerializer(source="extra.qualification")
    authority = VerifiedAuthoritySerializer(source="extra.authority")
    decided_on = serializers.DateField(source="extra.decided_on")


class RecognitionVerificationSerializer(RecognitionDecisionFactsSerializer):
    """The public essentials of a decision at ``/api/v1/recognition/verify/<code>/``: never
    names, birth date, contact, documents or reasons."""

    code = serializers.CharField()
    status = VerificationStatusField()
    revoked_on = serializers.DateField(allow_null=True)
    holder_initials = serializers.CharField(help_text='e.g. "A. H."; "—" once erased')


class RecognitionDecisionDocumentSerializer(
    VerifiedDocumentSerializer, RecognitionDecisionFactsSerializer
):
    """A recognition decision at the portal's one verification address: the common keys of
    every document, and the keys a decision's verification JSON has always had."""
