"""The printable certificate's page, included from ``training/urls.py`` (names ``training:...``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from training import certificate_views

urlpatterns: list[URLPattern] = [
    path(
        "certificates/<id:pk>/print/",
        certificate_views.certificate_print,
        name="certificate-print",
    ),
]
