"""Partnerships API: parse, authorise, call one service, respond.

Every view first looks the partnership up with ``get_partnership_for_user`` (404 for what the
user may not see; with ``for_write``, 403 for what they may only read), before it reads the
body, so a stranger learns nothing from validation errors. The services check again under the
row lock, and own every business rule.
One module per concern; the names the URLs use are here.
"""

from partnerships.api.views.partnership import (
    MOVE_APIS,
    PartnershipDetailUpdateApi,
    PartnershipListCreateApi,
)
from partnerships.api.views.records import (
    PartnershipCostListRecordApi,
    PartnershipCostSummaryApi,
    PartnershipCostVoidApi,
    PartnershipDocumentListUploadApi,
    PartnershipHistoryApi,
    PartnershipIndicatorListSetApi,
    PartnershipMemberListAddApi,
    PartnershipMemberRemoveApi,
    PartnershipTargetListSetApi,
)

__all__ = [
    "MOVE_APIS",
    "PartnershipCostListRecordApi",
    "PartnershipCostSummaryApi",
    "PartnershipCostVoidApi",
    "PartnershipDetailUpdateApi",
    "PartnershipDocumentListUploadApi",
    "PartnershipHistoryApi",
    "PartnershipIndicatorListSetApi",
    "PartnershipListCreateApi",
    "PartnershipMemberListAddApi",
    "PartnershipMemberRemoveApi",
    "PartnershipTargetListSetApi",
]
