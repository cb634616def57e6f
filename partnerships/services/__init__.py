"""Every change to a partnership: lock, check, save, audit. Callers never assign fields directly.

All events are recorded against the partnership itself, so its history reads as one timeline.
One module per concern; the names the rest of the project uses are here.
"""

from partnerships.services.common import CLOSED
from partnerships.services.costs import (
    CostInput,
    cost_entry_record,
    cost_entry_void,
)
from partnerships.services.description import CityInput, PartnershipInput
from partnerships.services.documents import MAX_DOCUMENT_BYTES, document_delete, document_upload
from partnerships.services.members import MemberInput, member_add, member_remove
from partnerships.services.partnership import (
    MOVE_EVENTS,
    PARTNERSHIP_LIFECYCLE,
    partnership_apply_action,
    partnership_create,
    partnership_update,
)
from partnerships.services.targets import annual_target_set, custom_indicator_set

__all__ = [
    "CLOSED",
    "MAX_DOCUMENT_BYTES",
    "MOVE_EVENTS",
    "PARTNERSHIP_LIFECYCLE",
    "CityInput",
    "CostInput",
    "MemberInput",
    "PartnershipInput",
    "annual_target_set",
    "cost_entry_record",
    "cost_entry_void",
    "custom_indicator_set",
    "document_delete",
    "document_upload",
    "member_add",
    "member_remove",
    "partnership_apply_action",
    "partnership_create",
    "partnership_update",
]
