"""One API endpoint per lifecycle move, made from the entity's :class:`~core.transitions.Lifecycle`.

``move_apis`` returns a class per move, named ``<Prefix><Move>Api`` (``PartnershipActivateApi``),
each its own OpenAPI operation with the move's input, the entity's detail as the answer, and
400/403/404/409 documented. ``move_urlpatterns`` routes them; :class:`AvailableMovesField` is the
"what can I do now" list in the entity's detail, read from the same declaration.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from core.access import Access
from core.api.fields import OPTIONAL_TEXT
from core.api.helpers import INVALID, request_user, validated
from core.api.serializers import ErrorSerializer
from core.api.views import RecordResponse
from core.transitions import Lifecycle, Move, ensure_may_take


class ReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(
        **OPTIONAL_TEXT,
        max_length=2000,
        help_text="Why, for the record's history; required by the moves that say so",
    )


class MoveRefSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="The move's name, e.g. start_screening")
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    needs_reason = serializers.BooleanField()
    url = serializers.CharField(help_text="POST here to take the move")


def move_body(move: Move[Any]) -> type[BaseSerializer[Any]] | None:
    """What the move's endpoint reads: its own input, else a reason when it needs one."""
    if move.body is not None:
        return move.body
    return ReasonInputSerializer if move.needs_reason else None


def move_url_name(lifecycle: Lifecycle[Any], move: Move[Any]) -> str:
    return f"{lifecycle.entity}-{move.segment}"


@extend_schema_field(MoveRefSerializer(many=True))
class AvailableMovesField(serializers.Field):
    """The moves the caller can take now, with the URL of each (``namespace`` of the API)."""

    def __init__(self, lifecycle: Lifecycle[Any], namespace: str, **kwargs: Any) -> None:
        self.lifecycle = lifecycle
        self.namespace = namespace
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj: Any) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:
            return []
        return [
            {
                "name": move.name,
                "label": str(move.label),
                "needs_reason": move.needs_reason,
                "url": request.build_absolute_uri(
                    reverse(
                        f"{self.namespace}:{move_url_name(self.lifecycle, move)}",
                        kwargs={"pk": obj.pk},
                    )
                ),
            }
            for move in self.lifecycle.available(request.user, obj)
        ]


def _describe(lifecycle: Lifecycle[Any], move: Move[Any], who: str) -> tuple[str, str]:
    label = lifecycle.model.status_label
    sources = " or ".join(label(s) for s in lifecycle.sources(move))
    targets = " or ".join(label(t) for t in move.targets)
    summary = f"{move.label}: from {sources} to {targets}"
    description = " ".join(
        part
        for part in (
            f"Taken by {who}." if who else "",
            move.note,
            "A `reason` is required." if move.needs_reason else "",
            f"Refused with 409 and a message when the {lifecycle.entity} is in another status.",
        )
        if part
    )
    return summary, description


class MoveApis(dict[str, type[APIView]]):
    """The endpoint of each move (by the move's name), with the lifecycle they were made from."""

    def __init__(self, lifecycle: Lifecycle[Any], apis: dict[str, type[APIView]]) -> None:
        super().__init__(apis)
        self.lifecycle = lifecycle


def move_apis(
    lifecycle: Lifecycle[Any],
    *,
    base: type[APIView],
    access: Access,
    detail: RecordResponse,
    operation_prefix: str,
    class_prefix: str,
    module: str,
    who: str = "",
) -> MoveApis:
    """A POST endpoint per move, a subclass of ``base`` (which gives its tag): find the object
    for the caller (404) before reading the body, validate the move's input, run the move's
    service, answer the object's detail."""
    apis: dict[str, type[APIView]] = {}
    for move in lifecycle.moves:
        body = move_body(move)
        summary, description = _describe(lifecycle, move, who)
        responses: dict[int, Any] = {
            200: detail.serializer_class,
            403: OpenApiResponse(ErrorSerializer, description="The caller may not take it"),
            404: OpenApiResponse(ErrorSerializer, description="No such record for the caller"),
            409: OpenApiResponse(ErrorSerializer, description="Refused in the current status"),
        }
        if body is not None:
            responses[400] = OpenApiResponse(INVALID, description="Invalid input")

        def post(
            self: APIView, request: Request, pk: int, _move: Move[Any] = move, _body: Any = body
        ) -> Response:
            actor = request_user(request)
            ensure_may_take(_move, actor, lifecycle.lookup(actor, pk))
            values = dict(validated(_body, request.data)) if _body is not None else {}
            lifecycle.take(_move.name, actor=actor, pk=pk, values=values)
            return detail(request, pk)

        schema = extend_schema(
            operation_id=f"{operation_prefix}_{move.name}",
            summary=summary,
            description=description,
            request=body,
            responses=responses,
        )
        name = f"{class_prefix}{move.class_suffix}Api"
        apis[move.name] = type(
            name,
            (base,),
            {
                "post": schema(post),
                "access": access,
                "__doc__": f"{move.label}.",
                "__module__": module,
                "__qualname__": name,
            },
        )
    return MoveApis(lifecycle, apis)


def move_urlpatterns(apis: MoveApis, *, prefix: str = "<id:pk>/") -> list[URLPattern]:
    """A route per move below ``prefix``, named ``<entity>-<move>``."""
    return [
        path(
            f"{prefix}{move.segment}/",
            apis[move.name].as_view(),
            name=move_url_name(apis.lifecycle, move),
        )
        for move in apis.lifecycle.moves
    ]
