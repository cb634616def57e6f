from django.urls import path

from partnerships import registry, views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<id:pk>/", views.partnership_detail, name="detail"),
    path("<id:pk>/edit/", views.partnership_edit, name="edit"),
    path("<id:pk>/actions/<slug:move>/", views.partnership_move, name="move"),
    path("<id:pk>/members/add/", views.member_add, name="member-add"),
    path("<id:pk>/members/<id:member_pk>/remove/", views.member_remove, name="member-remove"),
    path("<id:pk>/targets/", views.target_set, name="target-set"),
    path("<id:pk>/indicators/", views.indicator_set, name="indicator-set"),
    path("<id:pk>/costs/add/", views.cost_record, name="cost-record"),
    path("<id:pk>/costs/<id:entry_pk>/void/", views.cost_void, name="cost-void"),
    path("<id:pk>/documents/", views.document_upload, name="document-upload"),
    path(
        "<id:pk>/documents/<id:document_pk>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "<id:pk>/documents/<id:document_pk>/delete/",
        views.document_delete,
        name="document-delete",
    ),
]

# The public registry, at /registry/ (namespace "registry", smp_portal/urls.py): anyone may read
# it. The exports come before the detail pattern, which would otherwise take "export.csv".
registry_urlpatterns = [
    path("", registry.registry_list, name="list"),
    path("export.csv", registry.registry_export_csv, name="export-csv"),
    path("export.json", registry.registry_export_json, name="export-json"),
    path("<str:reference_code>/", registry.registry_detail, name="detail"),
]
