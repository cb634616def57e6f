"""The routes of an app's API, declared by resource and named the one way: ``<entity>-<what>``.

``resource_urlpatterns("cohorts/", "cohort", collection=..., item=..., moves=..., actions=...)``
routes a resource's list, its records, their lifecycle moves (``core.api.moves``) and the
operations below a record. A route that fits none of these (a second id in the path, a file
name) stays a plain ``path`` beside it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import URLPattern, path
from rest_framework.views import APIView

from core.api.moves import MoveApis, move_urlpatterns

Apis = Mapping[str, type[APIView]]


def _segment_name(entity: str, segment: str) -> str:
    return f"{entity}-{segment.replace('/', '-')}"


def resource_urlpatterns(
    route: str,
    entity: str,
    *,
    collection: type[APIView] | None = None,
    collection_actions: Apis | None = None,
    item: type[APIView] | None = None,
    moves: MoveApis | None = None,
    actions: Apis | None = None,
) -> list[URLPattern]:
    """The routes of the resource at ``route`` (``"cohorts/"``, or ``""`` for an app's own):

    - ``collection`` at ``route`` (``<entity>-list``), each of ``collection_actions`` at
      ``route<segment>/`` (``<entity>-<segment>``);
    - ``item`` at ``route<id:pk>/`` (``<entity>-detail``), the ``moves`` below it (made by
      ``core.api.moves.move_apis``), each of ``actions`` at ``route<id:pk>/<segment>/``
      (``<entity>-<segment>``, a ``/`` read as ``-``: ``enrolments/bulk`` is
      ``cohort-enrolments-bulk``).
    """
    record = f"{route}<id:pk>/"
    routes: list[tuple[str, type[APIView], str]] = []
    if collection is not None:
        routes.append((route, collection, f"{entity}-list"))
    for segment, api in (collection_actions or {}).items():
        routes.append((f"{route}{segment}/", api, _segment_name(entity, segment)))
    if item is not None:
        routes.append((record, item, f"{entity}-detail"))
    patterns = [path(r, api.as_view(), name=name) for r, api, name in routes]
    if moves is not None:
        patterns += move_urlpatterns(moves, prefix=record)
    patterns += [
        path(f"{record}{segment}/", api.as_view(), name=_segment_name(entity, segment))
        for segment, api in (actions or {}).items()
    ]
    return patterns
