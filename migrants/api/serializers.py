"""Shapes of the migrants API. Input serializers check types, presence and choices only; every
business rule (the country exists, the CEFR level is A1-C2, the phone is E.164, who may do what)
is checked by the services, which raise ``DomainValidationError`` -> 400
``{"detail", "code", "field"}``.

Output serializers read from the prefetched profile (``views._detail_queryset``), so a profile
costs a fixed number of queries whatever the number of its entries.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from core.api.fields import IdField, IntegerField, NamedChoiceField, enum_schema, id_list

# Shared with the partnerships API, so the schema keeps one component of each.
from core.api.serializers import (
    ErrorSerializer,
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from core.bounds import column_length
from migrants.models import (
    ConsentGrant,
    DisabilityInformation,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    QualificationDocument,
    WorkExperience,
)
from migrants.permissions import (
    can_edit_profile,
    can_view_consents,
    can_view_disability,
    qualifications_visible_to,
)
from migrants.selectors import experience_years_by_occupation, profile_completeness

__all__ = ["ErrorSerializer"]

COUNTRY_HELP = "ISO 3166-1 alpha-2 code"


def _country(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(min_length=2, max_length=2, help_text=COUNTRY_HELP, **kwargs)


def _cefr(dimension: str) -> serializers.CharField:
    return serializers.CharField(max_length=2, help_text=f"CEFR level for {dimension}, A1-C2")


def _absolute(serializer: serializers.BaseSerializer[Any], path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- Named enums ------------------------------------------------------------------------------
# "source", "purpose", "channel" and "type" are generic names other apps will use for other
# choice sets; naming our components keeps the generated enum names stable.


@extend_schema_field(enum_schema(ProfileSkill.Proficiency), component_name="SkillProficiencyEnum")
class ProficiencyField(NamedChoiceField):
    choice_set = ProfileSkill.Proficiency


@extend_schema_field(enum_schema(ProfileSkill.Evidence), component_name="SkillEvidenceEnum")
class EvidenceField(NamedChoiceField):
    choice_set = ProfileSkill.Evidence


@extend_schema_field(enum_schema(Qualification.Source), component_name="QualificationSourceEnum")
class QualificationSourceField(NamedChoiceField):
    choice_set = Qualification.Source


@extend_schema_field(enum_schema(ConsentGrant.Purpose), component_name="ConsentPurposeEnum")
class ConsentPurposeField(NamedChoiceField):
    choice_set = ConsentGrant.Purpose


@extend_schema_field(enum_schema(ConsentGrant.Channel), component_name="ConsentChannelEnum")
class ConsentChannelField(NamedChoiceField):
    choice_set = ConsentGrant.Channel


class RecipientType(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership"
    COUNTRY = "country", "Destination country"
    ORGANISATION = "organisation", "Organisation"


@extend_schema_field(enum_schema(RecipientType), component_name="ConsentRecipientTypeEnum")
class RecipientTypeField(NamedChoiceField):
    choice_set = RecipientType


# --- Profile input ----------------------------------------------------------------------------
class MigrantProfileInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The editable profile; the names match ``services.ProfileInput``. On PATCH every field is
    optional and replaces the current value (lists are replaced whole)."""

    given_names = serializers.CharField(max_length=150)
    family_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=MigrantProfile.Sex.choices, required=False)
    nationality = _country(required=False, allow_null=True, allow_blank=True)
    country_of_residence = _country(required=False, allow_null=True, allow_blank=True)
    phone = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="International format (E.164), e.g. +212612345678",
    )
    # 254, not the 320 an address may have: what the column holds.
    contact_email = serializers.EmailField(
        required=False, allow_blank=True, max_length=column_length(MigrantProfile, "contact_email")
    )
    contact_language = serializers.CharField(
        max_length=2,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="ISO 639-1 code",
    )
    migration_status = serializers.ChoiceField(
        choices=MigrantProfile.MigrationStatus.choices, required=False
    )
    returned_from = _country(required=False, allow_null=True, allow_blank=True)
    preferred_destinations = serializers.ListField(
        child=serializers.CharField(min_length=2, max_length=2),
        required=False,
        help_text="ISO 3166-1 alpha-2 codes",
    )
    preferred_occupations = id_list(required=False, help_text="Occupation ids (taxonomy)")
    available_from = serializers.DateField(required=False, allow_null=True)
    track_interest = serializers.ChoiceField(
        choices=MigrantProfile.TrackInterest.choices, required=False
    )


