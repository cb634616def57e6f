"""/api/v1/training/: programmes, cohorts, enrolments (one endpoint per transition), participant
imports and certificates."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "training-api"
urlpatterns: list[URLPattern] = []
