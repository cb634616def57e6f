"""Shapes of the training API. Input serializers check types, presence and choices only; every
business rule (the provider is the caller's, the payer is a partnership member, the cohort has a
seat, the programme certifies...) is checked by ``training.services``, which raise
``DomainValidationError`` -> 400 or ``InvalidTransition`` -> 409.

Personal data: a participant's identity (names, contact details, birth date, the provider's own
reference) is shown to staff of the training provider, who hold the person's counselling
consent, and to the participant themself. Officers of the partnership who monitor the programme
see the pseudonym only. The view puts ``training.permissions.participant_identity_rule`` in the
context (``identity_for``); ``TrainingParticipantSerializer`` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField, IntegerField, NamedChoiceField, enum_schema, id_list
from core.api.moves import AvailableMovesField
from core.api.serializers import (
    ErrorSerializer,
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from migrants.models import MigrantProfile
from training.models import (
    Certificate,
    Cohort,
    Enrolment,
    OutcomeFollowUp,
    ParticipantImport,
    Programme,
    Track,
)
from training.services import COHORT_LIFECYCLE, ENROLMENT_LIFECYCLE, PROGRAMME_LIFECYCLE

__all__ = ["ErrorSerializer"]

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


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list; ``programme_list_for_user`` applies them."""

    status = ProgrammeStatusField(required=False)
    kind = ProgrammeKindField(required=False)
    partnership = IdField(required=False)
    provider = IdField(required=False, help_text="Organisation id")
    country = _country(required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words in the title or summary"
    )


class ProgrammeUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The whole description; on PUT every field given replaces the current one."""

    partnership = IdField(
        required=False, allow_null=True, default=None, help_text="Partnership id, if linked"
    )
    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    kind = ProgrammeKindField()
    delivery_mode = DeliveryModeField(required=False, default=Programme.DeliveryMode.IN_PERSON)
    occupations = id_list(required=False, default=list, help_text="Occupation ids (ISCO-08/ESCO)")
    skills = id_list(required=False, default=list, help_text="ESCO skill ids taught")
    location_country = _country()
    hours = serializers.IntegerField(min_value=1, max_value=10000)
    language = serializers.CharField(
        min_length=2, max_length=2, help_text="Language of instruction, ISO 639-1 code"
    )
    certification_title = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=255,
        help_text="Empty: the programme awards no certification",
    )
    certification_isced_level = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=8
    )
    awarding_body = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255
    )
    tracks = ProgrammeTracksField(required=False, default=Programme.Tracks.BOTH)
    cost_per_trainee = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(
        min_length=3,
        max_length=3,
        required=False,
        allow_null=True,
        default=None,
        help_text="ISO 4217 code",
    )


class ProgrammeCreateInputSerializer(ProgrammeUpdateInputSerializer):
    provider = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Organisation id of the provider; default: the caller's one training provider",
    )


class _ProgrammeOutputBase(serializers.Serializer[Programme]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = ProgrammeKindField()
    status = ProgrammeStatusField()
    provider = OrganisationRefSerializer()
    partnership = TrainingPartnershipRefSerializer(allow_null=True)
    location_country = serializers.CharField(source="location_country_id", help_text=COUNTRY_HELP)
    delivery_mode = DeliveryModeField()
    hours = serializers.IntegerField()
    tracks = ProgrammeTracksField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Programme) -> str:
        return absolute(self.context, "programme-detail", pk=obj.pk)


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


# --- Cohorts ----------------------------------------------------------------------------------
class CohortFilterSerializer(serializers.Serializer[dict[str, Any]]):
    programme = IdField(required=False)
    status = CohortStatusField(required=False)


class CohortUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(max_length=40)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    capacity = IntegerField(column=(Cohort, "capacity"), min_value=1)
    location_country = serializers.CharField(
        min_length=2,
        max_length=2,
        required=False,
        allow_blank=True,
        default="",
        help_text="ISO 3166-1 alpha-2 code; default: where the programme takes place",
    )
    location_city = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=120
    )


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
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Cohort) -> str:
        return absolute(self.context, "cohort-detail", pk=obj.pk)


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
    url = serializers.SerializerMethodField()

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
        return None if code is None else verify_url(self.context, code)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Certificate) -> str:
        return absolute(self.context, "certificate-detail", pk=obj.pk)


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


def certificate_of(enrolment: Enrolment) -> Certificate | None:
    try:
        return enrolment.certificate
    except Certificate.DoesNotExist:
        return None


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
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: the programme's only track, or the person's interest",
    )
    status = EnrolmentStatusField(
        required=False, default=Enrolment.Status.APPLIED, help_text="Applied, selected or enrolled"
    )
    participant_ref = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64
    )


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
    certificate = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(CertificateSummarySerializer(allow_null=True))
    def get_certificate(self, obj: Enrolment) -> dict[str, Any] | None:
        certificate = certificate_of(obj)
        if certificate is None:
            return None
        return dict(CertificateSummarySerializer(certificate, context=self.context).data)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Enrolment) -> str:
        return absolute(self.context, "enrolment-detail", pk=obj.pk)


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
        required=False,
        allow_blank=True,
        default="",
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
    attendance_percent = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=100
    )
    assessment = AssessmentField(required=False, allow_blank=True, default="")
    assessment_score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=100,
    )


class TrainingOutcomeInputSerializer(serializers.Serializer[dict[str, Any]]):
    status = OutcomeStatusField()
    country = serializers.CharField(
        min_length=2,
        max_length=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Country of work, ISO 3166-1 alpha-2; required when employed abroad",
    )
    occupation = IdField(
        required=False, allow_null=True, default=None, help_text="Occupation id, people in work"
    )
    wage_band = WageBandField(required=False, allow_blank=True, default="")


class MyEnrolmentOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    programme = ProgrammeRefSerializer(source="cohort.programme")
    cohort = CohortRefSerializer()
    status = EnrolmentStatusField()
    track = TrackField()
    reason = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    certificate = serializers.SerializerMethodField()

    @extend_schema_field(CertificateSummarySerializer(allow_null=True))
    def get_certificate(self, obj: Enrolment) -> dict[str, Any] | None:
        certificate = certificate_of(obj)
        if certificate is None:
            return None
        return dict(CertificateSummarySerializer(certificate, context=self.context).data)


# --- Participant imports ----------------------------------------------------------------------
class ParticipantImportUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="CSV (UTF-8) or XLSX, columns as in the template")


class ImportLinksSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    # The metaclass moves declared fields out of the class; the stubs see Serializer.errors.
    errors = serializers.CharField()  # type: ignore[assignment]
    preview = serializers.CharField()
    confirm = serializers.CharField()
    cancel = serializers.CharField()


class ParticipantImportOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    cohort = serializers.IntegerField(source="cohort_id")
    file_name = serializers.CharField()
    file_format = serializers.CharField(help_text="csv or xlsx")
    file_deleted = serializers.BooleanField(
        help_text="The file, its preview and error report are deleted once the import has ended "
        "(imported, failed or cancelled, also when abandoned or by a person's erasure)"
    )
    status = ImportStatusField()
    rows_total = serializers.IntegerField()
    rows_done = serializers.IntegerField(help_text="Rows checked, or imported, so far")
    rows_invalid = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
    summary = serializers.DictField(help_text="Counts per planned action, once checked")
    failure = serializers.CharField(help_text="Why the import failed; empty otherwise")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(ImportLinksSerializer)
    def get_links(self, obj: ParticipantImport) -> dict[str, str]:
        routes = {"status": "import-detail"}
        return {
            name: absolute(self.context, routes.get(name, f"import-{name}"), pk=obj.pk)
            for name in ("status", "errors", "preview", "confirm", "cancel")
        }


class ImportRowErrorOutputSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="Line in the file, the header being line 1")
    column = serializers.CharField(help_text="Empty when the whole row is concerned")
    message = serializers.CharField()


class ImportPlanRowOutputSerializer(serializers.Serializer[dict[str, Any]]):
    """One valid row of the file as ``training.imports`` planned it."""

    line = serializers.IntegerField()
    action = serializers.ChoiceField(
        choices=[
            ("create", "Register a new profile and enrol it"),
            ("enrol", "Enrol a person already registered with the provider"),
            ("unchanged", "Already in the cohort: nothing to do"),
        ]
    )
    names = serializers.SerializerMethodField()
    track = TrackField()
    status = EnrolmentStatusField()

    def get_names(self, row: dict[str, Any]) -> str:
        return " ".join(x for x in (row.get("given_names"), row.get("family_name")) if x)