class CounsellorProfileCreateInputSerializer(MigrantProfileInputSerializer):
    organisation = IdField(help_text="Id of the caller's training provider or government office")
    consent_given_in_person = serializers.BooleanField(
        help_text="Must be true: the migrant agreed, in person, that the organisation keeps "
        "and updates their profile (recorded as a counselling consent)"
    )

    def validate_consent_given_in_person(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Record the migrant's consent before registering.")
        return value


class HandoverClaimInputSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(max_length=64, help_text="The code the counsellor handed over")


class HandoverOutputSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(help_text="Shown once; only its hash is stored")
    expires_at = serializers.DateTimeField()


# --- Entries: input ---------------------------------------------------------------------------
class EducationInputSerializer(serializers.Serializer[dict[str, Any]]):
    isced_level = IntegerField(min_value=0, max_value=8, help_text="ISCED 2011 level, 0-8")
    field_code = serializers.CharField(
        max_length=4,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="ISCED-F 2013 field code",
    )
    institution = serializers.CharField(max_length=255)
    country = _country()
    start_year = IntegerField(column=(Education, "start_year"), required=False, allow_null=True)
    end_year = IntegerField(column=(Education, "end_year"), required=False, allow_null=True)
    completed = serializers.BooleanField(required=False, default=True)


class SkillSetInputSerializer(serializers.Serializer[dict[str, Any]]):
    skill_id = IdField(help_text="ESCO skill id (taxonomy)")
    proficiency = ProficiencyField()
    evidence = EvidenceField(
        required=False,
        default=ProfileSkill.Evidence.SELF_DECLARED,
        help_text="Only self_declared or assessed here; the others are recorded by training "
        "programmes and recognition authorities",
    )


class LanguageCertificateSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=120, help_text="E.g. TestDaF, IELTS, DELF")
    score = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)


class LanguageSetInputSerializer(serializers.Serializer[dict[str, Any]]):
    language = serializers.CharField(max_length=2, help_text="ISO 639-1 code")
    understanding = _cefr("understanding")
    speaking = _cefr("speaking")
    writing = _cefr("writing")
    certificate = LanguageCertificateSerializer(required=False, allow_null=True)


class ExperienceInputSerializer(serializers.Serializer[dict[str, Any]]):
    occupation_id = IdField(help_text="ISCO-08 / ESCO occupation id (taxonomy)")
    employer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    country = _country()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Empty while it continues"
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")


class QualificationInputSerializer(serializers.Serializer[dict[str, Any]]):
    title = serializers.CharField(max_length=255)
    institution = serializers.CharField(max_length=255)
    country = _country()
    isced_level = IntegerField(min_value=0, max_value=8, help_text="ISCED 2011 level, 0-8")
    field_code = serializers.CharField(
        max_length=4,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="ISCED-F 2013 field code",
    )
    awarded_on = serializers.DateField(required=False, allow_null=True, default=None)


class QualificationDocumentInputSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB; checked by content")


