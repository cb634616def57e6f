from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


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
