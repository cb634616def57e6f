"""What every training API view shares: the base class, the reading of who sees participants'
names (``identity_for``), one page of a list, and the lifecycle moves' endpoints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.models import User
from core.access import Access
from core.api.helpers import request_user
from core.api.moves import move_apis
from core.api.pagination import paginated
from core.api.responses import BAD, CONFLICT, FORBIDDEN, NOT_FOUND, REFUSED
from core.transitions import Lifecycle, StrOrPromise
from training.permissions import participant_identity_rule

TAG = ["training"]
__all__ = ["BAD", "CONFLICT", "FORBIDDEN", "NOT_FOUND", "REFUSED", "TAG"]


def _context(request: Request, **extra: Any) -> dict[str, Any]:
    return {
        "request": request,
        "identity_for": participant_identity_rule(request_user(request)),
        **extra,
    }


def page_of(
    view: APIView,
    request: Request,
    rows: QuerySet[Any] | Sequence[Any],
    serializer_class: type[BaseSerializer[Any]],
) -> Response:
    """One page of ``rows``, participants named only to whoever may see who they are."""
    identity = participant_identity_rule(request_user(request))
    return paginated(view, request, rows, serializer_class, context={"identity_for": identity})


# Each endpoint declares its own ``access`` (``training.permissions``). No docstring here: the
# schema would take it for every operation's description.
class TrainingApi(APIView):
    parser_classes = [JSONParser]


# --- One record's answer, and its lifecycle moves' endpoints --------------------------------
Respond = Callable[..., Response]


def detail_response(
    serializer_class: type[BaseSerializer[Any]],
    find: Callable[[User, int], Any],
    missing: StrOrPromise,
) -> Respond:
    """The answer of a record's detail endpoint, and of every change to it: the record as
    ``find`` reads it for the caller (404 when it finds nothing)."""

    def respond(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
        found = find(request_user(request), pk)
        if found is None:
            raise Http404(str(missing))
        return Response(serializer_class(found, context=_context(request)).data, status=code)

    return respond


def move_endpoints(
    lifecycle: Lifecycle[Any],
    respond: Respond,
    output: type[BaseSerializer[Any]],
    *,
    access: Access,
    module: str,
) -> dict[str, type[APIView]]:
    """One endpoint per move of ``lifecycle`` (``core.api.moves``), answering ``respond``."""
    return move_apis(
        lifecycle,
        base=TrainingApi,
        access=access,
        detail=respond,
        detail_serializer=output,
        tags=TAG,
        operation_prefix=f"training_{lifecycle.entity}s",
        class_prefix=lifecycle.entity.capitalize(),
        module=module,
        who="staff of the training provider (403 for those who may only read it)",
    )
