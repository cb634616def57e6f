"""What every training API view shares: the base class, the reading of who sees participants'
names (``identity_for``), one page of a list, and the lifecycle moves' endpoints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from core.access import Access
from core.api.helpers import request_user
from core.api.moves import move_apis
from core.api.pagination import paginated
from core.api.responses import BAD, CONFLICT, FORBIDDEN, NOT_FOUND, REFUSED
from core.transitions import Lifecycle
from training.permissions import (
    participant_identity_rule,
)

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
    module: str,
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
        module=module,
        who="staff of the training provider (403 for those who may only read it)",
    )
