"""/api/v1/employers/: vacancies (one endpoint per move), the pseudonymised pool with saved
searches, the shortlist and the interest pipeline (one endpoint per move), placements, the
migrant's side of the pipeline, and partnership officers' figures."""

from __future__ import annotations

from django.urls import URLPattern, path

from employers.api import views as v

app_name = "employers-api"
urlpatterns: list[URLPattern] = [
    # Vacancies
    path("vacancies/", v.VacancyListCreateApi.as_view(), name="vacancy-list"),
    path("vacancies/<id:pk>/", v.VacancyDetailUpdateApi.as_view(), name="vacancy-detail"),
    *(
        path(f"vacancies/<id:pk>/{segment}/", view.as_view(), name=f"vacancy-{segment}")
        for segment, view in v.VACANCY_APIS.items()
    ),
    # The pool
    path("vacancies/<id:pk>/pool/", v.VacancyPoolApi.as_view(), name="vacancy-pool"),
    path(
        "vacancies/<id:pk>/pool/<str:pseudonym>/",
        v.VacancyPoolCardApi.as_view(),
        name="vacancy-pool-card",
    ),
    path(
        "vacancies/<id:pk>/saved-searches/",
        v.VacancySavedSearchListCreateApi.as_view(),
        name="vacancy-saved-searches",
    ),
    path("saved-searches/<id:pk>/", v.SavedSearchDeleteApi.as_view(), name="saved-search-detail"),
    # The pipeline
    path("vacancies/<id:pk>/shortlist/", v.VacancyShortlistApi.as_view(), name="vacancy-shortlist"),
    path(
        "vacancies/<id:pk>/interests/",
        v.VacancyInterestListApi.as_view(),
        name="vacancy-interests",
    ),
    path("interests/<id:pk>/", v.InterestDetailApi.as_view(), name="interest-detail"),
    *(
        path(f"interests/<id:pk>/{segment}/", view.as_view(), name=f"interest-{segment}")
        for segment, view in v.INTEREST_APIS.items()
    ),
    path("interests/<id:pk>/hire/", v.InterestHireApi.as_view(), name="interest-hire"),
    path("placements/", v.PlacementListApi.as_view(), name="placement-list"),
    # The migrant's side
    path("me/interests/", v.MyInterestListApi.as_view(), name="my-interest-list"),
    path("me/interests/<id:pk>/", v.MyInterestDetailApi.as_view(), name="my-interest-detail"),
    path(
        "me/interests/<id:pk>/accept/",
        v.MyInterestAcceptApi.as_view(),
        name="my-interest-accept",
    ),
    path(
        "me/interests/<id:pk>/decline/",
        v.MyInterestDeclineApi.as_view(),
        name="my-interest-decline",
    ),
    # Partnership officers
    path(
        "partnerships/<id:pk>/figures/",
        v.PartnershipFiguresApi.as_view(),
        name="partnership-figures",
    ),
]
