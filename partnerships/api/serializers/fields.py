"""The API's named choice sets and small nested shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.fields import (
    country_field,
    named_choice_field,
)
from partnerships.models import (
    CostEntry,
    Partnership,
    PartnershipCity,
    PartnershipDocument,
    PartnershipMember,
)

SKILL_LEVELS = ("low", "medium", "high")
CORRIDOR_PATTERN = r"^[A-Za-z]{2}-[A-Za-z]{2}$"

# "kind", "status" and "role" name different choice sets across the API (accounts, taxonomy and
# here); giving ours their own schema components keeps the generated enum names stable.
PartnershipKindField = named_choice_field(Partnership.Kind, "PartnershipKindEnum")
PartnershipStatusField = named_choice_field(Partnership.Status, "PartnershipStatusEnum")
MemberRoleField = named_choice_field(PartnershipMember.Role, "MemberRoleEnum")
CostKindField = named_choice_field(CostEntry.Kind, "CostKindEnum")
DocumentKindField = named_choice_field(PartnershipDocument.Kind, "DocumentKindEnum")


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
    country = country_field()
    side = serializers.ChoiceField(choices=PartnershipCity.Side.choices)

    def to_representation(self, instance: PartnershipCity) -> dict[str, Any]:
        return {"name": instance.name, "country": instance.country_id, "side": instance.side}
