"""/api/v1/partnerships/: partnerships (one endpoint per move), their members, targets and
indicators, cost-sharing ledger, documents and history."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.routes import resource_urlpatterns
from partnerships.api import views

app_name = "partnerships-api"
urlpatterns: list[URLPattern] = [
    *resource_urlpatterns(
        "",
        "partnership",
        collection=views.PartnershipListCreateApi,
        item=views.PartnershipDetailUpdateApi,
        moves=views.MOVE_APIS,
        actions={
            "members": views.PartnershipMemberListAddApi,
            "targets": views.PartnershipTargetListSetApi,
            "indicators": views.PartnershipIndicatorListSetApi,
            "costs": views.PartnershipCostListRecordApi,
            "costs/summary": views.PartnershipCostSummaryApi,
            "documents": views.PartnershipDocumentListUploadApi,
            "history": views.PartnershipHistoryApi,
        },
    ),
    path(
        "<id:pk>/members/<id:member_id>/",
        views.PartnershipMemberRemoveApi.as_view(),
        name="member-detail",
    ),
    path(
        "<id:pk>/costs/<id:entry_id>/void/",
        views.PartnershipCostVoidApi.as_view(),
        name="cost-void",
    ),
]
