"""Recognition API: parse, authorise, call one service, respond.

Every view on a request first looks it up with ``get_request_for_user`` (404 for what the caller
may not see), then checks the caller is on the right side of the procedure for the step (403:
the applicant submits, resubmits, withdraws and appeals; the authority's officers screen, ask,
assess, decide and close), and only then reads the body, so a stranger learns nothing from
validation errors. The services check again under the row lock and own every business rule: a
step refused in the request's status answers 409 with the domain message, and so does a second
decision that lost the race to the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.models import User
from core.access import PUBLIC, SIGNED_IN, DeclaredAccess
from core.api.helpers import INVALID, request_user, validated
from core.api.pagination import PagePagination
from recognition.api import serializers as s
from recognition.models import Decision, RecognitionRequest
from recognition.permissions import (
    authority_ids_of,
    can_decide_recognition,
    get_request_for_user,
    is_applicant,
    requests_visible_to,
)
from recognition.presenters import (
    decision_verification,
    filter_by_due,
    rows_of,
    sort_by_due,
)
from recognition.selectors import precedents_for, recognition_finder, request_queue_for_officer
from recognition.services import (
    DecisionInput,
    MeasureInput,
    RequestInput,
    decision_revoke,
    message_post,
    request_appeal,
    request_ask_information,
    request_assign,
    request_close,
    request_create,
    request_decide,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
    request_withdraw,
)

TAG = ["recognition"]
S = RecognitionRequest.Status
ERROR = s.ErrorSerializer
NOT_FOUND = {
    404: OpenApiResponse(ERROR, description="No such request, or not visible to the caller")
}
FORBIDDEN = {
    403: OpenApiResponse(ERROR, description="The caller is on the other side of the procedure")
}
REFUSED = {
    400: OpenApiResponse(INVALID, description="Invalid input or a broken business rule"),
    **FORBIDDEN,
    **NOT_FOUND,
}
CONFLICT = {
    409: OpenApiResponse(
        ERROR, description="Refused in the request's status, or decided meanwhile by someone else"
    )
}

APPLICANT = "applicant"
AUTHORITY = "authority"


# --- Small helpers ----------------------------------------------------------------------------
def _on_side(user: User, req: RecognitionRequest, side: str) -> bool:
    return is_applicant(user, req) if side == APPLICANT else can_decide_recognition(user, req)


def _ensure_side(user: User, req: RecognitionRequest, side: str) -> None:
    if not _on_side(user, req, side):
        raise PermissionDenied(
            _("Only the applicant can do this.")
            if side == APPLICANT
            else _("Only officers of the competent authority can do this.")
        )


def _is_authority_staff(user: User, req: RecognitionRequest) -> bool:
    """Any member of the competent authority, viewers included (not only those who decide)."""
    return req.authority_id in authority_ids_of(user)


def _detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    actor = request_user(request)
    req = get_request_for_user(actor, pk)
    prefetch_related_objects(
        [req],
        Prefetch("decisions", Decision.objects.prefetch_related("measures")),
        "messages",
    )
    context = {
        "request": request,
        "rows": {row.request.pk: row for row in rows_of([req])},
        "available_actions": _available_actions(request, actor, req),
    }
    return Response(
        s.RecognitionRequestDetailOutputSerializer(req, context=context).data, status=code
    )


class RecognitionApi(APIView):
    access = SIGNED_IN
    parser_classes = [JSONParser]


# --- Steps: one endpoint per transition, generated from a table ---------------------------------
@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    side: str
    targets: tuple[str, ...]
    run: Callable[[User, int, dict[str, Any]], object]
    body: type[BaseSerializer[Any]] | None = None
    note: str = ""

    @property
    def segment(self) -> str:
        """``start_screening`` -> ``start-screening``: the step's URL segment."""
        return self.name.replace("_", "-")

    def open_for(self, user: User, req: RecognitionRequest) -> bool:
        return _on_side(user, req, self.side) and any(req.can_become(t) for t in self.targets)


