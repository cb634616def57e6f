"""The base of every app's API operations, the start of a change and the answer of a record.

Each app subclasses :class:`AppApi` once (``TrainingApi``, ``EmployersApi``...) with its OpenAPI
tag, and each operation subclasses that with its declared ``access``. A change to one record
starts with ``change_input`` (the record looked up before the body is read) and answers what
``RecordResponse`` makes: the record's detail, as its detail endpoint gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from core.api.helpers import request_user, validated
from core.transitions import StrOrPromise
from core.versions import version_of

if TYPE_CHECKING:
    from accounts.models import User


# No docstring on this class or an app's subclass: drf-spectacular falls back on a base class's
# docstring for the description of every operation that has none.
class AppApi(APIView):
    # JSON bodies (an upload sets MultiPartParser); ``tags`` is the app's group in the schema
    # (core.api.schema.AutoSchema reads it), so no operation repeats it.
    parser_classes = [JSONParser]
    tags: ClassVar[list[str]] = []


def request_context(request: Request, record: Any = None) -> dict[str, Any]:
    """A serializer's usual context: the request, for the absolute links it makes (``record``
    is there for ``RecordResponse``, which passes what it found)."""
    return {"request": request}


def answer(
    serializer_class: type[BaseSerializer[Any]],
    instance: Any,
    request: Request,
    *,
    many: bool = False,
    code: int = status.HTTP_200_OK,
) -> Response:
    """``instance`` (or the rows, ``many``) serialised with the request in the context, for the
    absolute links the serializer makes."""
    data = serializer_class(instance, many=many, context=request_context(request)).data
    return Response(data, status=code)


class RecordResponse:
    """The answer of a record's detail endpoint, and of every change to it (its lifecycle
    moves' too, ``core.api.moves``): the record as ``find(user, pk)`` reads it for the caller,
    serialised by ``serializer_class`` with ``context(request, record)`` (the request alone by
    default). ``find`` raises 404 itself, or returns None for a 404 saying ``missing``. A
    ``versioned`` record answers with its version as the ``ETag`` that ``If-Match`` names.
    """

    def __init__(
        self,
        serializer_class: type[BaseSerializer[Any]],
        find: Callable[[Any, int], Any],
        missing: StrOrPromise | None = None,
        *,
        context: Callable[[Request, Any], dict[str, Any]] = request_context,
        versioned: bool = False,
    ) -> None:
        self.serializer_class = serializer_class
        self.find = find
        self.missing = missing
        self.context = context
        self.versioned = versioned

    def __call__(self, request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
        found = self.find(request_user(request), pk)
        if found is None:
            raise Http404(str(self.missing or ""))
        data = self.serializer_class(found, context=self.context(request, found)).data
        response = Response(data, status=code)
        if self.versioned:
            response["ETag"] = f'"{version_of(found)}"'
        return response


# The schema of a versioned record's ETag (on its detail and every change's answer) and of the
# If-Match a change honours.
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="The version of the record; name it in If-Match to change this version only.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The ETag of the version this change was made from: refused with 412 when "
    "someone changed the record since. Without it, the change applies to the current version.",
)


def if_match(request: Request) -> str | None:
    """The version named in the request's ``If-Match`` (None without one, or for ``*``). A weak
    or malformed tag is returned as given and so matches no version (strong comparison)."""
    given = request.headers.get("If-Match", "").strip()
    if not given or given == "*":
        return None
    return given[1:-1] if len(given) > 1 and given[0] == given[-1] == '"' else given


class Change(NamedTuple):
    """What a change to one record starts from: who asks, the record, the validated body."""

    actor: User
    record: Any
    values: dict[str, Any]


def change_input(
    request: Request,
    pk: int,
    lookup: Callable[..., Any],
    body: type[BaseSerializer[Any]] | None = None,
    **options: Any,
) -> Change:
    """The caller, the record ``pk`` and the validated ``body`` of a change to it. The record is
    looked up for writing (``lookup(user, pk, for_write=True)``: 404 for a record the caller may
    not see, 403 for one they may only read) before the body is read, so a stranger learns
    nothing from validation errors. ``options`` go to the body's serializer (``partial=True``).
    """
    actor = request_user(request)
    record = lookup(actor, pk, for_write=True)
    values = dict(validated(body, request.data, **options)) if body is not None else {}
    return Change(actor, record, values)
