"""Training API: parse, authorise, call one service, respond.

Every view on a programme, cohort or enrolment first looks it up with the
``training.permissions`` helpers (404 for what the caller may not see; with ``for_write``, 403 for
what they may only read: partnership officers and the provider's viewers), before it reads the
body, so a stranger learns nothing from validation errors. The services check again under the
row lock and own every business rule: a move refused in the record's status answers 409.

Participant imports are in ``training.api.import_views``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import acting_organisation_id
from core.access import Access
from core.api.helpers import INVALID, request_user, validated
from core.api.moves import move_apis
from core.api.pagination import PagePagination
from core.transitions import Lifecycle
from migrants.permissions import own_profile
from training.api import serializers as s
from training.models import Cohort, Enrolment
from training.permissions import (
    CERTIFICATE_MANAGERS,
    CERTIFICATE_READERS,
    COHORT_MANAGERS,
    COHORT_READERS,
    ENROLMENT_MANAGERS,
    ENROLMENT_READERS,
    PROGRAMME_MANAGERS,
    PROGRAMME_READERS,
    TRAINEES,
    TRAINING_READERS,
    can_run_training,
    certificates_visible_to,
    get_certificate_for_user,
    get_cohort_for_user,
    get_enrolment_for_user,
    get_programme_for_user,
    participant_identity_rule,
    provider_organisations_of,
)
from training.selectors import (
    cohort_indicators,
    cohort_list_for_user,
    enrolment_detail,
    enrolment_list,
    my_enrolments,
    programme_detail,
    programme_list_for_user,
)
from training.services import (
    COHORT_LIFECYCLE,
    ENROLMENT_LIFECYCLE,
    PROGRAMME_LIFECYCLE,
    CohortInput,
    OutcomeInput,
    ProgrammeInput,
    certificate_revoke,
    cohort_create,
    cohort_update,
    enrolment_add,
    enrolment_change_track,
    enrolment_record_progress,
    enrolments_bulk_action,
    funding_line_remove,
    funding_line_set,
    outcome_record,
    programme_create,
    programme_update,
)

TAG = ["training"]
ERROR = s.ErrorSerializer
NOT_FOUND = {
    404: OpenApiResponse(ERROR, description="No such record, or not visible to the caller")
}
FORBIDDEN = {
    403: OpenApiResponse(
        ERROR, description="The caller may read but not change it (partnership officers, viewers)"
    )
}
BAD = {400: OpenApiResponse(INVALID, description="Invalid input or a broken business rule")}
REFUSED = {**BAD, **FORBIDDEN, **NOT_FOUND}
CONFLICT = {409: OpenApiResponse(ERROR, description="Refused in the record's current status")}


# --- Small helpers ----------------------------------------------------------------------------
def _context(request: Request, **extra: Any) -> dict[str, Any]:
    return {
        "request": request,
        "identity_for": participant_identity_rule(request_user(request)),
        **extra,
    }


def paginated(
    view: APIView,
    request: Request,
    rows: QuerySet[Any] | Sequence[Any],
    serializer_class: type[BaseSerializer[Any]],
) -> Response:
    paginator = PagePagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    data = serializer_class(page or [], many=True, context=_context(request)).data
    return paginator.get_paginated_response(data)


def _programme_detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    programme = programme_detail(user=request_user(request), programme_id=pk)
    if programme is None:
        raise Http404(_("No such programme."))
    data = s.ProgrammeDetailOutputSerializer(programme, context=_context(request)).data
    return Response(data, status=code)


def _cohort(user: User, pk: int) -> Cohort:
    """The cohort with its seat counts, as the list shows it."""
    cohort = cohort_list_for_user(user=user, params={}).filter(pk=pk).first()
    if cohort is None:
        raise Http404(_("No such cohort."))
    return cohort


def _cohort_detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    cohort = _cohort(request_user(request), pk)
    data = s.CohortDetailOutputSerializer(cohort, context=_context(request)).data
    return Response(data, status=code)


def _enrolment_detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    enrolment = enrolment_detail(user=request_user(request), enrolment_id=pk)
    if enrolment is None:
        raise Http404(_("No such enrolment."))
    data = s.EnrolmentDetailOutputSerializer(enrolment, context=_context(request)).data
    return Response(data, status=code)


def _programme_input(provider_id: int, values: dict[str, Any]) -> ProgrammeInput:
    values = dict(values)
    return ProgrammeInput(
        provider_id=provider_id,
        partnership_id=values.pop("partnership"),
        occupation_ids=values.pop("occupations"),
        skill_ids=values.pop("skills"),
        **values,
    )


class TrainingApi(APIView):
    """Each endpoint declares its own ``access`` (``training.permissions``)."""

    parser_classes = [JSONParser]


# --- Lifecycle moves: one endpoint each, made from the services' declarations ----------------
def _moves(
    lifecycle: Lifecycle[Any],
    detail: Any,
    output: type[BaseSerializer[Any]],
    entity: str,
    access: Access,
) -> dict[str, type[APIView]]:
    return move_apis(
        lifecycle,
        base=TrainingApi,
        access=access,
        detail=detail,
        detail_serializer=output,
        tags=TAG,
        operation_prefix=f"training_{entity}s",
        class_prefix=entity.capitalize(),
        module=__name__,
        who="staff of the training provider (403 for those who may only read it)",
    )


PROGRAMME_MOVE_APIS = _moves(
    PROGRAMME_LIFECYCLE,
    _programme_detail,
    s.ProgrammeDetailOutputSerializer,
    "programme",
    PROGRAMME_MANAGERS,
)
COHORT_MOVE_APIS = _moves(
    COHORT_LIFECYCLE, _cohort_detail, s.CohortDetailOutputSerializer, "cohort", COHORT_MANAGERS
)
ENROLMENT_MOVE_APIS = _moves(
    ENROLMENT_LIFECYCLE,
    _enrolment_detail,
    s.EnrolmentDetailOutputSerializer,
    "enrolment",
    ENROLMENT_MANAGERS,
)


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeListCreateApi(TrainingApi):
    access = TRAINING_READERS
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="training_programmes_list",
        summary="Programmes the caller may see: their provider's, and their partnership's",
        parameters=[s.ProgrammeFilterSerializer],
        responses={200: s.ProgrammeListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.ProgrammeFilterSerializer, request.query_params)
        rows = programme_list_for_user(user=request_user(request), params=params)
        return paginated(self, request, rows, s.ProgrammeListOutputSerializer)

    @extend_schema(
        tags=TAG,
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
        tags=TAG,
        operation_id="training_programmes_retrieve",
        summary="A programme with its funding lines and the actions open to the caller",
        responses={200: s.ProgrammeDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _programme_detail(request, pk)

    @extend_schema(
        tags=TAG,
        operation_id="training_programmes_update",
        summary="Replace a programme's description",
        description="Every field given replaces the current value; the provider never changes.",
        request=s.ProgrammeUpdateInputSerializer,
        responses={200: s.ProgrammeDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        programme = get_programme_for_user(actor, pk, for_write=True)
        values = validated(s.ProgrammeUpdateInputSerializer, request.data)
        data = _programme_input(programme.provider_id, values)
        programme_update(actor=actor, programme_id=pk, data=data)
        return _programme_detail(request, pk)


class ProgrammeFundingListSetApi(TrainingApi):
    access = PROGRAMME_READERS

    @extend_schema(
        tags=TAG,
        operation_id="training_programmes_funding_list",
        summary="Who pays how much of each trainee's cost",
        responses={200: s.FundingLineOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        programme = get_programme_for_user(request_user(request), pk)
        rows = programme.funding.select_related("payer")
        return Response(s.FundingLineOutputSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="training_programmes_funding_set",
        summary="Set a payer's amount per trainee (creates or replaces the payer's line)",
        description="The payer is a member of the programme's partnership; the lines together "
        "stay within the cost per trainee. Posted to the partnership's cost-sharing ledger when "
        "a cohort starts.",
        request=s.FundingLineInputSerializer,
        responses={200: s.FundingLineOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_programme_for_user(actor, pk, for_write=True)
        values = validated(s.FundingLineInputSerializer, request.data)
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
        tags=TAG,
        operation_id="training_programmes_funding_remove",
        summary="Remove a funding line",
        responses={204: None, **REFUSED},
    )
    def delete(self, request: Request, pk: int, line_id: int) -> Response:
        actor = request_user(request)
        programme = get_programme_for_user(actor, pk, for_write=True)
        if not programme.funding.filter(pk=line_id).exists():
            raise Http404(_("No such funding line."))
        funding_line_remove(actor=actor, programme_id=pk, line_id=line_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Cohorts ----------------------------------------------------------------------------------
class CohortListCreateApi(TrainingApi):
    access = TRAINING_READERS
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="training_cohorts_list",
        summary="Cohorts of the programmes the caller may see, with their seat counts",
        parameters=[s.CohortFilterSerializer],
        responses={200: s.CohortListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.CohortFilterSerializer, request.query_params)
        rows = cohort_list_for_user(user=request_user(request), params=params)
        return paginated(self, request, rows, s.CohortListOutputSerializer)

    @extend_schema(
        tags=TAG,
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
        tags=TAG,
        operation_id="training_cohorts_retrieve",
        summary="A cohort with its seat counts and the actions open to the caller",
        responses={200: s.CohortDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _cohort_detail(request, pk)

    @extend_schema(
        tags=TAG,
        operation_id="training_cohorts_update",
        summary="Replace a cohort's code, dates, capacity and location",
        request=s.CohortUpdateInputSerializer,
        responses={200: s.CohortDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_cohort_for_user(actor, pk, for_write=True)
        values = validated(s.CohortUpdateInputSerializer, request.data)
        cohort_update(actor=actor, cohort_id=pk, data=CohortInput(**values))
        return _cohort_detail(request, pk)


class CohortIndicatorsApi(TrainingApi):
    access = COHORT_READERS

    @extend_schema(
        tags=TAG,
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


# --- Enrolments -------------------------------------------------------------------------------
class CohortEnrolmentListAddApi(TrainingApi):
    access = COHORT_READERS
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
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
        return paginated(self, request, rows, s.EnrolmentListOutputSerializer)

    @extend_schema(
        tags=TAG,
        operation_id="training_enrolments_add",
        summary="Add a person registered with the provider to the cohort",
        request=s.EnrolmentAddInputSerializer,
        responses={201: s.EnrolmentDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_cohort_for_user(actor, pk, for_write=True)
        values = validated(s.EnrolmentAddInputSerializer, request.data)
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
        tags=TAG,
        operation_id="training_enrolments_bulk",
        summary="Apply one action to many enrolments of the cohort",
        description="Each enrolment moves or says why it cannot; one refusal does not stop "
        "the others.",
        request=s.EnrolmentBulkInputSerializer,
        responses={200: s.EnrolmentBulkOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_cohort_for_user(actor, pk, for_write=True)
        values = validated(s.EnrolmentBulkInputSerializer, request.data)
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
        tags=TAG,
        operation_id="training_enrolments_retrieve",
        summary="An enrolment with its track history, outcomes and certificate",
        responses={200: s.EnrolmentDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _enrolment_detail(request, pk)


class EnrolmentTrackApi(TrainingApi):
    access = ENROLMENT_MANAGERS

    @extend_schema(
        tags=TAG,
        operation_id="training_enrolments_track",
        summary="Move the participant to the home or the away track, saying why",
        description="Kept in the enrolment's track history.",
        request=s.TrackChangeInputSerializer,
        responses={200: s.EnrolmentDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_enrolment_for_user(actor, pk, for_write=True)
        values = validated(s.TrackChangeInputSerializer, request.data)
        enrolment_change_track(
            actor=actor, enrolment_id=pk, track=values["track"], reason=values["reason"]
        )
        return _enrolment_detail(request, pk)


class EnrolmentProgressApi(TrainingApi):
    access = ENROLMENT_MANAGERS

    @extend_schema(
        tags=TAG,
        operation_id="training_enrolments_progress",
        summary="Record attendance and the assessment result",
        description="While enrolled or once completed.",
        request=s.EnrolmentProgressInputSerializer,
        responses={200: s.EnrolmentDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_enrolment_for_user(actor, pk, for_write=True)
        values = validated(s.EnrolmentProgressInputSerializer, request.data)
        enrolment_record_progress(actor=actor, enrolment_id=pk, **values)
        return _enrolment_detail(request, pk)


class EnrolmentOutcomeSetApi(TrainingApi):
    access = ENROLMENT_MANAGERS

    @extend_schema(
        tags=TAG,
        operation_id="training_enrolments_outcome_set",
        summary="Record (or correct) the follow-up 3, 6 or 12 months after completion",
        request=s.TrainingOutcomeInputSerializer,
        responses={200: s.TrainingOutcomeOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int, months: int) -> Response:
        actor = request_user(request)
        get_enrolment_for_user(actor, pk, for_write=True)
        values = validated(s.TrainingOutcomeInputSerializer, request.data)
        data = OutcomeInput(
            months=months,
            status=values["status"],
            country=values["country"],
            occupation_id=values["occupation"],
            wage_band=values["wage_band"],
        )
        outcome = outcome_record(actor=actor, enrolment_id=pk, data=data)
        return Response(s.TrainingOutcomeOutputSerializer(outcome).data)


# --- Certificates -----------------------------------------------------------------------------
class CertificateListApi(TrainingApi):
    access = CERTIFICATE_READERS
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="training_certificates_list",
        summary="Certificates the caller may see, newest first",
        description="A migrant: their own. Provider staff: those they issued. Partnership "
        "officers: those of their partnership's programmes, holders by pseudonym only.",
        responses={200: s.CertificateOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = certificates_visible_to(request_user(request)).order_by("-issued_at", "-id")
        return paginated(self, request, rows, s.CertificateOutputSerializer)


class CertificateDetailApi(TrainingApi):
    access = CERTIFICATE_READERS

    @extend_schema(
        tags=TAG,
        operation_id="training_certificates_retrieve",
        summary="A certificate, with its verification code and public verification URL",
        responses={200: s.CertificateOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        certificate = get_certificate_for_user(request_user(request), pk)
        return Response(s.CertificateOutputSerializer(certificate, context=_context(request)).data)


class CertificateRevokeApi(TrainingApi):
    access = CERTIFICATE_MANAGERS

    @extend_schema(
        tags=TAG,
        operation_id="training_certificates_revoke",
        summary="Revoke a certificate, with the reason",
        description="The public verification then shows it as revoked.",
        request=s.TrainingReasonInputSerializer,
        responses={200: s.CertificateOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_certificate_for_user(actor, pk, for_write=True)
        reason = validated(s.TrainingReasonInputSerializer, request.data)["reason"]
        certificate_revoke(actor=actor, certificate_id=pk, reason=reason)
        certificate = get_certificate_for_user(actor, pk)
        return Response(s.CertificateOutputSerializer(certificate, context=_context(request)).data)


# --- The migrant's own ------------------------------------------------------------------------
class MyEnrolmentListApi(TrainingApi):
    access = TRAINEES

    @extend_schema(
        tags=TAG,
        operation_id="training_me_enrolments",
        summary="The caller's own enrolments, newest cohort first, with their certificates",
        responses={200: s.MyEnrolmentOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        profile = own_profile(request_user(request))
        rows = my_enrolments(profile=profile) if profile else Enrolment.objects.none()
        # Every row is the caller's own: they see their certificates' codes.
        context = {"request": request, "identity_for": lambda _enrolment: True}
        data = s.MyEnrolmentOutputSerializer(rows, many=True, context=context).data
        return Response(data)
