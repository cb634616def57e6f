from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView


class PagePagination(PageNumberPagination):
    """Default for short lists: numbered pages, the client may ask for up to 200 rows."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class StableCursorPagination(CursorPagination):
    """For large lists: keyset pagination, stable while rows are added, cost independent of depth.

    Views set ``ordering`` to a unique, indexed column (or a tuple ending in one).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"


def paginated(
    view: APIView,
    request: Request,
    rows: QuerySet[Any] | Sequence[Any],
    serializer_class: type[BaseSerializer[Any]],
    *,
    context: Mapping[str, Any] | None = None,
) -> Response:
    """One numbered page of ``rows`` (``PagePagination``), serialised with the request (and
    ``context``) in the serializer's context: the answer of every plain list endpoint."""
    paginator = PagePagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    data = serializer_class(
        page or [], many=True, context={"request": request, **(context or {})}
    ).data
    return paginator.get_paginated_response(data)


def keyset_next_url(request: Request, key: str, value: object) -> str:
    """This request's URL with ``key`` (a keyset cursor) set to ``value``: the ``next`` link of a
    list paged by a key of its own (a rank, a candidate's code) rather than by a page number."""
    query = request.query_params.copy()
    query[key] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
