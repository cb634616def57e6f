from __future__ import annotations

from django.urls import path

from partnerships import registry

app_name = "registry"
urlpatterns = [
    path("", registry.registry_list, name="list"),
    # The exports come before the detail pattern, which would otherwise take "export.csv".
    path("export.csv", registry.registry_export_csv, name="export-csv"),
    path("export.json", registry.registry_export_json, name="export-json"),
    path("<str:reference_code>/", registry.registry_detail, name="detail"),
]
