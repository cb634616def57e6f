from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/actions/<slug:action>/", views.partnership_action, name="action"),
    path("<int:pk>/members/add/", views.member_add, name="member-add"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member-remove"),
    path("<int:pk>/targets/", views.target_set, name="target-set"),
    path("<int:pk>/indicators/", views.indicator_set, name="indicator-set"),
    path("<int:pk>/costs/add/", views.cost_record, name="cost-record"),
    path("<int:pk>/costs/<int:entry_pk>/void/", views.cost_void, name="cost-void"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/delete/",
        views.document_delete,
        name="document-delete",
    ),
]