class DisabilityInputSerializer(serializers.Serializer[dict[str, Any]]):
    description = serializers.CharField(required=False, allow_blank=True, default="")
    needs_accommodation = serializers.BooleanField()
    accommodation_notes = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentGrantInputSerializer(serializers.Serializer[dict[str, Any]]):
    """One consent. Which recipient field is needed depends on the purpose (the service says)."""

    purpose = ConsentPurposeField()
    partnership = IdField(
        required=False, allow_null=True, help_text="Partnership id, for pool_partnership"
    )
    country = _country(required=False, allow_null=True)
    organisation = IdField(
        required=False,
        allow_null=True,
        help_text="Organisation id, for employer_identity, recognition_share, counselling and "
        "disability_share",
    )
    qualification = IdField(
        required=False, allow_null=True, help_text="Qualification id, for recognition_share"
    )


# --- Entries: output --------------------------------------------------------------------------
class EducationOutputSerializer(serializers.ModelSerializer[Education]):
    isced_level = serializers.IntegerField(source="isced_level_id")
    isced_level_title = serializers.CharField(source="isced_level.title")
    field_code = serializers.CharField(source="field_id", allow_null=True)
    field_title = serializers.CharField(source="field.title", allow_null=True, default=None)
    country = serializers.CharField(source="country_id")

    class Meta:
        model = Education
        fields = [
            "id",
            "isced_level",
            "isced_level_title",
            "field_code",
            "field_title",
            "institution",
            "country",
            "start_year",
            "end_year",
            "completed",
        ]
        read_only_fields = fields


class ProfileSkillOutputSerializer(serializers.ModelSerializer[ProfileSkill]):
    skill_id = serializers.IntegerField()
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField(source="skill.preferred_label")  # type: ignore[assignment]
    uri = serializers.CharField(source="skill.uri", allow_null=True, help_text="ESCO URI")
    proficiency = ProficiencyField()
    evidence = EvidenceField()

    class Meta:
        model = ProfileSkill
        fields = ["id", "skill_id", "label", "uri", "proficiency", "evidence"]
        read_only_fields = fields


class LanguageSkillOutputSerializer(serializers.ModelSerializer[LanguageSkill]):
    language = serializers.CharField(source="language_id", help_text="ISO 639-1 code")
    language_name = serializers.CharField(source="language.name")
    understanding = serializers.CharField(source="understanding_id")
    speaking = serializers.CharField(source="speaking_id")
    writing = serializers.CharField(source="writing_id")
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = LanguageSkill
        fields = [
            "id",
            "language",
            "language_name",
            "understanding",
            "speaking",
            "writing",
            "certificate",
        ]
        read_only_fields = fields

    @extend_schema_field(LanguageCertificateSerializer(allow_null=True))
    def get_certificate(self, obj: LanguageSkill) -> dict[str, Any] | None:
        if not obj.certificate_name:
            return None
        return {
            "name": obj.certificate_name,
            "score": obj.certificate_score,
            "date": obj.certificate_date.isoformat() if obj.certificate_date else None,
        }


class ExperienceOutputSerializer(serializers.ModelSerializer[WorkExperience]):
    occupation = OccupationRefSerializer()
    country = serializers.CharField(source="country_id")

    class Meta:
        model = WorkExperience
        fields = [
            "id",
            "occupation",
            "employer",
            "country",
            "started_on",
            "ended_on",
            "description",
        ]
        read_only_fields = fields


class YearsByOccupationSerializer(serializers.Serializer[Any]):
    occupation = OccupationRefSerializer()
    years = serializers.FloatField(help_text="Overlapping periods counted once")


class QualificationDocumentOutputSerializer(serializers.ModelSerializer[QualificationDocument]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = QualificationDocument
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, obj: QualificationDocument) -> str | None:
        # Files are served only by the permission-checked page route, never from MEDIA_URL.
        try:
            path = reverse(
                "migrants:document-download",
                kwargs={"profile_pk": obj.qualification.profile_id, "document_pk": obj.pk},
            )
        except NoReverseMatch:
            return None
        return _absolute(self, path)


