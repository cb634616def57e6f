"""What every partnerships API view shares: its tag, its documented refusals, the JSON-only
base view and the detail answer."""

from __future__ import annotations

from core.api.responses import BAD, Responses, refusal
from core.api.views import AppApi, RecordResponse
from partnerships.api import serializers as s
from partnerships.permissions import (
    PARTNERSHIP_MEMBERS,
    get_partnership_for_user,
)

REFUSED: Responses = {
    **BAD,
    **refusal(403, "The user may read but not change the partnership"),
    **refusal(404, "No such partnership, or not visible to the user"),
}
CONFLICT = refusal(409, "Refused in the partnership's status")
NOT_FOUND = refusal(404, "No such partnership, or not visible to the user")


# The partnership's detail, as every change answers.
detail = RecordResponse(
    s.PartnershipDetailOutputSerializer, get_partnership_for_user, versioned=True
)


class JsonApi(AppApi):
    # Bodies carry nested objects (cities, safeguards), which form encodings cannot express.
    access = PARTNERSHIP_MEMBERS
    tags = ["partnerships"]
