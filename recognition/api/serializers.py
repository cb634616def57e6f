"""Shapes of the recognition API. Input serializers check types, presence and choices only;
every business rule (the qualification is the applicant's, the authority is competent, a partial
recognition names its measures, the appeal deadline lies ahead...) is checked by the services,
which raise ``DomainValidationError`` -> 400 or ``InvalidTransition``/``ConflictError`` -> 409.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField, NamedChoiceField, enum_schema, id_list
from core.api.serializers import (
    ErrorSerializer,
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from core.api.verification import VerificationStatusField, VerifiedDocumentSerializer
from core.verification import VerifiedDocument
from recognition.models import (
    CompensationMeasure,
    Decision,
    RecognitionRequest,
)
from recognition.presenters import Row

__all__ = ["ErrorSerializer"]

COUNTRY_HELP = "ISO 3166-1 alpha-2 code"


# --- Named enums ------------------------------------------------------------------------------
# "status", "kind", "outcome" name different choice sets across the API; our own schema
# components keep the generated enum names stable and free of collisions.


@extend_schema_field(enum_schema(RecognitionRequest.Status), component_name="RecognitionStatusEnum")
class RequestStatusField(NamedChoiceField):
    choice_set = RecognitionRequest.Status


@extend_schema_field(
    enum_schema(RecognitionRequest.Purpose), component_name="RecognitionPurposeEnum"
)
class PurposeField(NamedChoiceField):
    choice_set = RecognitionRequest.Purpose


@extend_schema_field(
    enum_schema(RecognitionRequest.Direction), component_name="RecognitionDirectionEnum"
)
class DirectionField(NamedChoiceField):
    choice_set = RecognitionRequest.Direction


@extend_schema_field(enum_schema(Decision.Outcome), component_name="DecisionOutcomeEnum")
class OutcomeField(NamedChoiceField):
    choice_set = Decision.Outcome


@extend_schema_field(enum_schema(Decision.Stage), component_name="DecisionStageEnum")
class StageField(NamedChoiceField):
    choice_set = Decision.Stage


@extend_schema_field(
    enum_schema(CompensationMeasure.Kind), component_name="CompensationMeasureKindEnum"
)
class MeasureKindField(NamedChoiceField):
    choice_set = CompensationMeasure.Kind


def _country(required: bool = True) -> serializers.CharField:
    return serializers.CharField(
        min_length=2, max_length=2, required=required, help_text=COUNTRY_HELP
    )


# --- Finder -----------------------------------------------------------------------------------
class RecognitionFinderQuerySerializer(serializers.Serializer[dict[str, Any]]):
    country = _country()
    occupation = IdField(required=False, help_text="Target occupation id (taxonomy)")


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


class RecognitionActionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="Step name, e.g. start_screening")
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    url = serializers.CharField(help_text="POST here to take the step")


class RecognitionMeasureSerializer(serializers.Serializer[Any]):
    kind = MeasureKindField()
    description = serializers.CharField()
    duration_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=120, default=None
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
class RecognitionRequestFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list. Officers' queue: all of them; applicants: ``status``."""

    status = RequestStatusField(required=False)
    occupation = serializers.RegexField(
        r"^\d{1,4}$",
        required=False,
        help_text="ISCO-08 code or code prefix of the target occupation (officers)",
    )
    origin = serializers.CharField(
        min_length=2,
        max_length=2,
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
    destination_country = _country()
    authority = IdField(help_text="Organisation id of the recognition authority")
    purpose = PurposeField()
    target_occupation = IdField(
        required=False, allow_null=True, default=None, help_text="Required for a regulated job"
    )
    direction = DirectionField(required=False, default=RecognitionRequest.Direction.STANDARD)
    counterpart = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The applicant's request on the same qualification in the other country",
    )
    documents_missing = serializers.BooleanField(required=False, default=False)


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
    available_actions = serializers.SerializerMethodField()

    @extend_schema_field(RecognitionActionSerializer(many=True))
    def get_available_actions(self, obj: RecognitionRequest) -> list[dict[str, Any]]:
        return list(self.context.get("available_actions", []))


# --- Step bodies ------------------------------------------------------------------------------
class RecognitionMessageInputSerializer(serializers.Serializer[dict[str, Any]]):
    message = serializers.CharField(max_length=5000, help_text="What is sent, asked or answered")


class RecognitionReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=5000)


class RecognitionRevokeInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255)


class RecognitionDecideInputSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = OutcomeField()
    comparable_isced_level = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=8
    )
    eqf_level = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=8
    )
    substantial_differences = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
    )
    measures = RecognitionMeasureSerializer(many=True, required=False, default=list)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    appeal_route = serializers.CharField(required=False, allow_blank=True, default="")
    appeal_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class RecognitionAssignInputSerializer(serializers.Serializer[dict[str, Any]]):
    request_ids = id_list(min_length=1, max_length=200)
    officer = IdField(help_text="User id of an officer of the authority")


class RecognitionAssignOutputSerializer(serializers.Serializer[dict[str, Any]]):
    assigned = serializers.IntegerField(help_text="Requests whose officer changed")


class RecognitionMessagePostInputSerializer(serializers.Serializer[dict[str, Any]]):
    body = serializers.CharField(max_length=5000)


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
