"""A partnership's records: members, targets and indicators, costs, documents, history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import PagePagination, paginated
from core.api.views import answer, change_input
from partnerships.api import serializers as s
from partnerships.api.views.common import CONFLICT, NOT_FOUND, REFUSED, JsonApi
from partnerships.models import CostEntry, Partnership
from partnerships.permissions import (
    get_partnership_for_user,
)
from partnerships.selectors import (
    partnership_cost_summary,
    partnership_history,
    partnership_targets_with_actuals,
)
from partnerships.services import (
    CostInput,
    MemberInput,
    annual_target_set,
    cost_entry_record,
    cost_entry_void,
    custom_indicator_set,
    document_upload,
    member_add,
    member_remove,
)


# --- Members ----------------------------------------------------------------------------------
class PartnershipMemberListAddApi(JsonApi):
    @extend_schema(
        operation_id="partnerships_members_list",
        summary="Members of the partnership",
        responses={200: s.MemberOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        return Response(s.MemberOutputSerializer(partnership.members.all(), many=True).data)

    @extend_schema(
        operation_id="partnerships_members_add",
        summary="Add an organisation in a role",
        request=s.MemberInputSerializer,
        responses={201: s.MemberOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_partnership_for_user, s.MemberInputSerializer
        )
        data = MemberInput(organisation_id=values.pop("organisation"), **values)
        member = member_add(actor=actor, partnership_id=pk, data=data)
        return Response(s.MemberOutputSerializer(member).data, status=status.HTTP_201_CREATED)


class PartnershipMemberRemoveApi(JsonApi):
    @extend_schema(
        operation_id="partnerships_members_remove",
        summary="Remove a member",
        responses={204: None, **REFUSED, **CONFLICT},
    )
    def delete(self, request: Request, pk: int, member_id: int) -> Response:
        actor, _record, _values = change_input(request, pk, get_partnership_for_user)
        member_remove(actor=actor, partnership_id=pk, member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Targets and indicators -------------------------------------------------------------------
class PartnershipTargetListSetApi(JsonApi):
    @extend_schema(
        operation_id="partnerships_targets_list",
        summary="Annual targets, with the actuals reported so far",
        responses={200: s.AnnualTargetOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        rows = partnership_targets_with_actuals(partnership=partnership)
        return Response(s.AnnualTargetOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="partnerships_targets_set",
        summary="Set one year's targets (creates or replaces that year)",
        request=s.AnnualTargetInputSerializer,
        responses={200: s.AnnualTargetOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_partnership_for_user, s.AnnualTargetInputSerializer
        )
        target = annual_target_set(actor=actor, partnership_id=pk, **values)
        rows = partnership_targets_with_actuals(partnership=target.partnership)
        row = next(r for r in rows if r.target.year == target.year)
        return Response(s.AnnualTargetOutputSerializer(row).data)


class PartnershipIndicatorListSetApi(JsonApi):
    @extend_schema(
        operation_id="partnerships_indicators_list",
        summary="Custom indicators per year",
        responses={200: s.CustomIndicatorOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        rows = partnership.custom_indicators.all()
        return Response(s.CustomIndicatorOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="partnerships_indicators_set",
        summary="Set a custom indicator for one year (creates or replaces it, by name)",
        request=s.CustomIndicatorInputSerializer,
        responses={200: s.CustomIndicatorOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_partnership_for_user, s.CustomIndicatorInputSerializer
        )
        indicator = custom_indicator_set(actor=actor, partnership_id=pk, **values)
        return Response(s.CustomIndicatorOutputSerializer(indicator).data)


# --- Costs ------------------------------------------------------------------------------------
def _cost_entries(partnership: Partnership) -> QuerySet[CostEntry]:
    """The whole ledger, voided lines included: it is the record of what was entered."""
    return partnership.costs.select_related("payer")


class PartnershipCostListRecordApi(JsonApi):
    pagination_class = PagePagination

    @extend_schema(
        operation_id="partnerships_costs_list",
        summary="The cost-sharing ledger, newest first, voided entries included",
        responses={200: s.CostEntryOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        return paginated(self, request, _cost_entries(partnership), s.CostEntryOutputSerializer)

    @extend_schema(
        operation_id="partnerships_costs_record",
        summary="Record a commitment or an expenditure",
        description="A migration cost paid by the migrants is recorded but flagged "
        "(`breaches_employer_pays`).",
        request=s.CostEntryInputSerializer,
        responses={201: s.CostEntryOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_partnership_for_user, s.CostEntryInputSerializer
        )
        data = CostInput(payer_id=values.pop("payer"), **values)
        entry = cost_entry_record(actor=actor, partnership_id=pk, data=data)
        return Response(s.CostEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class PartnershipCostSummaryApi(JsonApi):
    @extend_schema(
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
        operation_id="partnerships_costs_void",
        summary="Void a ledger entry (entries are never edited or deleted)",
        request=s.VoidInputSerializer,
        responses={200: s.CostEntryOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int, entry_id: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_partnership_for_user, s.VoidInputSerializer
        )
        entry = cost_entry_void(
            actor=actor, partnership_id=pk, entry_id=entry_id, reason=values["reason"]
        )
        return Response(s.CostEntryOutputSerializer(entry).data)


# --- Documents --------------------------------------------------------------------------------
class PartnershipDocumentListUploadApi(JsonApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="partnerships_documents_list",
        summary="Agreement documents (metadata; files are downloaded from download_url)",
        responses={200: s.DocumentOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        rows = partnership.documents.all()
        return answer(s.DocumentOutputSerializer, rows, request, many=True)

    @extend_schema(
        operation_id="partnerships_documents_upload",
        summary="Upload a document (multipart); its content is checked, not its name",
        request={"multipart/form-data": s.DocumentInputSerializer},
        responses={201: s.DocumentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_partnership_for_user, s.DocumentInputSerializer
        )
        document = document_upload(
            actor=actor,
            partnership_id=pk,
            upload=values["file"],
            title=values["title"],
            kind=values["kind"],
        )
        return answer(s.DocumentOutputSerializer, document, request, code=status.HTTP_201_CREATED)


# --- History ----------------------------------------------------------------------------------
class PartnershipHistoryApi(JsonApi):
    pagination_class = PagePagination

    @extend_schema(
        operation_id="partnerships_history",
        summary="Every change to the partnership, newest first",
        responses={200: s.HistoryEventOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        events = partnership_history(partnership=partnership)
        return paginated(self, request, events, s.HistoryEventOutputSerializer)
