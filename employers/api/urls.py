"""/api/v1/employers/: vacancies (one endpoint per move), the pseudonymised pool with saved
searches, the shortlist and the interest pipeline (one endpoint per move), placements, the
migrant's side of the pipeline (one endpoint per answer), and partnership officers' figures."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.moves import move_urlpatterns
from employers.api import pool_views as p
from employers.api import views as v
from employers.services import CANDIDATE_SIDE, EMPLOYER_SIDE, VACANCY_LIFECYCLE

app_name = "employers-api"
urlpatterns: list[URLPattern] = [
    # Vacancies
    path("vacancies/", v.VacancyListCreateApi.as_view(), name="vacancy-list"),
    path("vacancies/<id:pk>/", v.VacancyDetailUpdateApi.as_view(), name="vacancy-detail"),
    *move_urlpatterns(VACANCY_LIFECYCLE, v.VACANCY_MOVE_APIS, prefix="vacancies/<id:pk>/"),
    # The pool
    path("vacancies/<id:pk>/pool/", p.VacancyPoolApi.as_view(), name="vacancy-pool"),
    path(
        "vacancies/<id:pk>/pool/<str:pseudonym>/",
        p.VacancyPoolCardApi.as_view(),
        name="vacancy-pool-card",
    ),
    path(
        "vacancies/<id:pk>/saved-searches/",
        p.VacancySavedSearchListCreateApi.as_view(),
        name="vacancy-saved-searches",
    ),
    path("saved-searches/<id:pk>/", p.SavedSearchDeleteApi.as_view(), name="saved-search-detail"),
    # The pipeline
    path("vacancies/<id:pk>/shortlist/", v.VacancyShortlistApi.as_view(), name="vacancy-shortlist"),
    path(
        "vacancies/<id:pk>/interests/",
        v.VacancyInterestListApi.as_view(),
        name="vacancy-interests",
    ),
    path("interests/<id:pk>/", v.InterestDetailApi.as_view(), name="interest-detail"),
    *move_urlpatterns(EMPLOYER_SIDE, v.INTEREST_MOVE_APIS, prefix="interests/<id:pk>/"),
    path("placements/", v.PlacementListApi.as_view(), name="placement-list"),
    # The migrant's side
    path("me/interests/", v.MyInterestListApi.as_view(), name="my-interest-list"),
    path("me/interests/<id:pk>/", v.MyInterestDetailApi.as_view(), name="my-interest-detail"),
    *move_urlpatterns(CANDIDATE_SIDE, v.MY_INTEREST_MOVE_APIS, prefix="me/interests/<id:pk>/"),
    # Partnership officers
    path(
        "partnerships/<id:pk>/figures/",
        v.PartnershipFiguresApi.as_view(),
        name="partnership-figures",
    ),
]
