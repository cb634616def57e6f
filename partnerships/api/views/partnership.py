"""Partnerships: list, register, read, change, and one endpoint per lifecycle move."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.moves import move_apis
from core.api.pagination import PagePagination, paginated
from core.api.responses import BAD, STALE
from core.api.views import ETAG, IF_MATCH, change_input, if_match
from partnerships.api import serializers as s
from partnerships.api.views.common import CONFLICT, NOT_FOUND, REFUSED, JsonApi, detail
from partnerships.models import Partnership
from partnerships.permissions import (
    PARTNERSHIP_MEMBERS,
    PARTNERSHIP_READERS,
    get_partnership_for_user,
)
from partnerships.selectors import (
    partnership_filter,
    partnership_list_for_user,
)
from partnerships.services import (
    PARTNERSHIP_LIFECYCLE,
    CityInput,
    PartnershipInput,
    partnership_create,
    partnership_update,
)


# --- Small helpers ----------------------------------------------------------------------------
def _partnership_input(values: dict[str, Any]) -> PartnershipInput:
    """The API's description (skill levels as a list, corridors as "MA-BE") as service input."""
    values = dict(values)
    levels = set(values.pop("skill_levels", []))
    corridors = values.pop("corridors", None)
    cities = [CityInput(**city) for city in values.pop("cities", [])]
    safeguards = dict(values.pop("safeguards", {}))
    return PartnershipInput(
        **values,
        corridors=None if corridors is None else [_pair(c) for c in corridors],
        cities=cities,
        covers_low_skill="low" in levels,
        covers_medium_skill="medium" in levels,
        covers_high_skill="high" in levels,
        safeguards=safeguards,
    )


def _pair(corridor: str) -> tuple[str, str]:
    origin, _dash, destination = corridor.partition("-")
    return origin, destination


def _current_description(p: Partnership) -> dict[str, Any]:
    """The partnership as the input serializer would deliver it, for merging a PATCH over."""
    origins = sorted(c.code for c in p.origin_countries.all())
    destinations = sorted(c.code for c in p.destination_countries.all())
    corridors = sorted(f"{c.origin_id}-{c.destination_id}" for c in p.corridors.all())
    derived = sorted(f"{o}-{d}" for o in origins for d in destinations if o != d)
    return {
        "title": p.title,
        "kind": p.kind,
        "instrument": p.instrument,
        "summary": p.summary,
        "signed_on": p.signed_on,
        "start_on": p.start_on,
        "end_on": p.end_on,
        "origin_countries": origins,
        "destination_countries": destinations,
        # Corridors that were derived stay derived, so changing the countries re-derives them.
        "corridors": None if corridors == derived else corridors,
        "cities": [
            {"name": c.name, "country": c.country_id, "side": c.side} for c in p.cities.all()
        ],
        "sectors": [x.sector_id for x in p.sectors.all()],
        "occupations": [o.pk for o in p.occupations.all()],
        "gcm_objectives": [g.number for g in p.gcm_objectives.all()],
        "sdg_targets": [t.code for t in p.sdg_targets.all()],
        "skill_levels": p.skill_levels,
        "tracks": p.tracks,
        "target_away_share": p.target_away_share,
        "safeguards": {name: getattr(p, name) for name in Partnership.SAFEGUARD_FIELDS},
        "listed_publicly": p.listed_publicly,
        "publish_costs": p.publish_costs,
    }


# --- Partnerships -----------------------------------------------------------------------------
class PartnershipListCreateApi(JsonApi):
    access = PARTNERSHIP_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="partnerships_list",
        summary="List the partnerships the user may see",
        parameters=[s.PartnershipFilterSerializer],
        responses={200: s.PartnershipListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.PartnershipFilterSerializer, request.query_params)
        rows = partnership_filter(partnership_list_for_user(user=request.user), params)
        return paginated(self, request, rows, s.PartnershipListOutputSerializer)

    @extend_schema(
        operation_id="partnerships_create",
        summary="Register a draft partnership led by the user's government",
        request=s.PartnershipCreateInputSerializer,
        responses={201: s.PartnershipDetailOutputSerializer, **BAD, 403: REFUSED[403]},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        values = dict(validated(s.PartnershipCreateInputSerializer, request.data))
        lead = values.pop("lead_organisation", None)
        partnership = partnership_create(
            actor=actor, data=_partnership_input(values), lead_organisation_id=lead
        )
        return detail(request, partnership.pk, code=status.HTTP_201_CREATED)


class PartnershipDetailUpdateApi(JsonApi):
    @extend_schema(
        operation_id="partnerships_retrieve",
        summary="A partnership, with its members and the actions open to the user",
        responses={200: s.PartnershipDetailOutputSerializer, **NOT_FOUND},
        parameters=[ETAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return detail(request, pk)

    @extend_schema(
        operation_id="partnerships_partial_update",
        summary="Change part of a partnership's description",
        description="Fields given replace the current ones (lists are replaced whole; "
        "`safeguards` is merged key by key). Send the detail's `ETag` in `If-Match` so that a "
        "change made meanwhile by someone else is not overwritten (412).",
        request=s.PartnershipUpdateInputSerializer(partial=True),
        responses={200: s.PartnershipDetailOutputSerializer, **REFUSED, **CONFLICT, **STALE},
        parameters=[IF_MATCH, ETAG],
    )
    def patch(self, request: Request, pk: int) -> Response:
        actor, partnership, changes = change_input(
            request, pk, get_partnership_for_user, s.PartnershipUpdateInputSerializer, partial=True
        )
        merged = _current_description(partnership)
        safeguards = {**merged["safeguards"], **changes.get("safeguards", {})}
        merged.update(changes, safeguards=safeguards)
        partnership_update(
            actor=actor,
            partnership_id=pk,
            data=_partnership_input(merged),
            version=if_match(request),
        )
        return detail(request, pk)


MOVE_APIS = move_apis(
    PARTNERSHIP_LIFECYCLE,
    base=JsonApi,
    access=PARTNERSHIP_MEMBERS,
    detail=detail,
    operation_prefix="partnerships",
    class_prefix="Partnership",
    module=__name__,
    who="officers of the partnership's governing members (403 for other members)",
)
