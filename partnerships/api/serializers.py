"""Shapes of the partnerships API. Input serializers check types, presence and choices only;
every business rule (countries exist, corridors join origin to destination, tracks of a Global
Skill Partnership, payer is a member...) is checked by the services, which raise
``DomainValidationError`` -> 400 ``{"detail", "code", "field"}``.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEvent
from core.api.fields import IdField, IntegerField, NamedChoiceField, enum_schema, id_list
from core.api.moves import AvailableMovesField
from core.api.serializers import (
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from core.bounds import column_length
from partnerships.models import (
    AnnualTarget,
    CostEntry,
    CostGroup,
    CustomIndicator,
    Partnership,
    PartnershipCity,
    PartnershipDocument,
    PartnershipMember,
)
from partnerships.selectors import SORTS, TargetRow
from partnerships.services import PARTNERSHIP_LIFECYCLE
from taxonomy.models import Sector

SKILL_LEVELS = ("low", "medium", "high")
CORRIDOR_PATTERN = r"^[A-Za-z]{2}-[A-Za-z]{2}$"


# --- Named enums ------------------------------------------------------------------------------
# "kind", "status" and "role" name different choice sets across the API (accounts, taxonomy and
# here); giving ours their own schema components keeps the generated enum names stable.


@extend_schema_field(enum_schema(Partnership.Kind), component_name="PartnershipKindEnum")
class PartnershipKindField(NamedChoiceField):
    choice_set = Partnership.Kind


@extend_schema_field(enum_schema(Partnership.Status), component_name="PartnershipStatusEnum")
class PartnershipStatusField(NamedChoiceField):
    choice_set = Partnership.Status


@extend_schema_field(enum_schema(PartnershipMember.Role), component_name="MemberRoleEnum")
class MemberRoleField(NamedChoiceField):
    choice_set = PartnershipMember.Role


@extend_schema_field(enum_schema(CostEntry.Kind), component_name="CostKindEnum")
class CostKindField(NamedChoiceField):
    choice_set = CostEntry.Kind


@extend_schema_field(enum_schema(PartnershipDocument.Kind), component_name="DocumentKindEnum")
class DocumentKindField(NamedChoiceField):
    choice_set = PartnershipDocument.Kind


# --- Errors -----------------------------------------------------------------------------------


# --- Small nested shapes ----------------------------------------------------------------------
class SafeguardsSerializer(serializers.Serializer[Any]):
    """The safeguards checklist (GFMD 2020 textbox 4; ILO fair recruitment principles)."""

    employer_pays_recruitment = serializers.BooleanField(required=False)
    social_protection_portability = serializers.BooleanField(required=False)
    family_rights = serializers.BooleanField(required=False)
    rights_information = serializers.BooleanField(required=False)
    grievance_mechanism = serializers.BooleanField(required=False)
    anti_discrimination = serializers.BooleanField(required=False)
    monitoring_plan = serializers.BooleanField(required=False)


class CitySerializer(serializers.Serializer[PartnershipCity]):
    name = serializers.CharField(max_length=120)
    country = serializers.CharField(min_length=2, max_length=2, help_text="ISO 3166-1 alpha-2 code")
    side = serializers.ChoiceField(choices=PartnershipCity.Side.choices)

    def to_representation(self, instance: PartnershipCity) -> dict[str, Any]:
        return {"name": instance.name, "country": instance.country_id, "side": instance.side}


# --- Partnership list filters ----------------------------------------------------------------
class PartnershipFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list; partnership_filter applies them."""

    status = PartnershipStatusField(required=False)
    kind = PartnershipKindField(required=False)
    country = serializers.CharField(
        min_length=2,
        max_length=2,
        required=False,
        help_text="ISO 3166-1 alpha-2 code of a country of origin or destination",
    )
    corridor = serializers.RegexField(
        CORRIDOR_PATTERN, required=False, help_text='Origin-destination pair, e.g. "MA-BE"'
    )
    occupation = serializers.RegexField(
        r"^[0-9]{1,4}$",
        required=False,
        help_text="ISCO-08 code or prefix: partnerships targeting an occupation in that group",
    )
    sector = serializers.ChoiceField(choices=Sector.Code.choices, required=False)
    gcm = IntegerField(
        min_value=1, max_value=23, required=False, help_text="GCM objective number, 1-23"
    )
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Words in the title, reference code or summary"
    )
    sort = serializers.ChoiceField(
        choices=list(SORTS), required=False, help_text="Default: newest first"
    )


