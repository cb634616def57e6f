"""Shapes of the profile: input, the list row, the full representation with its entries."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from core.api.fields import OPTIONAL_TEXT, IdField, LinkField, country_field, id_list
from core.api.serializers import OccupationRefSerializer, OrganisationRefSerializer
from core.bounds import column_length
from migrants.api.serializers.consent import ConsentOutputSerializer
from migrants.api.serializers.entries import (
    EducationOutputSerializer,
    ExperienceOutputSerializer,
    LanguageSkillOutputSerializer,
    ProfileSkillOutputSerializer,
    QualificationOutputSerializer,
    YearsByOccupationSerializer,
)
from migrants.models import DisabilityInformation, MigrantProfile
from migrants.permissions import (
    can_edit_profile,
    can_view_consents,
    qualifications_visible_to,
)
from migrants.selectors import experience_years_by_occupation, profile_completeness
from migrants.services import disability_view


# --- Profile input ----------------------------------------------------------------------------
class MigrantProfileInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The editable profile; the names match ``services.ProfileInput``. On PATCH every field is
    optional and replaces the current value (lists are replaced whole)."""

    given_names = serializers.CharField(max_length=150)
    family_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=MigrantProfile.Sex.choices, required=False)
    nationality = country_field(required=False, allow_null=True, allow_blank=True)
    country_of_residence = country_field(required=False, allow_null=True, allow_blank=True)
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
    returned_from = country_field(required=False, allow_null=True, allow_blank=True)
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


class DisabilityInputSerializer(serializers.Serializer[dict[str, Any]]):
    description = serializers.CharField(**OPTIONAL_TEXT)
    needs_accommodation = serializers.BooleanField()
    accommodation_notes = serializers.CharField(**OPTIONAL_TEXT)


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
    and the row is not even read otherwise; a read by anyone but the person is audited
    (``migrants.services.disability_view``)."""

    def get_attribute(self, instance: Any) -> Any:  # the parent's MigrantProfile
        request = self.context.get("request")
        if request is None:
            raise SkipField()
        try:
            return disability_view(viewer=request.user, profile=instance, channel="api")
        except PermissionDenied:
            raise SkipField() from None


# --- Profiles: output -------------------------------------------------------------------------
class MigrantProfileListOutputSerializer(serializers.ModelSerializer[MigrantProfile]):
    nationality = serializers.CharField(source="nationality_id", allow_null=True)
    country_of_residence = serializers.CharField(source="country_of_residence_id", allow_null=True)
    registered_by_organisation = serializers.IntegerField(
        source="registered_by_organisation_id", allow_null=True
    )
    has_login = serializers.SerializerMethodField()
    url = LinkField("migrants-api:profile-detail")

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


class MigrantProfileOutputSerializer(MigrantProfileListOutputSerializer):
    # Not an EmailField: the address is optional, and an empty one is no e-mail address.
    contact_email = serializers.CharField(help_text="An e-mail address, or empty when none")
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

    @extend_schema_field(CompletenessSerializer)
    def get_completeness(self, obj: MigrantProfile) -> dict[str, Any]:
        result = profile_completeness(profile=obj)
        return {"percent": result.percent, "done": result.done, "missing": result.missing}
