"""Shapes of the employers API. Input serializers check types, presence and choices only; every
business rule (the employer is the caller's, the worker pays no fees, the candidate is in the
pool, the move is legal in the interest's status...) is checked by ``employers.services``, which
raise ``DomainValidationError`` -> 400 or ``InvalidTransition`` -> 409.

Personal data: what an employer learns about a candidate is built field by field from
``employers.selectors.CandidateCard`` (never from the profile model), so a name, contact detail,
birth date or document cannot appear by accident; the card's internal ``profile_id`` is not
serialised. The identity (``CandidateIdentitySerializer``) appears only where the view puts the
result of ``candidate_identity`` in the context: after the person accepted that employer's
interest, and while their consent holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField, IntegerField, NamedChoiceField, enum_schema
from core.api.serializers import (
    ErrorSerializer,
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from employers.models import Interest, Placement, SavedSearch, Vacancy
from employers.selectors import Identity
from migrants.api.serializers import EvidenceField, QualificationSourceField

__all__ = ["ErrorSerializer"]

COUNTRY_HELP = "ISO 3166-1 alpha-2 code"
CURRENCY_HELP = "ISO 4217 code"


def absolute(context: Mapping[str, Any], name: str, **kwargs: Any) -> str:
    path = reverse(f"employers-api:{name}", kwargs=kwargs)
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- Named enums ------------------------------------------------------------------------------
class CefrCode(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class RecognitionLevel(models.TextChoices):
    """``migrants.selectors.RECOGNITION_ORDER``, weakest first (a test keeps them in step)."""

    NONE = "none", _("No recognition")
    PENDING = "pending", _("Recognition pending")
    PARTIAL = "partial", _("Partially recognised")
    FULL = "full", _("Fully recognised")


@extend_schema_field(enum_schema(Vacancy.Status), component_name="VacancyStatusEnum")
class VacancyStatusField(NamedChoiceField):
    choice_set = Vacancy.Status


@extend_schema_field(enum_schema(Vacancy.FeePolicy), component_name="VacancyFeePolicyEnum")
class FeePolicyField(NamedChoiceField):
    choice_set = Vacancy.FeePolicy


@extend_schema_field(enum_schema(Vacancy.WagePeriod), component_name="WagePeriodEnum")
class WagePeriodField(NamedChoiceField):
    choice_set = Vacancy.WagePeriod


@extend_schema_field(enum_schema(Interest.Status), component_name="InterestStatusEnum")
class InterestStatusField(NamedChoiceField):
    choice_set = Interest.Status


@extend_schema_field(enum_schema(CefrCode), component_name="CefrCodeEnum")
class CefrCodeField(NamedChoiceField):
    choice_set = CefrCode


@extend_schema_field(enum_schema(RecognitionLevel), component_name="CandidateRecognitionEnum")
class RecognitionLevelField(NamedChoiceField):
    choice_set = RecognitionLevel


def _country(required: bool = True, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        min_length=2, max_length=2, required=required, help_text=COUNTRY_HELP, **kwargs
    )


# --- Small nested shapes ----------------------------------------------------------------------
class EmployerActionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="Action name, e.g. mark_filled")
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    needs_reason = serializers.BooleanField()
    url = serializers.CharField(help_text="POST here to take the action")


class EmployerPartnershipRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference_code = serializers.CharField()
    title = serializers.CharField()


class VacancySkillRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    preferred_label = serializers.CharField(help_text="ESCO preferred label")


class VacancyLanguageSerializer(serializers.Serializer[Any]):
    language = serializers.CharField(min_length=2, max_length=2, help_text="ISO 639-1 code")
    min_level = CefrCodeField(help_text="Minimum CEFR level in every dimension")


class VacancyRefSerializer(serializers.Serializer[Vacancy]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = VacancyStatusField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Vacancy) -> str:
        return absolute(self.context, "vacancy-detail", pk=obj.pk)


class EmployerReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255, help_text="Why, for the record")


class EmployerMessageInputSerializer(serializers.Serializer[dict[str, Any]]):
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="What the candidate reads with the notification",
    )


# --- Vacancies --------------------------------------------------------------------------------
class VacancyFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list; ``vacancy_list_for_user`` applies them."""

    status = VacancyStatusField(required=False)
    country = _country(required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words in the title or the occupation"
    )


class VacancyUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The whole vacancy; on PUT every field given replaces the current one."""

    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    occupation = IdField(help_text="Occupation id (ESCO, hence ISCO-08)")
    essential_skills = serializers.ListField(
        child=IdField(),
        required=False,
        default=list,
        max_length=200,
        help_text="ESCO skill ids the candidate must have",
    )
    optional_skills = serializers.ListField(
        child=IdField(),
        required=False,
        default=list,
        max_length=200,
        help_text="ESCO skill ids that help",
    )
    languages = VacancyLanguageSerializer(many=True, required=False, default=list)
    min_isced_level = IntegerField(
        min_value=0,
        max_value=8,
        required=False,
        allow_null=True,
        default=None,
        help_text="ISCED 2011 level, 0-8",
    )
    destination_country = _country()
    destination_city = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=120
    )
    positions = IntegerField(column=(Vacancy, "positions"), required=False, default=1)
    wage_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = serializers.CharField(min_length=3, max_length=3, help_text=CURRENCY_HELP)
    wage_period = WagePeriodField(required=False, default=Vacancy.WagePeriod.MONTH)
    hours_per_week = IntegerField(column=(Vacancy, "hours_per_week"))
    contract_months = IntegerField(
        column=(Vacancy, "contract_months"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Empty: open-ended contract",
    )
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    fee_policy = FeePolicyField(
        required=False,
        default=Vacancy.FeePolicy.EMPLOYER_PAYS,
        help_text="A vacancy that makes the worker pay recruitment fees cannot be published",
    )
    partnership = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Partnership id; the employer must be a member",
    )
    on_behalf_of = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Organisation id of the employer a recruitment agency recruits for",
    )


class VacancyCreateInputSerializer(VacancyUpdateInputSerializer):
    employer = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Organisation id; default: the caller's one employer or agency",
    )


class _VacancyOutputBase(serializers.Serializer[Vacancy]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = VacancyStatusField()
    employer = OrganisationRefSerializer()
    partnership = EmployerPartnershipRefSerializer(allow_null=True)
    occupation = OccupationRefSerializer()
    destination_country = serializers.CharField(
        source="destination_country_id", help_text=COUNTRY_HELP
    )
    destination_city = serializers.CharField()
    positions = serializers.IntegerField()
    wage_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = serializers.CharField(source="wage_currency_id", help_text=CURRENCY_HELP)
    wage_period = WagePeriodField()
    hours_per_week = serializers.IntegerField()
    starts_on = serializers.DateField(allow_null=True)
    fee_policy = FeePolicyField()
    interest_count = serializers.IntegerField(help_text="Candidates in the pipeline")
    opened_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Vacancy) -> str:
        return absolute(self.context, "vacancy-detail", pk=obj.pk)


class VacancyListOutputSerializer(_VacancyOutputBase):
    pass


class VacancyLinksSerializer(serializers.Serializer[Any]):
    pool = serializers.CharField()
    interests = serializers.CharField()
    saved_searches = serializers.CharField()


class VacancyDetailOutputSerializer(_VacancyOutputBase):
    description = serializers.CharField()
    on_behalf_of = OrganisationRefSerializer(allow_null=True)
    essential_skills = VacancySkillRefSerializer(many=True, source="essential_skills.all")
    optional_skills = VacancySkillRefSerializer(many=True, source="optional_skills.all")
    languages = serializers.SerializerMethodField()
    min_isced_level = serializers.IntegerField(
        source="min_isced_level_id", allow_null=True, help_text="ISCED 2011 level"
    )
    contract_months = serializers.IntegerField(allow_null=True)
    close_reason = serializers.CharField()
    available_actions = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(VacancyLanguageSerializer(many=True))
    def get_languages(self, obj: Vacancy) -> list[dict[str, str]]:
        return [
            {"language": row.language_id, "min_level": row.min_level_id}
            for row in obj.languages.all()
        ]

    @extend_schema_field(EmployerActionSerializer(many=True))
    def get_available_actions(self, obj: Vacancy) -> list[dict[str, Any]]:
        return list(self.context.get("available_actions", []))

    @extend_schema_field(VacancyLinksSerializer)
    def get_links(self, obj: Vacancy) -> dict[str, str]:
        return {
            "pool": absolute(self.context, "vacancy-pool", pk=obj.pk),
            "interests": absolute(self.context, "vacancy-interests", pk=obj.pk),
            "saved_searches": absolute(self.context, "vacancy-saved-searches", pk=obj.pk),
        }


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
    skills = serializers.ListField(
        child=IdField(),
        required=False,
        max_length=10,
        help_text="ESCO skill ids the candidate has, all of them (repeat the parameter)",
    )
    evidence = EvidenceField(required=False, help_text="Minimum evidence of those skills")
    language = serializers.CharField(
        min_length=2, max_length=2, required=False, help_text="ISO 639-1 code"
    )
    language_level = CefrCodeField(required=False, help_text="Minimum in every dimension")
    isced = serializers.IntegerField(
        required=False, min_value=0, max_value=8, help_text="Minimum ISCED 2011 level"
    )
    residence = _country(required=False)
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


# --- Interests --------------------------------------------------------------------------------
class CandidateIdentitySerializer(serializers.Serializer[Identity]):
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class PlacementOutputSerializer(serializers.Serializer[Placement]):
    id = serializers.IntegerField()
    interest = serializers.IntegerField(source="interest_id")
    vacancy = VacancyRefSerializer()
    pseudonym = serializers.CharField(
        source="candidate_code", help_text="The employer's own code for the candidate"
    )
    country = serializers.CharField(source="country_id", help_text=COUNTRY_HELP)
    occupation = OccupationRefSerializer()
    starts_on = serializers.DateField()
    wage_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = serializers.CharField(source="wage_currency_id", help_text=CURRENCY_HELP)
    wage_period = WagePeriodField()
    recorded_at = serializers.DateTimeField()
    interest_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_interest_url(self, obj: Placement) -> str:
        return absolute(self.context, "interest-detail", pk=obj.interest_id)


class _InterestOutputBase(serializers.Serializer[Interest]):
    id = serializers.IntegerField()
    vacancy = VacancyRefSerializer()
    pseudonym = serializers.CharField(
        source="candidate_code", help_text="The employer's own code for the candidate"
    )
    status = InterestStatusField()
    message = serializers.CharField(help_text="What the employer told the candidate")
    reason = serializers.CharField(help_text="Why not selected, or withdrawn")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Interest) -> str:
        return absolute(self.context, "interest-detail", pk=obj.pk)


class InterestListOutputSerializer(_InterestOutputBase):
    pass


class InterestDetailOutputSerializer(_InterestOutputBase):
    candidate = serializers.SerializerMethodField()
    identity = serializers.SerializerMethodField()
    placement = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    @extend_schema_field(
        CandidateCardSerializer(
            allow_null=True, help_text="Null once the person left the vacancy's pool"
        )
    )
    def get_candidate(self, obj: Interest) -> dict[str, Any] | None:
        card = self.context.get("card")
        if card is None:
            return None
        return dict(CandidateCardSerializer(card, context=self.context).data)

    @extend_schema_field(
        CandidateIdentitySerializer(
            allow_null=True,
            help_text="Only after the candidate accepted, and while their consent holds",
        )
    )
    def get_identity(self, obj: Interest) -> dict[str, Any] | None:
        identity = self.context.get("identity")
        return None if identity is None else dict(CandidateIdentitySerializer(identity).data)

    @extend_schema_field(PlacementOutputSerializer(allow_null=True))
    def get_placement(self, obj: Interest) -> dict[str, Any] | None:
        placement = self.context.get("placement")
        if placement is None:
            return None
        return dict(PlacementOutputSerializer(placement, context=self.context).data)

    @extend_schema_field(EmployerActionSerializer(many=True))
    def get_available_actions(self, obj: Interest) -> list[dict[str, Any]]:
        return list(self.context.get("available_actions", []))


class HireInputSerializer(serializers.Serializer[dict[str, Any]]):
    starts_on = serializers.DateField()
    wage_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: the vacancy's wage",
    )
    wage_currency = serializers.CharField(
        min_length=3,
        max_length=3,
        required=False,
        allow_null=True,
        default=None,
        help_text=f"{CURRENCY_HELP}; default: the vacancy's",
    )
    wage_period = WagePeriodField(
        required=False, allow_null=True, default=None, help_text="Default: the vacancy's"
    )


# --- The migrant's side -----------------------------------------------------------------------
class OfferedVacancySerializer(serializers.Serializer[Vacancy]):
    """A vacancy as the candidate sees it: the job, not the employer's pipeline."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    employer = OrganisationRefSerializer()
    occupation = OccupationRefSerializer()
    destination_country = serializers.CharField(
        source="destination_country_id", help_text=COUNTRY_HELP
    )
    destination_city = serializers.CharField()
    wage_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = serializers.CharField(source="wage_currency_id", help_text=CURRENCY_HELP)
    wage_period = WagePeriodField()
    hours_per_week = serializers.IntegerField()
    contract_months = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField(allow_null=True)
    fee_policy = FeePolicyField()


