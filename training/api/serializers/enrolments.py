"""Participants (personal data: see the package's docstring), their enrolments and
certificates."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    COUNTRY_HELP,
    OPTIONAL,
    OPTIONAL_TEXT,
    IdField,
    absolute_url,
    country_field,
    id_list,
)
from core.api.moves import AvailableMovesField
from core.api.serializers import OccupationRefSerializer
from migrants.models import MigrantProfile
from training.api.serializers.fields import (
    AssessmentField,
    CohortRefSerializer,
    EnrolmentSourceField,
    EnrolmentStatusField,
    OutcomeStatusField,
    ProgrammeRefSerializer,
    TrackField,
    WageBandField,
    link,
)
from training.models import Certificate, Enrolment, OutcomeFollowUp
from training.services import ENROLMENT_LIFECYCLE


# --- Participants (personal data) -------------------------------------------------------------
class ParticipantIdentitySerializer(serializers.Serializer[MigrantProfile]):
    profile = serializers.IntegerField(source="pk", help_text="Migrant profile id")
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.ChoiceField(choices=MigrantProfile.Sex.choices)
    nationality = serializers.CharField(source="nationality_id", allow_null=True)
    contact_email = serializers.CharField()
    phone = serializers.CharField()


class TrainingParticipantSerializer(serializers.Serializer[Enrolment]):
    """Who is enrolled: the pseudonym for every reader; the identity only for the provider's
    staff and the person themself, else null."""

    pseudonym = serializers.CharField(source="profile.pseudonym")
    identity = serializers.SerializerMethodField()
    participant_ref = serializers.SerializerMethodField()

    def _shows(self, enrolment: Enrolment) -> bool:
        shows: Any = self.context.get("identity_for")
        return bool(shows and shows(enrolment))

    @extend_schema_field(
        ParticipantIdentitySerializer(
            allow_null=True,
            help_text="Null for partnership officers, who monitor without personal data",
        )
    )
    def get_identity(self, enrolment: Enrolment) -> dict[str, Any] | None:
        if not self._shows(enrolment):
            return None
        return dict(ParticipantIdentitySerializer(enrolment.profile).data)

    @extend_schema_field(
        serializers.CharField(
            allow_null=True, help_text="The provider's own reference for the person"
        )
    )
    def get_participant_ref(self, enrolment: Enrolment) -> str | None:
        return enrolment.participant_ref if self._shows(enrolment) else None


# --- Certificates -----------------------------------------------------------------------------
class CertificateSummarySerializer(serializers.Serializer[Certificate]):
    """The verification code is the holder's to give (the public page shows their initials):
    null for whoever sees the holder by pseudonym only (``identity_for`` in the context)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    verification_code = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    valid = serializers.BooleanField(source="is_valid")
    issued_at = serializers.DateTimeField()
    url = link("certificate-detail")

    def _code(self, obj: Certificate) -> str | None:
        shows: Any = self.context.get("identity_for")
        return obj.verification_code if shows and shows(obj.enrolment) else None

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="Null for partnership officers")
    )
    def get_verification_code(self, obj: Certificate) -> str | None:
        return self._code(obj)

    @extend_schema_field(
        serializers.URLField(allow_null=True, help_text="Null for partnership officers")
    )
    def get_verify_url(self, obj: Certificate) -> str | None:
        code = self._code(obj)
        return None if code is None else absolute_url(self.context, "verify", code=code)


@extend_schema_field(CertificateSummarySerializer(allow_null=True))
class IssuedCertificateField(serializers.Field):
    """An enrolment's certificate in brief, null until one is issued."""

    def __init__(self) -> None:
        super().__init__(source="issued_certificate", read_only=True)

    def to_representation(self, value: Certificate) -> dict[str, Any]:
        return dict(CertificateSummarySerializer(value, context=self.context).data)


class CertificateOutputSerializer(CertificateSummarySerializer):
    awarding_body = serializers.CharField()
    isced_level = serializers.IntegerField(
        source="isced_level_id", allow_null=True, help_text="ISCED 2011 level"
    )
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField()
    enrolment = serializers.IntegerField(source="enrolment_id")
    programme = ProgrammeRefSerializer(source="enrolment.cohort.programme")
    holder = TrainingParticipantSerializer(source="enrolment")