# --- Partnership input ------------------------------------------------------------------------
def _country_list(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(min_length=2, max_length=2), help_text=help_text
    )


class PartnershipUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    """The editable description. On PATCH every field is optional and replaces the current
    value; ``safeguards`` is merged key by key (JSON merge patch)."""

    title = serializers.CharField(max_length=255)
    kind = PartnershipKindField()
    instrument = serializers.ChoiceField(choices=Partnership.Instrument.choices)
    summary = serializers.CharField(required=False, allow_blank=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
    start_on = serializers.DateField(required=False, allow_null=True)
    end_on = serializers.DateField(required=False, allow_null=True)
    origin_countries = _country_list("ISO 3166-1 alpha-2 codes of the countries of origin")
    destination_countries = _country_list(
        "ISO 3166-1 alpha-2 codes of the countries of destination"
    )
    corridors = serializers.ListField(
        child=serializers.RegexField(CORRIDOR_PATTERN),
        required=False,
        allow_null=True,
        help_text='Origin-destination pairs such as "MA-BE"; null: every origin-destination pair',
    )
    cities = CitySerializer(many=True, required=False)
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.Code.choices), required=False
    )
    occupations = id_list(required=False, help_text="Occupation ids (taxonomy)")
    gcm_objectives = serializers.ListField(
        child=IntegerField(min_value=1, max_value=23),
        required=False,
        help_text="GCM objective numbers, 1-23",
    )
    sdg_targets = serializers.ListField(
        child=serializers.CharField(max_length=6),
        required=False,
        help_text='SDG target codes, e.g. "10.7"',
    )
    skill_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=SKILL_LEVELS), required=False
    )
    tracks = serializers.ChoiceField(choices=Partnership.Track.choices, required=False)
    target_away_share = IntegerField(
        column=(Partnership, "target_away_share"),
        required=False,
        allow_null=True,
        help_text="Percent; required when tracks is 'both'",
    )
    safeguards = SafeguardsSerializer(required=False)
    listed_publicly = serializers.BooleanField(required=False)
    publish_costs = serializers.BooleanField(required=False)


class PartnershipCreateInputSerializer(PartnershipUpdateInputSerializer):
    lead_organisation = IdField(
        required=False,
        allow_null=True,
        help_text="Id of the lead government; default: the caller's own government",
    )


