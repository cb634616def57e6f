"""/api/v1/matching/: match runs (start 202, status), a vacancy's ranking, the migrant's
matches."""

from __future__ import annotations

from django.urls import URLPattern, path

from matching.api import views as v

app_name = "matching-api"
urlpatterns: list[URLPattern] = [
    path("runs/", v.MatchRunStartApi.as_view(), name="run-list"),
    path("runs/<id:pk>/", v.MatchRunDetailApi.as_view(), name="run-detail"),
    path("vacancies/<id:pk>/results/", v.VacancyResultsApi.as_view(), name="vacancy-results"),
    path("me/matches/", v.MyMatchesApi.as_view(), name="my-matches"),
]
