"""Recognition API: parse, authorise, call one service, respond.

Every route declares who may use it (``recognition.permissions``). Every view on a request looks
it up with ``get_request_for_user`` first (404 for what the caller may not see). The steps come
from ``RECOGNITION_LIFECYCLE``, one endpoint each (``core.api.moves``); the services check again
under the row lock who may take them (403: the applicant submits, resubmits, withdraws and
appeals; the authority's officers screen, ask, assess, decide and close) and own every business
rule: a step refused in the request's status answers 409 with the domain message, and so does a
second decision that lost the race to the first.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from accounts.models import User
from core.api.helpers import request_user, validated
from core.api.moves import move_apis
from core.api.pagination import PagePagination
from core.api.responses import BAD, refusal
from core.api.views import AppApi, RecordResponse
from recognition.api import inputs as i
from recognition.api import serializers as s
from recognition.models import Decision, RecognitionRequest
from recognition.permissions import (
    AUTHORITY_OFFICERS,
    AUTHORITY_STAFF,
    DECISION_OFFICERS,
    DECISION_VERIFICATION,
    FINDER_USERS,
    RECOGNITION_USERS,
    REQUEST_PARTIES,
    authority_ids_of,
    get_decision_for_user,
    get_request_for_user,
    requests_visible_to,
)
from recognition.presenters import (
    decision_document,
    decision_for_code,
    filter_by_due,
    rows_of,
    sort_by_due,
)
from recognition.selectors import precedents_for, recognition_finder, request_queue_for_officer
from recognition.services import (
    RECOGNITION_LIFECYCLE,
    decision_revoke,
    message_post,
    request_assign,
    request_create,
    request_input,
)

NOT_FOUND = refusal(404, "No such request, or not visible to the caller")
FORBIDDEN = refusal(403, "The caller is on the other side of the procedure")
REFUSED = {**BAD, **FORBIDDEN, **NOT_FOUND}
CONFLICT = refusal(409, "Refused in the request's status, or decided meanwhile by someone else")


def _request_with_history(user: User, pk: int) -> RecognitionRequest:
    req = get_request_for_user(user, pk)
    prefetch_related_objects(
        [req],
        Prefetch("decisions", Decision.objects.prefetch_related("measures")),
        "messages",
    )
    return req


_detail = RecordResponse(
    s.RecognitionRequestDetailOutputSerializer,
    _request_with_history,
    context=lambda request, req: {
        "request": request,
        "rows": {row.request.pk: row for row in rows_of([req])},
    },
)


class RecognitionApi(AppApi):
    access = REQUEST_PARTIES
    tags = ["recognition"]


# --- Steps: one endpoint per move of the request's lifecycle -----------------------------------
MOVE_APIS = move_apis(
    RECOGNITION_LIFECYCLE,
    base=RecognitionApi,
    access=REQUEST_PARTIES,
    detail=_detail,
    operation_prefix="recognition_requests",
    class_prefix="Request",
    module=__name__,
)


# --- Finder -----------------------------------------------------------------------------------
class FinderApi(RecognitionApi):
    access = FINDER_USERS

    @extend_schema(
        operation_id="recognition_finder",
        summary="The competent authority for an occupation in a destination country",
        parameters=[i.RecognitionFinderQuerySerializer],
        responses={200: s.RecognitionFinderOutputSerializer, **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(i.RecognitionFinderQuerySerializer, request.query_params)
        found = recognition_finder(
            country=params["country"], occupation_id=params.get("occupation")
        )
        profile = found.authority.recognition_profile if found.authority else None
        data = {"authority": profile, "regulated": found.regulated}
        return Response(s.RecognitionFinderOutputSerializer(data).data)


# --- Requests ---------------------------------------------------------------------------------
class RequestListCreateApi(RecognitionApi):
    access = RECOGNITION_USERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="recognition_requests_list",
        summary="The caller's requests, or their authority's queue",
        description="Applicants: their own requests, newest first (filter: `status`). "
        "Officers of a recognition authority: its queue without drafts, overdue first, then "
        "by the next due date, with every filter.",
        parameters=[i.RecognitionRequestFilterSerializer],
        responses={200: s.RecognitionRequestListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        params = validated(i.RecognitionRequestFilterSerializer, request.query_params)
        paginator = PagePagination()
        if authority_ids_of(actor):
            # The whole queue: its order comes from the computed due dates.
            queue = request_queue_for_officer(user=actor, params=params)
            rows = rows_of(queue)
            for flag, due in (("overdue", "overdue"), ("due_soon", "soon")):
                if params[flag]:
                    rows = filter_by_due(rows, due)
            page = paginator.paginate_queryset(sort_by_due(rows), request, view=self) or []
        else:
            own = requests_visible_to(actor).filter(applicant__user=actor)
            if params.get("status"):
                own = own.filter(status=params["status"])
            page = rows_of(paginator.paginate_queryset(own, request, view=self) or [])
        context = {"request": request, "rows": {row.request.pk: row for row in page}}
        requests = [row.request for row in page]
        data = s.RecognitionRequestListOutputSerializer(requests, many=True, context=context).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="recognition_requests_create",
        summary="Start a draft request on one of the caller's qualifications",
        description="Migrants only, on their own profile (403 for staff of an organisation).",
        request=i.RecognitionRequestCreateInputSerializer,
        responses={
            201: s.RecognitionRequestDetailOutputSerializer,
            **BAD,
            **refusal(403, "Recognition is asked for by migrants"),
        },
    )
    def post(self, request: Request) -> Response:
        values = validated(i.RecognitionRequestCreateInputSerializer, request.data)
        req = request_create(actor=request_user(request), data=request_input(values))
        return _detail(request, req.pk, code=status.HTTP_201_CREATED)


class RequestDetailApi(RecognitionApi):
    @extend_schema(
        operation_id="recognition_requests_retrieve",
        summary="A request with its deadlines, decisions, messages and the caller's next steps",
        responses={200: s.RecognitionRequestDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)


class RequestAssignApi(RecognitionApi):
    access = AUTHORITY_OFFICERS

    @extend_schema(
        operation_id="recognition_requests_assign",
        summary="Assign one or many requests of the caller's authority to one of its officers",
        description="All or nothing: one request the caller may not work on refuses the lot.",
        request=i.RecognitionAssignInputSerializer,
        responses={200: s.RecognitionAssignOutputSerializer, **REFUSED},
    )
    def post(self, request: Request) -> Response:
        v = validated(i.RecognitionAssignInputSerializer, request.data)
        count = request_assign(
            actor=request_user(request), request_ids=v["request_ids"], officer_id=v["officer"]
        )
        return Response(s.RecognitionAssignOutputSerializer({"assigned": count}).data)


class RequestMessageListPostApi(RecognitionApi):
    @extend_schema(
        operation_id="recognition_requests_messages_list",
        summary="The conversation between the applicant and the authority, oldest first",
        responses={200: s.RecognitionMessageOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        req = get_request_for_user(request_user(request), pk)
        return Response(s.RecognitionMessageOutputSerializer(req.messages.all(), many=True).data)

    @extend_schema(
        operation_id="recognition_requests_messages_post",
        summary="Write to the other side",
        request=i.RecognitionMessagePostInputSerializer,
        responses={201: s.RecognitionMessageOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_request_for_user(actor, pk)
        body = validated(i.RecognitionMessagePostInputSerializer, request.data)["body"]
        message = message_post(actor=actor, request_id=pk, body=body)
        return Response(
            s.RecognitionMessageOutputSerializer(message).data, status=status.HTTP_201_CREATED
        )


class RequestPrecedentsApi(RecognitionApi):
    access = AUTHORITY_STAFF

    @extend_schema(
        operation_id="recognition_requests_precedents",
        summary="Earlier decisions on the same institution and title from the same country",
        description="For the authority's officers, so similar cases are decided alike.",
        responses={
            200: s.RecognitionPrecedentOutputSerializer(many=True),
            **FORBIDDEN,
            **NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        req = get_request_for_user(request_user(request), pk)
        rows = list(precedents_for(request=req))
        prefetch_related_objects(rows, "measures")
        return Response(s.RecognitionPrecedentOutputSerializer(rows, many=True).data)


class DecisionRevokeApi(RecognitionApi):
    access = DECISION_OFFICERS

    @extend_schema(
        operation_id="recognition_decisions_revoke",
        summary="Revoke a decision, with the reason",
        description="The public verification then shows the decision as revoked.",
        request=i.RecognitionRevokeInputSerializer,
        responses={200: s.RecognitionDecisionOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_decision_for_user(actor, pk)
        reason = validated(i.RecognitionRevokeInputSerializer, request.data)["reason"]
        decision = decision_revoke(actor=actor, decision_id=pk, reason=reason)
        prefetch_related_objects([decision], "measures")
        return Response(s.RecognitionDecisionOutputSerializer(decision).data)


# --- Public verification ----------------------------------------------------------------------
class VerifyApi(RecognitionApi):
    """Anyone holding the code (an employer, a school) checks the decision; everyone is treated
    as anonymous, so the anonymous rate limit applies to all callers. The portal-wide
    ``/api/v1/verify/<code>/`` answers for any document; this one keeps the decision's shape."""

    access = DECISION_VERIFICATION
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        operation_id="recognition_verify",
        summary="Check a decision by its verification code (public)",
        description="The essentials only: no names (only the holder's initials), birth date, "
        "contact details, documents or reasons. Never cached.",
        responses={
            200: s.RecognitionVerificationSerializer,
            **refusal(404, "No decision has this code"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        decision = decision_for_code(code)
        if decision is None:
            raise Http404(_("No decision has this code."))
        return Response(s.RecognitionVerificationSerializer(decision_document(decision)).data)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
