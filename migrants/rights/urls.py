"""The rights pages, included under ``/migrants/`` by ``migrants/urls.py``."""

from __future__ import annotations

from django.urls import URLPattern, path

from migrants.rights import views

owner_urlpatterns: list[URLPattern] = [
    path("profile/export/", views.data_export, name="export"),
    path("profile/erase/", views.data_erase, name="erase"),
]
