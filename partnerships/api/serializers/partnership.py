"""A partnership: its list filters, its description as input, its list and detail answers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    IdField,
    IntegerField,
    country_field,
    id_list,
)
from core.api.moves import AvailableMovesField
from core.api.serializers import (
    OccupationRefSerializer,
    OrganisationRefSerializer,
)
from partnerships.api.serializers.fields import (
    CORRIDOR_PATTERN,
    SKILL_LEVELS,
    CitySerializer,
    MemberRoleField,
    PartnershipKindField,
    PartnershipStatusField,
    SafeguardsSerializer,
)
from partnerships.models import (
    Partnership,
    PartnershipMember,
)
from partnerships.selectors import SORTS
from partnerships.services import PARTNERSHIP_LIFECYCLE
from taxonomy.models import Sector


# --- Partnership list filters ----------------------------------------------------------------
class PartnershipFilterSerializer(serializers.Serializer[dict[str, Any]]):
    """Query parameters of the list; partnership_filter applies them."""

    status = PartnershipStatusField(required=False)
    kind = PartnershipKindField(required=False)
    country = country_field(
        required=False, help_text="ISO 3166-1 alpha-2 code of a country of origin or destination"
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
