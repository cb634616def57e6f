"""Shapes of the pseudonymised pool: the candidate card, the pool's filters and pages, saved
searches and the shortlist input.

What an employer learns about a candidate is built field by field from
``employers.selectors.CandidateCard`` (never from the profile model), so a name, contact detail,
birth date or document cannot appear by accident; the card's internal ``profile_id`` is not
serialised.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import COUNTRY_HELP, country_field, id_list, language_field
from employers.api.fields import (
    CefrCodeField,
    InterestStatusField,
    RecognitionLevelField,
    absolute,
)
from employers.models import SavedSearch
from migrants.api.serializers import EvidenceField, QualificationSourceField


# --- The candidate card (pseudonymised) -------------------------------------------------------
class CandidateOccupationSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="ISCO-08 code")
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    years = serializers.FloatField(help_text="Years of experience")


class CandidateWantedOccupationSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="ISCO-08 code")
    label = serializers.CharField()  # type: ignore[assignment]


class CandidateSkillSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="ESCO skill id")
    label = serializers.CharField()  # type: ignore[assignment]
    evidence = EvidenceField()


class CandidateLanguageSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="ISO 639-1 code")
    name = serializers.CharField()
    level = serializers.CharField(help_text="CEFR level of the weakest dimension")


class CandidateCertificateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    # The stubs see Field.source.
    source = QualificationSourceField()  # type: ignore[assignment]
    country = serializers.CharField(help_text=COUNTRY_HELP)


class CandidatePipelineSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="Interest id")
    status = InterestStatusField()
    url = serializers.CharField()


class CandidateCardSerializer(serializers.Serializer[Any]):
    """What an employer may know before disclosure, field by field from ``CandidateCard``.
    Never a name, contact, exact birth date, photo, document, or the internal profile id."""

    pseudonym = serializers.CharField(
        help_text="The caller's employer's own code for the candidate: another employer sees "
        "another code"
    )
    age_band = serializers.CharField(help_text='e.g. "25-34"; empty when unknown')
    country_of_residence = serializers.CharField(help_text=COUNTRY_HELP)
    available_from = serializers.DateField(allow_null=True)
    isced_level = serializers.IntegerField(
        allow_null=True, help_text="Highest ISCED 2011 level completed"
    )
    occupations = CandidateOccupationSerializer(many=True)
    wanted_occupations = CandidateWantedOccupationSerializer(
        many=True, help_text="Occupations the candidate wants to work in"
    )
    skills = CandidateSkillSerializer(many=True)
    languages = CandidateLanguageSerializer(many=True)
    certificates = CandidateCertificateSerializer(many=True, help_text="Issued, not declared")
    recognition = RecognitionLevelField(help_text="Strongest recognition status")
    in_pipeline = serializers.SerializerMethodField()

    @extend_schema_field(
        CandidatePipelineSerializer(
            allow_null=True, help_text="The candidate's interest for this vacancy, if any"
        )
    )
    def get_in_pipeline(self, card: Any) -> dict[str, Any] | None:
        pipeline: Mapping[int, tuple[int, str]] = self.context.get("pipeline", {})
        profile_id = card["profile_id"] if isinstance(card, Mapping) else card.profile_id
        found = pipeline.get(profile_id)
        if found is None:
            return None
        interest_id, status = found
        return {
            "id": interest_id,
            "status": status,
            "url": absolute(self.context, "interest-detail", pk=interest_id),
        }


class CandidatePageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="Candidates matching the filters")
    next = serializers.CharField(allow_null=True, help_text="URL of the next page")
    results = CandidateCardSerializer(many=True)


class PoolFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the pool; ``employers.selectors.pool_search`` applies them."""

    occupation = serializers.RegexField(
        r"^\d{1,4}$", required=False, help_text="ISCO-08 code or prefix (worked in, or wants)"
    )
    skills = id_list(
        required=False,
        max_length=10,
        help_text="ESCO skill ids the candidate has, all of them (repeat the parameter)",
    )
    evidence = EvidenceField(required=False, help_text="Minimum evidence of those skills")
    language = language_field(required=False)
    language_level = CefrCodeField(required=False, help_text="Minimum in every dimension")
    isced = serializers.IntegerField(
        required=False, min_value=0, max_value=8, help_text="Minimum ISCED 2011 level"
    )
    residence = country_field(required=False)
    recognition = RecognitionLevelField(required=False)
    available_by = serializers.DateField(required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words in skills or occupations"
    )


class PoolQuerySerializer(PoolFilterSerializer):
    after = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text="The `pseudonym` of the last candidate of the previous page",
    )
    page_size = serializers.IntegerField(required=False, default=25, min_value=1, max_value=100)


class SavedSearchInputSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=120)
    params = PoolFilterSerializer(required=False, default=dict)


class SavedSearchOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    vacancy = serializers.IntegerField(source="vacancy_id")
    params = serializers.DictField(help_text="Pool filters, as the pool's query parameters")
    pool_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_pool_url(self, obj: SavedSearch) -> str:
        url = absolute(self.context, "vacancy-pool", pk=obj.vacancy_id)
        query = urlencode(obj.params, doseq=True)
        return f"{url}?{query}" if query else url


def jsonable(params: Mapping[str, Any]) -> dict[str, Any]:
    """Validated filters as JSON values (dates as ISO strings) for a saved search."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


class ShortlistInputSerializer(serializers.Serializer[dict[str, Any]]):
    pseudonym = serializers.CharField(
        max_length=12, help_text="A candidate of the pool, by the code the employer is shown"
    )
