"""/api/v1/recognition/: the finder, requests (applicants' and officers' views), one endpoint
per step, the conversation, precedents, decisions and the public verification."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.routes import resource_urlpatterns
from recognition.api import views as v

app_name = "recognition-api"
urlpatterns: list[URLPattern] = [
    path("finder/", v.FinderApi.as_view(), name="finder"),
    *resource_urlpatterns(
        "requests/",
        "request",
        collection=v.RequestListCreateApi,
        collection_actions={"assign": v.RequestAssignApi},
        item=v.RequestDetailApi,
        moves=v.MOVE_APIS,
        actions={"messages": v.RequestMessageListPostApi, "precedents": v.RequestPrecedentsApi},
    ),
    *resource_urlpatterns("decisions/", "decision", actions={"revoke": v.DecisionRevokeApi}),
    path("verify/<str:code>/", v.VerifyApi.as_view(), name="verify"),
]