# --- Enrolments -------------------------------------------------------------------------------
class EnrolmentFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Who sees pseudonyms only (partnership members) finds people by pseudonym, and is refused
    (400) ``sex`` and ``sort=name``: ``training.selectors.enrolment_list`` decides."""

    status = EnrolmentStatusField(required=False)
    track = TrackField(required=False)
    sex = serializers.ChoiceField(
        choices=MigrantProfile.Sex.choices,
        required=False,
        help_text="Provider's staff only (400 for those who see pseudonyms)",
    )
    sort = serializers.ChoiceField(
        choices=["name", "status", "newest"],
        required=False,
        help_text="Default: by name for the provider's staff (only they may sort by name), "
        "else by status",
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The exact pseudonym; for the provider's staff also words of the name or "
        "the exact provider reference",
    )


class EnrolmentAddInputSerializer(serializers.Serializer[dict[str, Any]]):
    profile = IdField(help_text="Migrant profile id of a person registered with the provider")
    track = TrackField(
        **OPTIONAL,
        help_text="Default: the programme's only track, or the person's interest",
    )
    status = EnrolmentStatusField(
        required=False, default=Enrolment.Status.APPLIED, help_text="Applied, selected or enrolled"
    )
    participant_ref = serializers.CharField(**OPTIONAL_TEXT, max_length=64)


class _EnrolmentOutputBase(serializers.Serializer[Enrolment]):
    id = serializers.IntegerField()
    cohort = serializers.IntegerField(source="cohort_id")
    participant = TrainingParticipantSerializer(source="*")
    status = EnrolmentStatusField()
    track = TrackField()
    reason = serializers.CharField(help_text="Why not selected, or why the person dropped out")
    attendance_percent = serializers.IntegerField(allow_null=True)
    assessment = serializers.CharField(help_text="passed, merit, failed; empty: not assessed")
    assessment_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    # The metaclass moves declared fields out of the class; the stubs see Field.source.
    source = EnrolmentSourceField()  # type: ignore[assignment]
    certificate = IssuedCertificateField()
    url = link("enrolment-detail")


class EnrolmentListOutputSerializer(_EnrolmentOutputBase):
    pass


class TrackChangeOutputSerializer(serializers.Serializer[Any]):
    from_track = TrackField()
    to_track = TrackField()
    reason = serializers.CharField()
    changed_at = serializers.DateTimeField()


class TrainingOutcomeOutputSerializer(serializers.Serializer[OutcomeFollowUp]):
    months = serializers.IntegerField(help_text="3, 6 or 12 months after completion")
    status = OutcomeStatusField()
    country = serializers.CharField(source="country_id", allow_null=True, help_text=COUNTRY_HELP)
    occupation = OccupationRefSerializer(allow_null=True)
    wage_band = serializers.CharField(help_text="Relative to the local minimum wage; may be empty")
    recorded_at = serializers.DateTimeField()


class EnrolmentDetailOutputSerializer(_EnrolmentOutputBase):
    programme = ProgrammeRefSerializer(source="cohort.programme")
    track_changes = TrackChangeOutputSerializer(many=True, source="track_changes.all")
    outcomes = TrainingOutcomeOutputSerializer(many=True, source="outcomes.all")
    available_actions = AvailableMovesField(ENROLMENT_LIFECYCLE, "training-api")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EnrolmentBulkInputSerializer(serializers.Serializer[dict[str, Any]]):
    action = serializers.ChoiceField(
        choices=[(move.name, move.label) for move in ENROLMENT_LIFECYCLE.moves]
    )
    ids = id_list(min_length=1, max_length=500, help_text="Enrolment ids of the cohort")
    reason = serializers.CharField(
        **OPTIONAL_TEXT,
        max_length=255,
        help_text="Required to reject or to record a dropout",
    )


class EnrolmentBulkOutputSerializer(serializers.Serializer[Any]):
    done = serializers.ListField(child=serializers.IntegerField(), help_text="Enrolments moved")
    refused = serializers.DictField(
        child=serializers.CharField(), help_text="Enrolment id -> why it could not move"
    )


class TrackChangeInputSerializer(serializers.Serializer[dict[str, Any]]):
    track = TrackField()
    reason = serializers.CharField(max_length=255)


class EnrolmentProgressInputSerializer(serializers.Serializer[dict[str, Any]]):
    attendance_percent = serializers.IntegerField(**OPTIONAL, min_value=0, max_value=100)
    assessment = AssessmentField(**OPTIONAL_TEXT)
    assessment_score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        **OPTIONAL,
        min_value=0,
        max_value=100,
    )


class TrainingOutcomeInputSerializer(serializers.Serializer[dict[str, Any]]):
    status = OutcomeStatusField()
    country = country_field(
        **OPTIONAL, help_text="Country of work, ISO 3166-1 alpha-2; required when employed abroad"
    )
    occupation = IdField(**OPTIONAL, help_text="Occupation id, people in work")
    wage_band = WageBandField(**OPTIONAL_TEXT)


class MyEnrolmentOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    programme = ProgrammeRefSerializer(source="cohort.programme")
    cohort = CohortRefSerializer()
    status = EnrolmentStatusField()
    track = TrackField()
    reason = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    certificate = IssuedCertificateField()
