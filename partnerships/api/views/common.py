"""What every partnerships API view shares: its tag, its documented refusals, the JSON-only
base view and the detail answer."""

from __future__ import annotations

from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.responses import BAD, Responses, refusal
from partnerships.api import serializers as s
from partnerships.permissions import (
    PARTNERSHIP_MEMBERS,
    get_partnership_for_user,
)

TAG = ["partnerships"]
REFUSED: Responses = {
    **BAD,
    **refusal(403, "The user may read but not change the partnership"),
    **refusal(404, "No such partnership, or not visible to the user"),
}
CONFLICT = refusal(409, "Refused in the partnership's status")
NOT_FOUND = refusal(404, "No such partnership, or not visible to the user")


def detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    """The partnership's detail, as every change answers."""
    partnership = get_partnership_for_user(request.user, pk)
    data = s.PartnershipDetailOutputSerializer(partnership, context={"request": request}).data
    return Response(data, status=code)


class JsonApi(APIView):
    # Bodies carry nested objects (cities, safeguards), which form encodings cannot express.
    parser_classes = [JSONParser]
    access = PARTNERSHIP_MEMBERS