# --- Partnership output -----------------------------------------------------------------------
class PartnershipListOutputSerializer(serializers.Serializer[Partnership]):
    id = serializers.IntegerField()
    reference_code = serializers.CharField()
    title = serializers.CharField()
    kind = PartnershipKindField()
    instrument = serializers.ChoiceField(choices=Partnership.Instrument.choices)
    status = PartnershipStatusField()
    start_on = serializers.DateField(allow_null=True)
    end_on = serializers.DateField(allow_null=True)
    origin_countries = serializers.SerializerMethodField()
    destination_countries = serializers.SerializerMethodField()
    sectors = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    # Read from the prefetched relations (selectors._base), so the list costs a fixed number
    # of queries whatever its length.
    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_origin_countries(self, obj: Partnership) -> list[str]:
        return sorted(c.code for c in obj.origin_countries.all())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_destination_countries(self, obj: Partnership) -> list[str]:
        return sorted(c.code for c in obj.destination_countries.all())

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Sector.Code.choices)))
    def get_sectors(self, obj: Partnership) -> list[str]:
        return [s.sector_id for s in obj.sectors.all()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Partnership) -> str:
        path = reverse("partnerships-api:partnership-detail", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class MemberOutputSerializer(serializers.ModelSerializer[PartnershipMember]):
    organisation = OrganisationRefSerializer()
    role = MemberRoleField()
    governs = serializers.BooleanField(help_text="Its officers may edit the partnership")

    class Meta:
        model = PartnershipMember
        fields = [
            "id",
            "organisation",
            "role",
            "governs",
            "contact_name",
            "contact_email",
            "contact_phone",
            "joined_on",
        ]


class PartnershipDetailOutputSerializer(PartnershipListOutputSerializer):
    summary = serializers.CharField()
    signed_on = serializers.DateField(allow_null=True)
    corridors = serializers.SerializerMethodField()
    cities = CitySerializer(many=True, source="cities.all")
    occupations = serializers.SerializerMethodField()
    gcm_objectives = serializers.SerializerMethodField()
    sdg_targets = serializers.SerializerMethodField()
    skill_levels = serializers.ListField(child=serializers.ChoiceField(choices=SKILL_LEVELS))
    tracks = serializers.ChoiceField(choices=Partnership.Track.choices)
    target_away_share = serializers.IntegerField(allow_null=True)
    safeguards = SafeguardsSerializer(source="*")
    listed_publicly = serializers.BooleanField()
    publish_costs = serializers.BooleanField()
    members = MemberOutputSerializer(many=True, source="members.all")
    available_actions = AvailableMovesField(PARTNERSHIP_LIFECYCLE, "partnerships-api")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_corridors(self, obj: Partnership) -> list[str]:
        return sorted(f"{c.origin_id}-{c.destination_id}" for c in obj.corridors.all())

    @extend_schema_field(OccupationRefSerializer(many=True))
    def get_occupations(self, obj: Partnership) -> list[dict[str, Any]]:
        return [{"id": o.pk, "code": o.code, "title": o.title} for o in obj.occupations.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_gcm_objectives(self, obj: Partnership) -> list[int]:
        return [g.number for g in obj.gcm_objectives.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sdg_targets(self, obj: Partnership) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]


# --- Members ----------------------------------------------------------------------------------
class MemberInputSerializer(serializers.Serializer[dict[str, Any]]):
    organisation = IdField(help_text="Organisation id")
    role = MemberRoleField()
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=column_length(PartnershipMember, "contact_email"),
    )
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    joined_on = serializers.DateField(required=False, allow_null=True)


# --- Targets and indicators -------------------------------------------------------------------
class AnnualTargetInputSerializer(serializers.Serializer[dict[str, Any]]):
    year = IntegerField(column=(AnnualTarget, "year"))
    people_to_train = IntegerField(column=(AnnualTarget, "people_to_train"), default=0)
    home_track_placements = IntegerField(column=(AnnualTarget, "home_track_placements"), default=0)
    away_track_placements = IntegerField(column=(AnnualTarget, "away_track_placements"), default=0)
    min_women_share = IntegerField(
        column=(AnnualTarget, "min_women_share"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Percent",
    )


class TargetActualsSerializer(serializers.Serializer[Any]):
    """Reported by later apps (training, employers); a key is absent until someone reports it.
    One field per ``partnerships.models.Indicator``."""

    people_trained = serializers.IntegerField(required=False)
    home_track_placements = serializers.IntegerField(required=False)
    away_track_placements = serializers.IntegerField(required=False)
    women_share = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    portal_placements = serializers.IntegerField(
        required=False, help_text="Hires recorded by employers on the portal (no target)"
    )


class AnnualTargetOutputSerializer(serializers.Serializer[Any]):
    """One year's targets (a selectors.TargetRow) beside the actuals reported so far."""

    year = serializers.IntegerField(source="target.year")
    people_to_train = serializers.IntegerField(source="target.people_to_train")
    home_track_placements = serializers.IntegerField(source="target.home_track_placements")
    away_track_placements = serializers.IntegerField(source="target.away_track_placements")
    min_women_share = serializers.IntegerField(source="target.min_women_share", allow_null=True)
    actuals = serializers.SerializerMethodField()

    @extend_schema_field(TargetActualsSerializer)
    def get_actuals(self, row: TargetRow) -> dict[str, Any]:
        return {str(key): value for key, value in row.actuals.items()}


class CustomIndicatorInputSerializer(serializers.Serializer[dict[str, Any]]):
    year = IntegerField(column=(CustomIndicator, "year"))
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class CustomIndicatorOutputSerializer(serializers.ModelSerializer[CustomIndicator]):
    class Meta:
        model = CustomIndicator
        fields = ["id", "year", "name", "unit", "target_value", "actual_value"]


# --- Costs ------------------------------------------------------------------------------------
class CostEntryInputSerializer(serializers.Serializer[dict[str, Any]]):
    kind = CostKindField()
    cost_group = serializers.ChoiceField(choices=CostGroup.choices)
    payer = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of the paying member organisation; null when paid by the migrants",
    )
    paid_by_migrants = serializers.BooleanField(required=False, default=False)
    currency = serializers.CharField(min_length=3, max_length=3, help_text="ISO 4217 code")
    unit_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    basis = serializers.ChoiceField(
        choices=CostEntry.Basis.choices, required=False, default=CostEntry.Basis.LUMP_SUM
    )
    quantity = IntegerField(column=(CostEntry, "quantity"), required=False, default=1)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255
    )
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)


