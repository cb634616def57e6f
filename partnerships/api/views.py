"""Partnerships API: parse, authorise, call one service, respond.

Every view first looks the partnership up with ``get_partnership_for_user`` (404 for what the
user may not see; with ``for_write``, 403 for what they may only read), before it reads the
body, so a stranger learns nothing from validation errors. The services check again under the
row lock, and own every business rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from core.api.helpers import INVALID, request_user, validated
from core.api.moves import move_apis
from core.api.pagination import PagePagination
from core.api.serializers import ErrorSerializer
from partnerships.api import serializers as s
from partnerships.models import CostEntry, Partnership
from partnerships.permissions import (
    PARTNERSHIP_MEMBERS,
    PARTNERSHIP_READERS,
    can_create_partnership,
    get_partnership_for_user,
)
from partnerships.selectors import (
    partnership_cost_summary,
    partnership_filter,
    partnership_history,
    partnership_list_for_user,
    partnership_targets_with_actuals,
)
from partnerships.services import (
    PARTNERSHIP_LIFECYCLE,
    CityInput,
    CostInput,
    MemberInput,
    PartnershipInput,
    annual_target_set,
    cost_entry_record,
    cost_entry_void,
    custom_indicator_set,
    document_upload,
    member_add,
    member_remove,
    partnership_create,
    partnership_update,
)

TAG = ["partnerships"]
ERROR = ErrorSerializer
REFUSED = {
    400: OpenApiResponse(INVALID, description="Invalid input or a broken business rule"),
    403: OpenApiResponse(ERROR, description="The user may read but not change the partnership"),
    404: OpenApiResponse(ERROR, description="No such partnership, or not visible to the user"),
}
CONFLICT = {409: OpenApiResponse(ERROR, description="Refused in the partnership's status")}
NOT_FOUND = {404: REFUSED[404]}


# --- Small helpers ----------------------------------------------------------------------------
def _detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    partnership = get_partnership_for_user(request.user, pk)
    data = s.PartnershipDetailOutputSerializer(partnership, context={"request": request}).data
    return Response(data, status=code)


def _page(
    view: APIView,
    request: Request,
    rows: QuerySet[Any] | Sequence[Any],
    serializer_class: type[BaseSerializer[Any]],
) -> Response:
    paginator = PagePagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    data = serializer_class(page or [], many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)


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


class JsonApi(APIView):
    # Bodies carry nested objects (cities, safeguards), which form encodings cannot express.
    parser_classes = [JSONParser]
    access = PARTNERSHIP_MEMBERS


# --- Partnerships -----------------------------------------------------------------------------
class PartnershipListCreateApi(JsonApi):
    access = PARTNERSHIP_READERS
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_list",
        summary="List the partnerships the user may see",
        parameters=[s.PartnershipFilterSerializer],
        responses={200: s.PartnershipListOutputSerializer(many=True), 400: REFUSED[400]},
    )
    def get(self, request: Request) -> Response:
        params = s.PartnershipFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = partnership_filter(
            partnership_list_for_user(user=request.user), params.validated_data
        )
        return _page(self, request, rows, s.PartnershipListOutputSerializer)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_create",
        summary="Register a draft partnership led by the user's government",
        request=s.PartnershipCreateInputSerializer,
        responses={201: s.PartnershipDetailOutputSerializer, 400: REFUSED[400], 403: REFUSED[403]},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        if not can_create_partnership(actor):
            raise PermissionDenied(_("Only government officers can register partnerships."))
        values = dict(validated(s.PartnershipCreateInputSerializer, request.data))
        lead = values.pop("lead_organisation", None)
        partnership = partnership_create(
            actor=actor, data=_partnership_input(values), lead_organisation_id=lead
        )
        return _detail(request, partnership.pk, code=status.HTTP_201_CREATED)


class PartnershipDetailUpdateApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_retrieve",
        summary="A partnership, with its members and the actions open to the user",
        responses={200: s.PartnershipDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_partial_update",
        summary="Change part of a partnership's description",
        description="Fields given replace the current ones (lists are replaced whole; "
        "`safeguards` is merged key by key).",
        request=s.PartnershipUpdateInputSerializer(partial=True),
        responses={200: s.PartnershipDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def patch(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        partnership = get_partnership_for_user(actor, pk, for_write=True)
        changes = validated(s.PartnershipUpdateInputSerializer, request.data, partial=True)
        merged = _current_description(partnership)
        safeguards = {**merged["safeguards"], **changes.get("safeguards", {})}
        merged.update(changes, safeguards=safeguards)
        partnership_update(actor=actor, partnership_id=pk, data=_partnership_input(merged))
        return _detail(request, pk)


MOVE_APIS = move_apis(
    PARTNERSHIP_LIFECYCLE,
    base=JsonApi,
    access=PARTNERSHIP_MEMBERS,
    detail=_detail,
    detail_serializer=s.PartnershipDetailOutputSerializer,
    tags=TAG,
    operation_prefix="partnerships",
    class_prefix="Partnership",
    module=__name__,
    who="officers of the partnership's governing members (403 for other members)",
)


# --- Members ----------------------------------------------------------------------------------
class PartnershipMemberListAddApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_members_list",
        summary="Members of the partnership",
        responses={200: s.MemberOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        return Response(s.MemberOutputSerializer(partnership.members.all(), many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_members_add",
        summary="Add an organisation in a role",
        request=s.MemberInputSerializer,
        responses={201: s.MemberOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        values = dict(validated(s.MemberInputSerializer, request.data))
        data = MemberInput(organisation_id=values.pop("organisation"), **values)
        member = member_add(actor=actor, partnership_id=pk, data=data)
        return Response(s.MemberOutputSerializer(member).data, status=status.HTTP_201_CREATED)


class PartnershipMemberRemoveApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_members_remove",
        summary="Remove a member",
        responses={204: None, **REFUSED, **CONFLICT},
    )
    def delete(self, request: Request, pk: int, member_id: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        member_remove(actor=actor, partnership_id=pk, member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Targets and indicators -------------------------------------------------------------------
class PartnershipTargetListSetApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_targets_list",
        summary="Annual targets, with the actuals reported so far",
        responses={200: s.AnnualTargetOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        rows = partnership_targets_with_actuals(partnership=partnership)
        return Response(s.AnnualTargetOutputSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_targets_set",
        summary="Set one year's targets (creates or replaces that year)",
        request=s.AnnualTargetInputSerializer,
        responses={200: s.AnnualTargetOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        values = validated(s.AnnualTargetInputSerializer, request.data)
        target = annual_target_set(actor=actor, partnership_id=pk, **values)
        rows = partnership_targets_with_actuals(partnership=target.partnership)
        row = next(r for r in rows if r.target.year == target.year)
        return Response(s.AnnualTargetOutputSerializer(row).data)


class PartnershipIndicatorListSetApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_indicators_list",
        summary="Custom indicators per year",
        responses={200: s.CustomIndicatorOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        rows = partnership.custom_indicators.all()
        return Response(s.CustomIndicatorOutputSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_indicators_set",
        summary="Set a custom indicator for one year (creates or replaces it, by name)",
        request=s.CustomIndicatorInputSerializer,
        responses={200: s.CustomIndicatorOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        values = validated(s.CustomIndicatorInputSerializer, request.data)
        indicator = custom_indicator_set(actor=actor, partnership_id=pk, **values)
        return Response(s.CustomIndicatorOutputSerializer(indicator).data)


# --- Costs ------------------------------------------------------------------------------------
def _cost_entries(partnership: Partnership) -> QuerySet[CostEntry]:
    """The whole ledger, voided lines included: it is the record of what was entered."""
    return partnership.costs.select_related("payer")


class PartnershipCostListRecordApi(JsonApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_costs_list",
        summary="The cost-sharing ledger, newest first, voided entries included",
        responses={200: s.CostEntryOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        return _page(self, request, _cost_entries(partnership), s.CostEntryOutputSerializer)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_costs_record",
        summary="Record a commitment or an expenditure",
        description="A migration cost paid by the migrants is recorded but flagged "
        "(`breaches_employer_pays`).",
        request=s.CostEntryInputSerializer,
        responses={201: s.CostEntryOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        values = dict(validated(s.CostEntryInputSerializer, request.data))
        data = CostInput(payer_id=values.pop("payer"), **values)
        entry = cost_entry_record(actor=actor, partnership_id=pk, data=data)
        return Response(s.CostEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class PartnershipCostSummaryApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_costs_summary",
        summary="Totals per payer and per cost group, per currency; employer-pays breaches",
        responses={200: s.CostSummaryOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        summary = partnership_cost_summary(partnership=partnership)

        def amounts(kinds: dict[str, Any]) -> dict[str, Any]:
            return {k: kinds.get(k, 0) for k in CostEntry.Kind.values}

        by_payer = []
        for (payer, currency), groups in sorted(summary.by_payer.items()):
            rows = [
                {"cost_group": g, "currency": currency, **amounts(kinds)}
                for g, kinds in sorted(groups.items())
            ]
            totals = {k: sum(r[k] for r in rows) for k in CostEntry.Kind.values}
            by_payer.append({"payer": payer, "currency": currency, "groups": rows, **totals})
        by_group = [
            {"cost_group": group, "currency": currency, **amounts(kinds)}
            for (group, currency), kinds in sorted(summary.by_group.items())
        ]
        data = {"by_payer": by_payer, "by_group": by_group, "breaches": summary.breaches}
        return Response(s.CostSummaryOutputSerializer(data).data)


class PartnershipCostVoidApi(JsonApi):
    @extend_schema(
        tags=TAG,
        operation_id="partnerships_costs_void",
        summary="Void a ledger entry (entries are never edited or deleted)",
        request=s.VoidInputSerializer,
        responses={200: s.CostEntryOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int, entry_id: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        reason = validated(s.VoidInputSerializer, request.data)["reason"]
        entry = cost_entry_void(actor=actor, partnership_id=pk, entry_id=entry_id, reason=reason)
        return Response(s.CostEntryOutputSerializer(entry).data)


# --- Documents --------------------------------------------------------------------------------
class PartnershipDocumentListUploadApi(JsonApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_documents_list",
        summary="Agreement documents (metadata; files are downloaded from download_url)",
        responses={200: s.DocumentOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        rows = partnership.documents.all()
        context = {"request": request}
        return Response(s.DocumentOutputSerializer(rows, many=True, context=context).data)

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_documents_upload",
        summary="Upload a document (multipart); its content is checked, not its name",
        request={"multipart/form-data": s.DocumentInputSerializer},
        responses={201: s.DocumentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_partnership_for_user(actor, pk, for_write=True)
        values = validated(s.DocumentInputSerializer, request.data)
        document = document_upload(
            actor=actor,
            partnership_id=pk,
            upload=values["file"],
            title=values["title"],
            kind=values["kind"],
        )
        data = s.DocumentOutputSerializer(document, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


# --- History ----------------------------------------------------------------------------------
class PartnershipHistoryApi(JsonApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="partnerships_history",
        summary="Every change to the partnership, newest first",
        responses={200: s.HistoryEventOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        events = partnership_history(partnership=partnership)
        return _page(self, request, events, s.HistoryEventOutputSerializer)
