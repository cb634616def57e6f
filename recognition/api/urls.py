"""/api/v1/recognition/: the finder, requests (applicants' and officers' views), one endpoint
per step, the conversation, precedents, decisions and the public verification."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.moves import move_urlpatterns
from recognition.api import views as v
from recognition.services import RECOGNITION_LIFECYCLE

app_name = "recognition-api"
urlpatterns: list[URLPattern] = [
    path("finder/", v.FinderApi.as_view(), name="finder"),
    path("requests/", v.RequestListCreateApi.as_view(), name="request-list"),
    path("requests/assign/", v.RequestAssignApi.as_view(), name="request-assign"),
    path("requests/<id:pk>/", v.RequestDetailApi.as_view(), name="request-detail"),
    *move_urlpatterns(RECOGNITION_LIFECYCLE, v.MOVE_APIS, prefix="requests/<id:pk>/"),
    path(
        "requests/<id:pk>/messages/",
        v.RequestMessageListPostApi.as_view(),
        name="request-messages",
    ),
    path(
        "requests/<id:pk>/precedents/",
        v.RequestPrecedentsApi.as_view(),
        name="request-precedents",
    ),
    path("decisions/<id:pk>/revoke/", v.DecisionRevokeApi.as_view(), name="decision-revoke"),
    path("verify/<str:code>/", v.VerifyApi.as_view(), name="verify"),
]