class QualificationOutputSerializer(serializers.ModelSerializer[Qualification]):
    country = serializers.CharField(source="country_id")
    isced_level = serializers.IntegerField(source="isced_level_id")
    field_code = serializers.CharField(source="field_id", allow_null=True)
    # Declared fields shadow Field.source only in the stubs' view of the class.
    source = QualificationSourceField()  # type: ignore[assignment]
    is_verified = serializers.BooleanField(
        help_text="Issued through training or recognised by an authority"
    )
    documents = QualificationDocumentOutputSerializer(many=True, source="documents.all")

    class Meta:
        model = Qualification
        fields = [
            "id",
            "title",
            "institution",
            "country",
            "isced_level",
            "field_code",
            "awarded_on",
            "source",
            "is_verified",
            "documents",
        ]
        read_only_fields = fields


class ConsentRecipientSerializer(serializers.Serializer[Any]):
    type = RecipientTypeField()
    id = serializers.CharField(help_text="Partnership or organisation id, or a country code")
    name = serializers.CharField()


class ConsentOutputSerializer(serializers.ModelSerializer[ConsentGrant]):
    purpose = ConsentPurposeField()
    recipient = serializers.SerializerMethodField()
    qualification = serializers.IntegerField(source="qualification_id", allow_null=True)
    channel = ConsentChannelField()
    is_active = serializers.BooleanField()

    class Meta:
        model = ConsentGrant
        fields = [
            "id",
            "purpose",
            "recipient",
            "qualification",
            "notice_version",
            "channel",
            "granted_at",
            "withdrawn_at",
            "is_active",
        ]
        read_only_fields = fields

    @extend_schema_field(ConsentRecipientSerializer(allow_null=True))
    def get_recipient(self, obj: ConsentGrant) -> dict[str, Any] | None:
        if obj.partnership_id is not None:
            title = obj.partnership.title if obj.partnership else ""
            return {"type": "partnership", "id": str(obj.partnership_id), "name": title}
        if obj.country_id is not None:
            return {"type": "country", "id": obj.country_id, "name": str(obj.country)}
        if obj.organisation is not None:
            organisation = obj.organisation
            return {"type": "organisation", "id": str(organisation.pk), "name": organisation.name}
        return None


class CompletenessSerializer(serializers.Serializer[Any]):
    percent = serializers.IntegerField()
    done = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Steps still to fill, in page order"
    )


class DisabilityOutputSerializer(serializers.ModelSerializer[DisabilityInformation]):
    class Meta:
        model = DisabilityInformation
        fields = ["description", "needs_accommodation", "accommodation_notes", "updated_at"]
        read_only_fields = fields


@extend_schema_field(DisabilityOutputSerializer)
class _VisibleDisabilityField(DisabilityOutputSerializer):
    """Special-category data: the key is left out unless ``can_view_disability`` allows it,
    and the row is not even read otherwise."""

    def get_attribute(self, instance: Any) -> Any:  # the parent's MigrantProfile
        request = self.context.get("request")
        if request is None or not can_view_disability(request.user, instance):
            raise SkipField()
        return DisabilityInformation.objects.filter(profile=instance).first()


# --- Profiles: output -------------------------------------------------------------------------
class MigrantProfileListOutputSerializer(serializers.ModelSerializer[MigrantProfile]):
    nationality = serializers.CharField(source="nationality_id", allow_null=True)
    country_of_residence = serializers.CharField(source="country_of_residence_id", allow_null=True)
    registered_by_organisation = serializers.IntegerField(
        source="registered_by_organisation_id", allow_null=True
    )
    has_login = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = MigrantProfile
        fields = [
            "id",
            "pseudonym",
            "given_names",
            "family_name",
            "date_of_birth",
            "nationality",
            "country_of_residence",
            "migration_status",
            "track_interest",
            "registered_by_organisation",
            "has_login",
            "updated_at",
            "url",
        ]
        read_only_fields = fields

    def get_has_login(self, obj: MigrantProfile) -> bool:
        return obj.user_id is not None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: MigrantProfile) -> str:
        return _absolute(self, reverse("migrants-api:profile-detail", kwargs={"pk": obj.pk}))