def _decision_input(values: dict[str, Any]) -> DecisionInput:
    values = dict(values)
    measures = [MeasureInput(**m) for m in values.pop("measures", [])]
    return DecisionInput(**values, measures=measures)


STEPS: tuple[Step, ...] = (
    Step(
        "submit",
        gettext_lazy("Submit"),
        APPLICANT,
        (S.SUBMITTED,),
        lambda a, pk, v: request_submit(actor=a, request_id=pk),
        note="Shares the qualification and its documents with the authority (a consent); "
        "the acknowledgement deadline starts.",
    ),
    Step(
        "resubmit",
        gettext_lazy("Send the information asked for"),
        APPLICANT,
        (S.RESUBMITTED,),
        lambda a, pk, v: request_resubmit(actor=a, request_id=pk, message=v["message"]),
        s.RecognitionMessageInputSerializer,
        note="The stopped clock restarts.",
    ),
    Step(
        "withdraw",
        gettext_lazy("Withdraw"),
        APPLICANT,
        (S.WITHDRAWN,),
        lambda a, pk, v: request_withdraw(actor=a, request_id=pk),
        note="Only before a decision.",
    ),
    Step(
        "appeal",
        gettext_lazy("Appeal"),
        APPLICANT,
        (S.APPEALED,),
        lambda a, pk, v: request_appeal(actor=a, request_id=pk, reason=v["reason"]),
        s.RecognitionReasonInputSerializer,
        note="A partial recognition or a refusal, before the appeal deadline.",
    ),
    Step(
        "start_screening",
        gettext_lazy("Acknowledge and screen"),
        AUTHORITY,
        (S.SCREENING,),
        lambda a, pk, v: request_start_screening(actor=a, request_id=pk),
        note="Acknowledges receipt; assigns the caller when nobody is assigned yet.",
    ),
    Step(
        "ask_information",
        gettext_lazy("Ask for information"),
        AUTHORITY,
        (S.INFORMATION_REQUESTED,),
        lambda a, pk, v: request_ask_information(actor=a, request_id=pk, message=v["message"]),
        s.RecognitionMessageInputSerializer,
        note="The decision clock stops until the applicant answers.",
    ),
    Step(
        "start_assessment",
        gettext_lazy("Start the assessment"),
        AUTHORITY,
        (S.ASSESSMENT,),
        lambda a, pk, v: request_start_assessment(actor=a, request_id=pk),
        note="The file is complete: the decision deadline runs from now.",
    ),
    Step(
        "decide",
        gettext_lazy("Decide"),
        AUTHORITY,
        (S.DECIDED, S.APPEAL_DECIDED),
        lambda a, pk, v: request_decide(actor=a, request_id=pk, data=_decision_input(v)),
        s.RecognitionDecideInputSerializer,
        note="The decision, or the decision on appeal. A partial recognition names its "
        "compensation measures and the substantial differences; a partial recognition or a "
        "refusal gives reasons, the appeal route and the appeal deadline. When another officer "
        "decided first: 409 and nothing is recorded.",
    ),
    Step(
        "close",
        gettext_lazy("Close"),
        AUTHORITY,
        (S.CLOSED,),
        lambda a, pk, v: request_close(actor=a, request_id=pk),
    ),
)


def _available_actions(
    request: Request, user: User, req: RecognitionRequest
) -> list[dict[str, Any]]:
    return [
        {
            "name": step.name,
            "label": str(step.label),
            "url": request.build_absolute_uri(
                reverse(f"recognition-api:request-{step.segment}", kwargs={"pk": req.pk})
            ),
        }
        for step in STEPS
        if step.open_for(user, req)
    ]


