"""What every training API view shares: the base class, the reading of who sees participants'
names (``identity_for``), one page of a list, and the lifecycle moves' endpoints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.models import User
from core.access import Access
from core.api.helpers import request_user
from core.api.moves import MoveApis, move_apis
from core.api.pagination import paginated
from core.api.views import AppApi, RecordResponse
from core.transitions import Lifecycle, StrOrPromise
from training.permissions import participant_identity_rule


def participant_context(request: Request, record: Any = None) -> dict[str, Any]:
    """A serializer's context: the request, and who may see participants' names."""
    return {"request": request, "identity_for": participant_identity_rule(request_user(request))}


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
class TrainingApi(AppApi):
    tags = ["training"]


# --- One record's answer, and its lifecycle moves' endpoints --------------------------------
def detail_response(
    serializer_class: type[BaseSerializer[Any]],
    find: Callable[[User, int], Any],
    missing: StrOrPromise | None = None,
    *,
    versioned: bool = False,
) -> RecordResponse:
    """``core.api.views.RecordResponse``, participants named only to whoever may see who
    they are (``versioned``: with the record's ``ETag``)."""
    return RecordResponse(
        serializer_class, find, missing, context=participant_context, versioned=versioned
    )


def move_endpoints(
    lifecycle: Lifecycle[Any],
    respond: RecordResponse,
    *,
    access: Access,
    module: str,
) -> MoveApis:
    """One endpoint per move of ``lifecycle`` (``core.api.moves``), answering ``respond``."""
    return move_apis(
        lifecycle,
        base=TrainingApi,
        access=access,
        detail=respond,
        operation_prefix=f"training_{lifecycle.entity}s",
        class_prefix=lifecycle.entity.capitalize(),
        module=module,
        who="staff of the training provider (403 for those who may only read it)",
    )
