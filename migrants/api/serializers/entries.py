"""Shapes of a profile's entries and of the documents of its qualifications."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    OPTIONAL,
    OPTIONAL_TEXT,
    IdField,
    IntegerField,
    country_field,
)
from core.api.serializers import (
    STORED_DOCUMENT_FIELDS,
    OccupationRefSerializer,
    StoredDocumentSerializer,
)
from migrants.api.serializers.fields import (
    EvidenceField,
    ProficiencyField,
    QualificationSourceField,
    cefr_field,
    isced_field_code,
    isced_level_field,
)
from migrants.models import (
    Education,
    LanguageSkill,
    ProfileSkill,
    Qualification,
    QualificationDocument,
    WorkExperience,
)


# --- Entries: input ---------------------------------------------------------------------------
class EducationInputSerializer(serializers.Serializer[dict[str, Any]]):
    isced_level = isced_level_field()
    field_code = isced_field_code()
    institution = serializers.CharField(max_length=255)
    country = country_field()
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
    score = serializers.CharField(max_length=40, **OPTIONAL_TEXT)
    date = serializers.DateField(**OPTIONAL)


class LanguageSetInputSerializer(serializers.Serializer[dict[str, Any]]):
    language = serializers.CharField(max_length=2, help_text="ISO 639-1 code")
    understanding = cefr_field("understanding")
    speaking = cefr_field("speaking")
    writing = cefr_field("writing")
    certificate = LanguageCertificateSerializer(required=False, allow_null=True)


class ExperienceInputSerializer(serializers.Serializer[dict[str, Any]]):
    occupation_id = IdField(help_text="ISCO-08 / ESCO occupation id (taxonomy)")
    employer = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    country = country_field()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(**OPTIONAL, help_text="Empty while it continues")
    description = serializers.CharField(**OPTIONAL_TEXT)


class QualificationInputSerializer(serializers.Serializer[dict[str, Any]]):
    title = serializers.CharField(max_length=255)
    institution = serializers.CharField(max_length=255)
    country = country_field()
    isced_level = isced_level_field()
    field_code = isced_field_code()
    awarded_on = serializers.DateField(**OPTIONAL)


class QualificationDocumentInputSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB; checked by content")


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


class QualificationDocumentOutputSerializer(StoredDocumentSerializer):
    download_route = "migrants:document-download"

    class Meta:
        model = QualificationDocument
        fields = ["id", *STORED_DOCUMENT_FIELDS]
        read_only_fields = fields

    def download_kwargs(self, obj: QualificationDocument) -> dict[str, Any]:
        return {"profile_pk": obj.qualification.profile_id, "document_pk": obj.pk}


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