class CostEntryOutputSerializer(serializers.ModelSerializer[CostEntry]):
    kind = CostKindField()
    payer = OrganisationRefSerializer(allow_null=True)
    currency = serializers.CharField(source="currency_id")
    breaches_employer_pays = serializers.BooleanField(
        help_text="A migration cost charged to the migrants (ILO: the worker pays no fees)"
    )

    class Meta:
        model = CostEntry
        fields = [
            "id",
            "kind",
            "cost_group",
            "payer",
            "paid_by_migrants",
            "currency",
            "unit_amount",
            "basis",
            "quantity",
            "amount",
            "description",
            "occurred_on",
            "recorded_at",
            "voided_at",
            "void_reason",
            "breaches_employer_pays",
        ]


class VoidInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255)


class _AmountsSerializer(serializers.Serializer[Any]):
    commitment = serializers.DecimalField(max_digits=18, decimal_places=2)
    expenditure = serializers.DecimalField(max_digits=18, decimal_places=2)


class GroupTotalSerializer(_AmountsSerializer):
    cost_group = serializers.ChoiceField(choices=CostGroup.choices)
    currency = serializers.CharField()


class PayerTotalSerializer(_AmountsSerializer):
    payer = serializers.CharField(help_text='Organisation name, or "Migrants"')
    currency = serializers.CharField()
    groups = GroupTotalSerializer(many=True)


class CostSummaryOutputSerializer(serializers.Serializer[Any]):
    """Totals of the entries not voided; amounts in different currencies are never added."""

    by_payer = PayerTotalSerializer(many=True)
    by_group = GroupTotalSerializer(many=True)
    breaches = CostEntryOutputSerializer(many=True)


# --- Documents --------------------------------------------------------------------------------
class DocumentInputSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="PDF, DOCX, ODT, XLSX, PNG or JPEG; checked by content")
    title = serializers.CharField(max_length=200)
    kind = DocumentKindField(default=PartnershipDocument.Kind.AGREEMENT)


class DocumentOutputSerializer(serializers.ModelSerializer[PartnershipDocument]):
    kind = DocumentKindField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipDocument
        fields = [
            "id",
            "kind",
            "title",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, obj: PartnershipDocument) -> str | None:
        # The file is served only by the permission-checked HTML route, never from MEDIA_URL.
        try:
            path = reverse(
                "partnerships:document-download",
                kwargs={"pk": obj.partnership_id, "document_pk": obj.pk},
            )
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# --- History ----------------------------------------------------------------------------------
class HistoryEventOutputSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "actor_label", "action", "from_state", "to_state", "data"]
