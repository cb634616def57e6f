from __future__ import annotations

from django.urls import URLPattern, path

from partnerships.api import views
from partnerships.api.serializers import action_segment

app_name = "partnerships-api"
urlpatterns: list[URLPattern] = [
    path("", views.PartnershipListCreateApi.as_view(), name="partnership-list"),
    path("<int:pk>/", views.PartnershipDetailUpdateApi.as_view(), name="partnership-detail"),
    *(
        path(
            f"<int:pk>/{action_segment(name)}/",
            view.as_view(),
            name=f"partnership-{action_segment(name)}",
        )
        for name, view in views.ACTION_APIS.items()
    ),
    path("<int:pk>/members/", views.PartnershipMemberListAddApi.as_view(), name="member-list"),
    path(
        "<int:pk>/members/<int:member_id>/",
        views.PartnershipMemberRemoveApi.as_view(),
        name="member-detail",
    ),
    path("<int:pk>/targets/", views.PartnershipTargetListSetApi.as_view(), name="target-list"),
    path(
        "<int:pk>/indicators/",
        views.PartnershipIndicatorListSetApi.as_view(),
        name="indicator-list",
    ),
    path("<int:pk>/costs/", views.PartnershipCostListRecordApi.as_view(), name="cost-list"),
    path(
        "<int:pk>/costs/summary/",
        views.PartnershipCostSummaryApi.as_view(),
        name="cost-summary",
    ),
    path(
        "<int:pk>/costs/<int:entry_id>/void/",
        views.PartnershipCostVoidApi.as_view(),
        name="cost-void",
    ),
    path(
        "<int:pk>/documents/",
        views.PartnershipDocumentListUploadApi.as_view(),
        name="document-list",
    ),
    path("<int:pk>/history/", views.PartnershipHistoryApi.as_view(), name="history"),
]