class RequestStepApi(RecognitionApi):
    """Base of the step endpoints; ``request_step_api`` makes one per step."""

    step: ClassVar[Step]

    def take(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        req = get_request_for_user(actor, pk)
        _ensure_side(actor, req, self.step.side)
        values = validated(self.step.body, request.data) if self.step.body else {}
        self.step.run(actor, pk, values)
        return _detail(request, pk)


def request_step_api(step: Step) -> type[RequestStepApi]:
    """``start_screening`` -> ``RequestStartScreeningApi``, its own operation in the schema."""
    sources = [
        x
        for x, targets in RecognitionRequest.TRANSITIONS.items()
        if set(step.targets) & set(targets)
    ]
    sources_text = ", ".join(str(S(x).label).lower() for x in sources)
    targets_text = " or ".join(str(S(x).label).lower() for x in step.targets)
    who = "the applicant" if step.side == APPLICANT else "officers of the competent authority"

    @extend_schema(
        tags=TAG,
        operation_id=f"recognition_requests_{step.name}",
        summary=f"{step.label}: from {sources_text} to {targets_text}",
        description=(
            f"Taken by {who} (403 for anyone else who can see the request). "
            + (f"{step.note} " if step.note else "")
            + "Refused with 409 and a message when the request is in another status."
        ),
        request=step.body,
        responses={200: s.RecognitionRequestDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self: RequestStepApi, request: Request, pk: int) -> Response:
        return self.take(request, pk)

    name = "Request" + "".join(w.capitalize() for w in step.name.split("_")) + "Api"
    attrs = {"step": step, "post": post, "__doc__": f"{step.label}."}
    return type(name, (RequestStepApi,), attrs)


STEP_APIS: dict[str, type[RequestStepApi]] = {
    step.segment: request_step_api(step) for step in STEPS
}


# --- Finder -----------------------------------------------------------------------------------
class FinderApi(RecognitionApi):
    @extend_schema(
        tags=TAG,
        operation_id="recognition_finder",
        summary="The competent authority for an occupation in a destination country",
        parameters=[s.RecognitionFinderQuerySerializer],
        responses={200: s.RecognitionFinderOutputSerializer, 400: REFUSED[400]},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.RecognitionFinderQuerySerializer, request.query_params)
        found = recognition_finder(
            country=params["country"], occupation_id=params.get("occupation")
        )
        profile = found.authority.recognition_profile if found.authority else None
        data = {"authority": profile, "regulated": found.regulated}
        return Response(s.RecognitionFinderOutputSerializer(data).data)


# --- Requests ---------------------------------------------------------------------------------
class RequestListCreateApi(RecognitionApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="recognition_requests_list",
        summary="The caller's requests, or their authority's queue",
        description="Applicants: their own requests, newest first (filter: `status`). "
        "Officers of a recognition authority: its queue without drafts, overdue first, then "
        "by the next due date, with every filter.",
        parameters=[s.RecognitionRequestFilterSerializer],
        responses={200: s.RecognitionRequestListOutputSerializer(many=True), 400: REFUSED[400]},
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        params = validated(s.RecognitionRequestFilterSerializer, request.query_params)
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
        tags=TAG,
        operation_id="recognition_requests_create",
        summary="Start a draft request on one of the caller's qualifications",
        request=s.RecognitionRequestCreateInputSerializer,
        responses={201: s.RecognitionRequestDetailOutputSerializer, 400: REFUSED[400]},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        v = validated(s.RecognitionRequestCreateInputSerializer, request.data)
        data = RequestInput(
            qualification_id=v["qualification"],
            destination_country=v["destination_country"],
            authority_id=v["authority"],
            purpose=v["purpose"],
            target_occupation_id=v["target_occupation"],
            direction=v["direction"],
            counterpart_id=v["counterpart"],
            documents_missing=v["documents_missing"],
        )
        req = request_create(actor=actor, data=data)
        return _detail(request, req.pk, code=status.HTTP_201_CREATED)


class RequestDetailApi(RecognitionApi):
    @extend_schema(
        tags=TAG,
        operation_id="recognition_requests_retrieve",
        summary="A request with its deadlines, decisions, messages and the caller's next steps",
        responses={200: s.RecognitionRequestDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, pk)


class RequestAssignApi(RecognitionApi):
    @extend_schema(
        tags=TAG,
        operation_id="recognition_requests_assign",
        summary="Assign one or many requests of the caller's authority to one of its officers",
        description="All or nothing: one request the caller may not work on refuses the lot.",
        request=s.RecognitionAssignInputSerializer,
        responses={200: s.RecognitionAssignOutputSerializer, **REFUSED},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        if not authority_ids_of(actor, writers_only=True):
            raise PermissionDenied(_("Only officers of a recognition authority assign requests."))
        v = validated(s.RecognitionAssignInputSerializer, request.data)
        count = request_assign(actor=actor, request_ids=v["request_ids"], officer_id=v["officer"])
        return Response(s.RecognitionAssignOutputSerializer({"assigned": count}).data)


class RequestMessageListPostApi(RecognitionApi):
    @extend_schema(
        tags=TAG,
        operation_id="recognition_requests_messages_list",
        summary="The conversation between the applicant and the authority, oldest first",
        responses={200: s.RecognitionMessageOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        req = get_request_for_user(request_user(request), pk)
        return Response(s.RecognitionMessageOutputSerializer(req.messages.all(), many=True).data)

    @extend_schema(
        tags=TAG,
        operation_id="recognition_requests_messages_post",
        summary="Write to the other side",
        request=s.RecognitionMessagePostInputSerializer,
        responses={201: s.RecognitionMessageOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        req = get_request_for_user(actor, pk)
        if not (is_applicant(actor, req) or can_decide_recognition(actor, req)):
            raise PermissionDenied(_("Only the applicant and the authority's officers write here."))
        body = validated(s.RecognitionMessagePostInputSerializer, request.data)["body"]
        message = message_post(actor=actor, request_id=pk, body=body)
        return Response(
            s.RecognitionMessageOutputSerializer(message).data, status=status.HTTP_201_CREATED
        )


class RequestPrecedentsApi(RecognitionApi):
    @extend_schema(
        tags=TAG,
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
        actor = request_user(request)
        req = get_request_for_user(actor, pk)
        if not _is_authority_staff(actor, req):
            raise PermissionDenied(_("Only officers of the competent authority see precedents."))
        rows = list(precedents_for(request=req))
        prefetch_related_objects(rows, "measures")
        return Response(s.RecognitionPrecedentOutputSerializer(rows, many=True).data)


class DecisionRevokeApi(RecognitionApi):
    @extend_schema(
        tags=TAG,
        operation_id="recognition_decisions_revoke",
        summary="Revoke a decision, with the reason",
        description="The public verification then shows the decision as revoked.",
        request=s.RecognitionRevokeInputSerializer,
        responses={200: s.RecognitionDecisionOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        request_id = Decision.objects.filter(pk=pk).values_list("request_id", flat=True).first()
        if request_id is None:
            raise Http404(_("No such decision."))
        _ensure_side(actor, get_request_for_user(actor, request_id), AUTHORITY)
        reason = validated(s.RecognitionRevokeInputSerializer, request.data)["reason"]
        decision = decision_revoke(actor=actor, decision_id=pk, reason=reason)
        prefetch_related_objects([decision], "measures")
        return Response(s.RecognitionDecisionOutputSerializer(decision).data)


# --- Public verification ----------------------------------------------------------------------
class VerifyApi(RecognitionApi):
    """Anyone holding the code (an employer, a school) checks the decision; everyone is treated
    as anonymous, so the anonymous rate limit applies to all callers. The portal-wide
    ``/api/v1/verify/<code>/`` answers for any document; this one keeps the decision's shape."""

    access = PUBLIC
    authentication_classes = []
    permission_classes = [DeclaredAccess]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        tags=TAG,
        operation_id="recognition_verify",
        summary="Check a decision by its verification code (public)",
        description="The essentials only: no names (only the holder's initials), birth date, "
        "contact details, documents or reasons. Never cached.",
        responses={
            200: s.RecognitionVerificationSerializer,
            404: OpenApiResponse(ERROR, description="No decision has this code"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        document = decision_verification(code)
        if document is None:
            raise Http404(_("No decision has this code."))
        return Response(s.RecognitionVerificationSerializer(document).data)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
