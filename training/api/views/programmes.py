"""Programmes through the API: list, create, read, describe, publish or archive, and their
funding lines."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import acting_organisation_id
from core.api.helpers import request_user, validated
from core.api.pagination import PagePagination
from core.api.responses import BAD, CONFLICT, FORBIDDEN, NOT_FOUND, REFUSED, STALE
from core.api.views import ETAG, IF_MATCH, change_input, if_match
from training.api import serializers as s
from training.api.views.base import TrainingApi, detail_response, move_endpoints, page_of
from training.permissions import (
    PROGRAMME_MANAGERS,
    PROGRAMME_READERS,
    TRAINING_READERS,
    can_run_training,
    get_programme_for_user,
    provider_organisations_of,
)
from training.selectors import programme_detail, programme_list_for_user
from training.services import (
    PROGRAMME_LIFECYCLE,
    ProgrammeInput,
    funding_line_remove,
    funding_line_set,
    programme_create,
    programme_update,
)


def _programme_input(provider_id: int, values: dict[str, Any]) -> ProgrammeInput:
    values = dict(values)
    return ProgrammeInput(
        provider_id=provider_id,
        partnership_id=values.pop("partnership"),
        occupation_ids=values.pop("occupations"),
        skill_ids=values.pop("skills"),
        **values,
    )


_programme_detail = detail_response(
    s.ProgrammeDetailOutputSerializer,
    lambda user, pk: programme_detail(user=user, programme_id=pk),
    gettext_lazy("No such programme."),
    versioned=True,
)
PROGRAMME_MOVE_APIS = move_endpoints(
    PROGRAMME_LIFECYCLE,
    _programme_detail,
    access=PROGRAMME_MANAGERS,
    module=__name__,
)


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeListCreateApi(TrainingApi):
    access = TRAINING_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="training_programmes_list",
        summary="Programmes the caller may see: their provider's, and their partnership's",
        parameters=[s.ProgrammeFilterSerializer],
        responses={200: s.ProgrammeListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.ProgrammeFilterSerializer, request.query_params)
        rows = programme_list_for_user(user=request_user(request), params=params)
        return page_of(self, request, rows, s.ProgrammeListOutputSerializer)

    @extend_schema(
        operation_id="training_programmes_create",
        summary="Create a draft programme for the caller's training provider",
        request=s.ProgrammeCreateInputSerializer,
        responses={201: s.ProgrammeDetailOutputSerializer, **BAD, **FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        if not can_run_training(actor):
            raise PermissionDenied(_("Only staff of a training provider create programmes."))
        values = dict(validated(s.ProgrammeCreateInputSerializer, request.data))
        provider = acting_organisation_id(
            provider_organisations_of(actor), values.pop("provider"), field="provider"
        )
        programme = programme_create(actor=actor, data=_programme_input(provider, values))
        return _programme_detail(request, programme.pk, code=status.HTTP_201_CREATED)


class ProgrammeDetailUpdateApi(TrainingApi):
    access = PROGRAMME_READERS

    @extend_schema(
        operation_id="training_programmes_retrieve",
        summary="A programme with its funding lines and the actions open to the caller",
        responses={200: s.ProgrammeDetailOutputSerializer, **NOT_FOUND},
        parameters=[ETAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _programme_detail(request, pk)

    @extend_schema(
        operation_id="training_programmes_update",
        summary="Replace a programme's description",
        description="Every field given replaces the current value; the provider never changes. "
        "Send the detail's `ETag` in `If-Match` so that a change made meanwhile by someone else "
        "is not overwritten (412).",
        request=s.ProgrammeUpdateInputSerializer,
        responses={200: s.ProgrammeDetailOutputSerializer, **REFUSED, **CONFLICT, **STALE},
        parameters=[IF_MATCH, ETAG],
    )
    def put(self, request: Request, pk: int) -> Response:
        actor, programme, values = change_input(
            request, pk, get_programme_for_user, s.ProgrammeUpdateInputSerializer
        )
        data = _programme_input(programme.provider_id, values)
        programme_update(actor=actor, programme_id=pk, data=data, version=if_match(request))
        return _programme_detail(request, pk)


class ProgrammeFundingListSetApi(TrainingApi):
    access = PROGRAMME_READERS

    @extend_schema(
        operation_id="training_programmes_funding_list",
        summary="Who pays how much of each trainee's cost",
        responses={200: s.FundingLineOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        programme = get_programme_for_user(request_user(request), pk)
        rows = programme.funding.select_related("payer")
        return Response(s.FundingLineOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="training_programmes_funding_set",
        summary="Set a payer's amount per trainee (creates or replaces the payer's line)",
        description="The payer is a member of the programme's partnership; the lines together "
        "stay within the cost per trainee. Posted to the partnership's cost-sharing ledger when "
        "a cohort starts.",
        request=s.FundingLineInputSerializer,
        responses={200: s.FundingLineOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_programme_for_user, s.FundingLineInputSerializer
        )
        line = funding_line_set(
            actor=actor,
            programme_id=pk,
            payer_id=values["payer"],
            amount_per_trainee=values["amount_per_trainee"],
        )
        return Response(s.FundingLineOutputSerializer(line).data)


class ProgrammeFundingRemoveApi(TrainingApi):
    access = PROGRAMME_MANAGERS

    @extend_schema(
        operation_id="training_programmes_funding_remove",
        summary="Remove a funding line",
        responses={204: None, **REFUSED},
    )
    def delete(self, request: Request, pk: int, line_id: int) -> Response:
        actor, programme, _values = change_input(request, pk, get_programme_for_user)
        if not programme.funding.filter(pk=line_id).exists():
            raise Http404(_("No such funding line."))
        funding_line_remove(actor=actor, programme_id=pk, line_id=line_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
