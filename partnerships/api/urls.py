from __future__ import annotations

from django.urls import URLPattern, path

from core.api.moves import move_urlpatterns
from partnerships.api import views
from partnerships.services import PARTNERSHIP_LIFECYCLE

app_name = "partnerships-api"
urlpatterns: list[URLPattern] = [
    path("", views.PartnershipListCreateApi.as_view(), name="partnership-list"),
    path("<id:pk>/", views.PartnershipDetailUpdateApi.as_view(), name="partnership-detail"),
    *move_urlpatterns(PARTNERSHIP_LIFECYCLE, views.MOVE_APIS),
    path("<id:pk>/members/", views.PartnershipMemberListAddApi.as_view(), name="member-list"),
    path(
        "<id:pk>/members/<id:member_id>/",
        views.PartnershipMemberRemoveApi.as_view(),
        name="member-detail",
    ),
    path("<id:pk>/targets/", views.PartnershipTargetListSetApi.as_view(), name="target-list"),
    path(
        "<id:pk>/indicators/",
        views.PartnershipIndicatorListSetApi.as_view(),
        name="indicator-list",
    ),
    path("<id:pk>/costs/", views.PartnershipCostListRecordApi.as_view(), name="cost-list"),
    path(
        "<id:pk>/costs/summary/",
        views.PartnershipCostSummaryApi.as_view(),
        name="cost-summary",
    ),
    path(
        "<id:pk>/costs/<id:entry_id>/void/",
        views.PartnershipCostVoidApi.as_view(),
        name="cost-void",
    ),
    path(
        "<id:pk>/documents/",
        views.PartnershipDocumentListUploadApi.as_view(),
        name="document-list",
    ),
    path("<id:pk>/history/", views.PartnershipHistoryApi.as_view(), name="history"),
]