class MyInterestOutputSerializer(serializers.Serializer[Interest]):
    id = serializers.IntegerField()
    vacancy = OfferedVacancySerializer()
    status = InterestStatusField()
    message = serializers.CharField(help_text="What the employer wrote")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)
    available_actions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(EmployerActionSerializer(many=True))
    def get_available_actions(self, obj: Interest) -> list[dict[str, Any]]:
        if obj.status != Interest.Status.INTEREST_SENT:
            return []
        return [
            {
                "name": name,
                "label": str(label),
                "needs_reason": False,
                "url": absolute(self.context, f"my-interest-{name}", pk=obj.pk),
            }
            for name, label in (("accept", _("Accept")), ("decline", _("Decline")))
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Interest) -> str:
        return absolute(self.context, "my-interest-detail", pk=obj.pk)


# --- Aggregates for partnership officers -------------------------------------------------------
class PlacementsByYearSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    placements = serializers.IntegerField()


class PartnershipRecruitmentFiguresSerializer(serializers.Serializer[Any]):
    """Counts only: no vacancy, candidate or employer is named."""

    partnership = serializers.IntegerField()
    open_vacancies = serializers.IntegerField()
    positions = serializers.IntegerField(help_text="Positions of all the partnership's vacancies")
    interests = serializers.IntegerField(help_text="Interests expressed to candidates")
    accepted = serializers.IntegerField(help_text="Interests the candidates accepted")
    placements = serializers.IntegerField()
    placements_by_year = PlacementsByYearSerializer(many=True)