class MigrantProfileOutputSerializer(MigrantProfileListOutputSerializer):
    contact_language = serializers.CharField(source="contact_language_id", allow_null=True)
    returned_from = serializers.CharField(source="returned_from_id", allow_null=True)
    preferred_destinations = serializers.SerializerMethodField()
    preferred_occupations = OccupationRefSerializer(many=True, source="preferred_occupations.all")
    registered_by = OrganisationRefSerializer(
        source="registered_by_organisation",
        allow_null=True,
        help_text="The organisation that registered the migrant in person",
    )
    can_edit = serializers.SerializerMethodField()
    education = EducationOutputSerializer(many=True, source="education.all")
    skills = ProfileSkillOutputSerializer(many=True, source="skills.all")
    languages = LanguageSkillOutputSerializer(many=True, source="languages.all")
    experience = ExperienceOutputSerializer(many=True, source="experience.all")
    years_by_occupation = serializers.SerializerMethodField()
    qualifications = serializers.SerializerMethodField(
        help_text="For a recognition authority, only the qualifications shared with it"
    )
    consents = serializers.SerializerMethodField(
        help_text="The consent ledger; empty unless the caller is the migrant or manages it"
    )
    completeness = serializers.SerializerMethodField()
    disability = _VisibleDisabilityField(
        required=False,
        allow_null=True,
        help_text="Present only for the migrant and organisations holding a disability_share "
        "consent; null when nothing was recorded",
    )

    class Meta(MigrantProfileListOutputSerializer.Meta):
        fields = [
            *MigrantProfileListOutputSerializer.Meta.fields,
            "sex",
            "phone",
            "contact_email",
            "contact_language",
            "returned_from",
            "preferred_destinations",
            "preferred_occupations",
            "available_from",
            "registered_by",
            "created_at",
            "can_edit",
            "completeness",
            "education",
            "skills",
            "languages",
            "experience",
            "years_by_occupation",
            "qualifications",
            "consents",
            "disability",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_preferred_destinations(self, obj: MigrantProfile) -> list[str]:
        return sorted(c.code for c in obj.preferred_destinations.all())

    def get_can_edit(self, obj: MigrantProfile) -> bool:
        request = self.context.get("request")
        return request is not None and can_edit_profile(request.user, obj)

    @extend_schema_field(YearsByOccupationSerializer(many=True))
    def get_years_by_occupation(self, obj: MigrantProfile) -> list[dict[str, Any]]:
        occupations = {
            e.occupation_id: {
                "id": e.occupation_id,
                "code": e.occupation.code,
                "title": e.occupation.title,
            }
            for e in obj.experience.all()
        }
        years = experience_years_by_occupation(profile=obj)
        return [
            {"occupation": occupations[pk], "years": value}
            for pk, value in sorted(years.items(), key=lambda item: -item[1])
            if pk in occupations
        ]

    @extend_schema_field(CompletenessSerializer)
    @extend_schema_field(QualificationOutputSerializer(many=True))
    def get_qualifications(self, obj: MigrantProfile) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:
            return []
        rows = qualifications_visible_to(request.user, obj).prefetch_related("documents")
        return QualificationOutputSerializer(rows, many=True, context=self.context).data  # type: ignore[return-value]

    @extend_schema_field(ConsentOutputSerializer(many=True))
    def get_consents(self, obj: MigrantProfile) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None or not can_view_consents(request.user, obj):
            return []
        return ConsentOutputSerializer(obj.consents.all(), many=True, context=self.context).data  # type: ignore[return-value]

    def get_completeness(self, obj: MigrantProfile) -> dict[str, Any]:
        result = profile_completeness(profile=obj)
        return {"percent": result.percent, "done": result.done, "missing": result.missing}


class EraseInputSerializer(serializers.Serializer[dict[str, Any]]):
    password = serializers.CharField(
        write_only=True, help_text="The caller's password: erasure cannot be undone"
    )
