"""Shapes of the partnerships API. Input serializers check types, presence and choices only;
every business rule (countries exist, corridors join origin to destination, tracks of a Global
Skill Partnership, payer is a member...) is checked by the services, which raise
``DomainValidationError`` -> 400 ``{"detail", "code", "field"}``.
One module per concern; the names the views use are here.
"""

from partnerships.api.serializers.fields import (
    CORRIDOR_PATTERN,
    SKILL_LEVELS,
    CitySerializer,
    CostKindField,
    DocumentKindField,
    MemberRoleField,
    PartnershipKindField,
    PartnershipStatusField,
    SafeguardsSerializer,
)
from partnerships.api.serializers.partnership import (
    MemberOutputSerializer,
    PartnershipCreateInputSerializer,
    PartnershipDetailOutputSerializer,
    PartnershipFilterSerializer,
    PartnershipListOutputSerializer,
    PartnershipUpdateInputSerializer,
)
from partnerships.api.serializers.records import (
    AnnualTargetInputSerializer,
    AnnualTargetOutputSerializer,
    CostEntryInputSerializer,
    CostEntryOutputSerializer,
    CostSummaryOutputSerializer,
    CustomIndicatorInputSerializer,
    CustomIndicatorOutputSerializer,
    DocumentInputSerializer,
    DocumentOutputSerializer,
    GroupTotalSerializer,
    HistoryEventOutputSerializer,
    MemberInputSerializer,
    PayerTotalSerializer,
    TargetActualsSerializer,
    VoidInputSerializer,
)

__all__ = [
    "CORRIDOR_PATTERN",
    "SKILL_LEVELS",
    "AnnualTargetInputSerializer",
    "AnnualTargetOutputSerializer",
    "CitySerializer",
    "CostEntryInputSerializer",
    "CostEntryOutputSerializer",
    "CostKindField",
    "CostSummaryOutputSerializer",
    "CustomIndicatorInputSerializer",
    "CustomIndicatorOutputSerializer",
    "DocumentInputSerializer",
    "DocumentKindField",
    "DocumentOutputSerializer",
    "GroupTotalSerializer",
    "HistoryEventOutputSerializer",
    "MemberInputSerializer",
    "MemberOutputSerializer",
    "MemberRoleField",
    "PartnershipCreateInputSerializer",
    "PartnershipDetailOutputSerializer",
    "PartnershipFilterSerializer",
    "PartnershipKindField",
    "PartnershipListOutputSerializer",
    "PartnershipStatusField",
    "PartnershipUpdateInputSerializer",
    "PayerTotalSerializer",
    "SafeguardsSerializer",
    "TargetActualsSerializer",
    "VoidInputSerializer",
]
