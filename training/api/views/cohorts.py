"""Cohorts through the API: list, plan, read, change, move through their lifecycle, and their
indicators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api.helpers import request_user, validated
from core.api.pagination import PagePagination
from core.api.responses import BAD, CONFLICT, NOT_FOUND, REFUSED, STALE
from core.api.views import ETAG, IF_MATCH, change_input, if_match
from training.api import serializers as s
from training.api.views.base import TrainingApi, detail_response, move_endpoints, page_of
from training.models import Cohort
from training.permissions import (
    COHORT_MANAGERS,
    COHORT_READERS,
    TRAINING_READERS,
    get_cohort_for_user,
    get_programme_for_user,
)
from training.selectors import cohort_indicators, cohort_list_for_user
from training.services import COHORT_LIFECYCLE, CohortInput, cohort_create, cohort_update


def _cohort_with_seats(user: User, pk: int) -> Cohort | None:
    """The cohort with its seat counts, as the list shows it."""
    return cohort_list_for_user(user=user, params={}).filter(pk=pk).first()


_cohort_detail = detail_response(
    s.CohortDetailOutputSerializer,
    _cohort_with_seats,
    gettext_lazy("No such cohort."),
    versioned=True,
)
COHORT_MOVE_APIS = move_endpoints(
    COHORT_LIFECYCLE,
    _cohort_detail,
    access=COHORT_MANAGERS,
    module=__name__,
)


# --- Cohorts ----------------------------------------------------------------------------------
class CohortListCreateApi(TrainingApi):
    access = TRAINING_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="training_cohorts_list",
        summary="Cohorts of the programmes the caller may see, with their seat counts",
        parameters=[s.CohortFilterSerializer],
        responses={200: s.CohortListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.CohortFilterSerializer, request.query_params)
        rows = cohort_list_for_user(user=request_user(request), params=params)
        return page_of(self, request, rows, s.CohortListOutputSerializer)

    @extend_schema(
        operation_id="training_cohorts_create",
        summary="Plan a cohort of one of the caller's programmes",
        request=s.CohortCreateInputSerializer,
        responses={201: s.CohortDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        programme_id = validated(s.CohortProgrammeInputSerializer, request.data)["programme"]
        get_programme_for_user(actor, programme_id, for_write=True)
        values = dict(validated(s.CohortCreateInputSerializer, request.data))
        del values["programme"]
        cohort = cohort_create(actor=actor, programme_id=programme_id, data=CohortInput(**values))
        return _cohort_detail(request, cohort.pk, code=status.HTTP_201_CREATED)


class CohortDetailUpdateApi(TrainingApi):
    access = COHORT_READERS

    @extend_schema(
        operation_id="training_cohorts_retrieve",
        summary="A cohort with its seat counts and the actions open to the caller",
        responses={200: s.CohortDetailOutputSerializer, **NOT_FOUND},
        parameters=[ETAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _cohort_detail(request, pk)

    @extend_schema(
        operation_id="training_cohorts_update",
        summary="Replace a cohort's code, dates, capacity and location",
        description="Send the detail's `ETag` in `If-Match` so that a change made meanwhile by "
        "someone else is not overwritten (412).",
        request=s.CohortUpdateInputSerializer,
        responses={200: s.CohortDetailOutputSerializer, **REFUSED, **CONFLICT, **STALE},
        parameters=[IF_MATCH, ETAG],
    )
    def put(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_cohort_for_user, s.CohortUpdateInputSerializer
        )
        cohort_update(
            actor=actor, cohort_id=pk, data=CohortInput(**values), version=if_match(request)
        )
        return _cohort_detail(request, pk)


class CohortIndicatorsApi(TrainingApi):
    access = COHORT_READERS

    @extend_schema(
        operation_id="training_cohorts_indicators",
        summary="Completion, certification, dropout, women's share, tracks and outcomes",
        description="With the partnership's annual target for the year the cohort ends beside "
        "them.",
        responses={200: s.CohortIndicatorsOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        cohort = get_cohort_for_user(request_user(request), pk)
        indicators = cohort_indicators(cohort=cohort)
        partnership = cohort.programme.partnership
        data = {
            **vars(indicators),
            "target": indicators.target,
            "target_away_share": partnership.target_away_share if partnership else None,
        }
        return Response(s.CohortIndicatorsOutputSerializer(data).data)
