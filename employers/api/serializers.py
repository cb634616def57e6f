"""Shapes of the employers API: vacancies, the pipeline, placements, the migrant's side and the
officers' figures (the pool's shapes are in ``pool_serializers``). Input serializers check types,
presence and choices only; every business rule (the employer is the caller's, the worker pays no
fees, the candidate is in the pool, the move is legal in the interest's status...) is checked by
``employers.services``, which raise ``DomainValidationError`` -> 400 or ``InvalidTransition``
-> 409.

The identity (``CandidateIdentitySerializer``) appears only where the view puts the result of
``candidate_identity`` in the context: after the person accepted that employer's interest, and
while their consent holds. ``available_actions`` lists come from the lifecycle declarations in
``employers.services``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    COUNTRY_HELP,
    OPTIONAL,
    OPTIONAL_TEXT,
    IdField,
    IntegerField,
    country_field,
    id_list,
    language_field,
)
from core.api.moves import AvailableMovesField
from core.api.serializers import (
    OccupationRefSerializer,
    OrganisationRefSerializer,
    PartnershipRefSerializer,
    RefSerializer,
    SkillRefSerializer,
)
from employers.api.fields import (
    CURRENCY_HELP,
    CefrCodeField,
    FeePolicyField,
    InterestStatusField,
    VacancyStatusField,
    WagePeriodField,
    link,
)
from employers.api.pool_serializers import CandidateCardSerializer
from employers.models import Interest, Placement, Vacancy
from employers.selectors import Identity
from employers.services import INTEREST_LIFECYCLE, VACANCY_LIFECYCLE
from taxonomy.models import Sector


# --- Small nested shapes ----------------------------------------------------------------------
# Subclasses only for their names: each is a schema component of its own.
class EmployerPartnershipRefSerializer(PartnershipRefSerializer):
    pass


class VacancySkillRefSerializer(SkillRefSerializer):
    pass


class VacancyLanguageSerializer(serializers.Serializer[Any]):
    language = language_field()
    min_level = CefrCodeField(help_text="Minimum CEFR level in every dimension")


class VacancyRefSerializer(RefSerializer):
    title = serializers.CharField()
    status = VacancyStatusField()
    url = link("vacancy-detail")


# --- Vacancies --------------------------------------------------------------------------------
class VacancyFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list; ``vacancy_list_for_user`` applies them."""

    status = VacancyStatusField(required=False)
    country = country_field(required=False)
    sector = serializers.ChoiceField(choices=Sector.Code.choices, required=False)
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words in the title or the occupation"
    )


class VacancyUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The whole vacancy; on PUT every field given replaces the current one."""

    title = serializers.CharField(max_length=255)
    description = serializers.CharField(**OPTIONAL_TEXT)
    occupation = IdField(help_text="Occupation id (ESCO, hence ISCO-08)")
    sector = serializers.ChoiceField(
        choices=Sector.Code.choices,
        **OPTIONAL,
        help_text="The economic sector (taxonomy's list); optional",
    )
    essential_skills = id_list(
        required=False,
        default=list,
        max_length=200,
        help_text="ESCO skill ids the candidate must have",
    )
    optional_skills = id_list(
        required=False,
        default=list,
        max_length=200,
        help_text="ESCO skill ids that help",
    )
    languages = VacancyLanguageSerializer(many=True, required=False, default=list)
    min_isced_level = IntegerField(
        min_value=0,
        max_value=8,
        **OPTIONAL,
        help_text="ISCED 2011 level, 0-8",
    )
    destination_country = country_field()
    destination_city = serializers.CharField(**OPTIONAL_TEXT, max_length=120)
    positions = IntegerField(column=(Vacancy, "positions"), required=False, default=1)
    wage_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = serializers.CharField(min_length=3, max_length=3, help_text=CURRENCY_HELP)
    wage_period = WagePeriodField(required=False, default=Vacancy.WagePeriod.MONTH)
    hours_per_week = IntegerField(column=(Vacancy, "hours_per_week"))
    contract_months = IntegerField(
        column=(Vacancy, "contract_months"),
        **OPTIONAL,
        help_text="Empty: open-ended contract",
    )
    starts_on = serializers.DateField(**OPTIONAL)
    fee_policy = FeePolicyField(
        required=False,
        default=Vacancy.FeePolicy.EMPLOYER_PAYS,
        help_text="A vacancy that makes the worker pay recruitment fees cannot be published",
    )
    partnership = IdField(
        **OPTIONAL,
        help_text="Partnership id; the employer must be a member",
    )
    on_behalf_of = IdField(
        **OPTIONAL,
        help_text="Organisation id of the employer a recruitment agency recruits for",
    )


class VacancyCreateInputSerializer(VacancyUpdateInputSerializer):
    employer = IdField(
        **OPTIONAL,
        help_text="Organisation id; default: the caller's one employer or agency",
    )


class _VacancyOutputBase(serializers.Serializer[Vacancy]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = VacancyStatusField()
    employer = OrganisationRefSerializer()
    partnership = EmployerPartnershipRefSerializer(allow_null=True)
    occupation = OccupationRefSerializer()
    sector = serializers.ChoiceField(
        choices=Sector.Code.choices, source="sector_id", allow_null=True
    )
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
    url = link("vacancy-detail")


class VacancyListOutputSerializer(_VacancyOutputBase):
    pass


class VacancyLinksSerializer(serializers.Serializer[Vacancy]):
    pool = link("vacancy-pool")
    interests = link("vacancy-interests")
    saved_searches = link("vacancy-saved-searches")


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
    available_actions = AvailableMovesField(VACANCY_LIFECYCLE, "employers-api")
    links = VacancyLinksSerializer(source="*")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(VacancyLanguageSerializer(many=True))
    def get_languages(self, obj: Vacancy) -> list[dict[str, str]]:
        return [
            {"language": row.language_id, "min_level": row.min_level_id}
            for row in obj.languages.all()
        ]


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
    interest_url = link("interest-detail", lookup="interest_id")


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
    url = link("interest-detail")


class InterestListOutputSerializer(_InterestOutputBase):
    pass


class InterestDetailOutputSerializer(_InterestOutputBase):
    candidate = serializers.SerializerMethodField()
    identity = serializers.SerializerMethodField()
    placement = serializers.SerializerMethodField()
    available_actions = AvailableMovesField(INTEREST_LIFECYCLE, "employers-api")

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
    available_actions = AvailableMovesField(INTEREST_LIFECYCLE, "employers-api")
    url = link("my-interest-detail")


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
