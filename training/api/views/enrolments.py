"""A cohort's participants through the API: list, add, move one or many, and one enrolment's
track, progress and outcomes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.pagination import PagePagination
from core.api.responses import BAD, CONFLICT, NOT_FOUND, REFUSED
from core.api.views import change_input
from training.api import serializers as s
from training.api.views.base import TrainingApi, detail_response, move_endpoints, page_of
from training.permissions import (
    COHORT_MANAGERS,
    COHORT_READERS,
    ENROLMENT_MANAGERS,
    ENROLMENT_READERS,
    get_cohort_for_user,
    get_enrolment_for_user,
)
from training.selectors import enrolment_detail, enrolment_list
from training.services import (
    ENROLMENT_LIFECYCLE,
    OutcomeInput,
    enrolment_add,
    enrolment_change_track,
    enrolment_record_progress,
    enrolments_bulk_action,
    outcome_record,
)

_enrolment_detail = detail_response(
    s.EnrolmentDetailOutputSerializer,
    lambda user, pk: enrolment_detail(user=user, enrolment_id=pk),
    gettext_lazy("No such enrolment."),
)
ENROLMENT_MOVE_APIS = move_endpoints(
    ENROLMENT_LIFECYCLE,
    _enrolment_detail,
    access=ENROLMENT_MANAGERS,
    module=__name__,
)


# --- Enrolments -------------------------------------------------------------------------------
class CohortEnrolmentListAddApi(TrainingApi):
    access = COHORT_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="training_enrolments_list",
        summary="Participants of a cohort, by name",
        description="Partnership officers see pseudonyms only (`participant.identity` is null): "
        "they find people by pseudonym, and `sex` or `sort=name` is refused (400).",
        parameters=[s.EnrolmentFilterSerializer],
        responses={200: s.EnrolmentListOutputSerializer(many=True), **BAD, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        cohort = get_cohort_for_user(user, pk)
        params = validated(s.EnrolmentFilterSerializer, request.query_params)
        rows = enrolment_list(user=user, cohort=cohort, params=params)
        return page_of(self, request, rows, s.EnrolmentListOutputSerializer)

    @extend_schema(
        operation_id="training_enrolments_add",
        summary="Add a person registered with the provider to the cohort",
        request=s.EnrolmentAddInputSerializer,
        responses={201: s.EnrolmentDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_cohort_for_user, s.EnrolmentAddInputSerializer
        )
        enrolment = enrolment_add(
            actor=actor,
            cohort_id=pk,
            profile_id=values["profile"],
            track=values["track"],
            status=values["status"],
            participant_ref=values["participant_ref"],
        )
        return _enrolment_detail(request, enrolment.pk, code=status.HTTP_201_CREATED)


class CohortEnrolmentBulkApi(TrainingApi):
    access = COHORT_MANAGERS

    @extend_schema(
        operation_id="training_enrolments_bulk",
        summary="Apply one action to many enrolments of the cohort",
        description="Each enrolment moves or says why it cannot; one refusal does not stop "
        "the others.",
        request=s.EnrolmentBulkInputSerializer,
        responses={200: s.EnrolmentBulkOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_cohort_for_user, s.EnrolmentBulkInputSerializer
        )
        result = enrolments_bulk_action(
            actor=actor,
            cohort_id=pk,
            enrolment_ids=values["ids"],
            action=values["action"],
            reason=values["reason"],
        )
        data = {"done": result.done, "refused": {str(k): v for k, v in result.refused.items()}}
        return Response(s.EnrolmentBulkOutputSerializer(data).data)


class EnrolmentDetailApi(TrainingApi):
    access = ENROLMENT_READERS

    @extend_schema(
        operation_id="training_enrolments_retrieve",
        summary="An enrolment with its track history, outcomes and certificate",
        responses={200: s.EnrolmentDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _enrolment_detail(request, pk)


class EnrolmentTrackApi(TrainingApi):
    access = ENROLMENT_MANAGERS

    @extend_schema(
        operation_id="training_enrolments_track",
        summary="Move the participant to the home or the away track, saying why",
        description="Kept in the enrolment's track history.",
        request=s.TrackChangeInputSerializer,
        responses={200: s.EnrolmentDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_enrolment_for_user, s.TrackChangeInputSerializer
        )
        enrolment_change_track(
            actor=actor, enrolment_id=pk, track=values["track"], reason=values["reason"]
        )
        return _enrolment_detail(request, pk)


class EnrolmentProgressApi(TrainingApi):
    access = ENROLMENT_MANAGERS

    @extend_schema(
        operation_id="training_enrolments_progress",
        summary="Record attendance and the assessment result",
        description="While enrolled or once completed.",
        request=s.EnrolmentProgressInputSerializer,
        responses={200: s.EnrolmentDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_enrolment_for_user, s.EnrolmentProgressInputSerializer
        )
        enrolment_record_progress(actor=actor, enrolment_id=pk, **values)
        return _enrolment_detail(request, pk)


class EnrolmentOutcomeSetApi(TrainingApi):
    access = ENROLMENT_MANAGERS

    @extend_schema(
        operation_id="training_enrolments_outcome_set",
        summary="Record (or correct) the follow-up 3, 6 or 12 months after completion",
        request=s.TrainingOutcomeInputSerializer,
        responses={200: s.TrainingOutcomeOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int, months: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_enrolment_for_user, s.TrainingOutcomeInputSerializer
        )
        data = OutcomeInput(
            months=months,
            status=values["status"],
            country=values["country"],
            occupation_id=values["occupation"],
            wage_band=values["wage_band"],
        )
        outcome = outcome_record(actor=actor, enrolment_id=pk, data=data)
        return Response(s.TrainingOutcomeOutputSerializer(outcome).data)
