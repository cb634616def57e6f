"""/api/v1/employers/: vacancies (one endpoint per move), the pseudonymised pool with saved
searches, the shortlist and the interest pipeline (one endpoint per move), placements, the
migrant's side of the pipeline (one endpoint per answer), and partnership officers' figures."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.routes import resource_urlpatterns
from employers.api import pool_views as p
from employers.api import views as v

app_name = "employers-api"
urlpatterns: list[URLPattern] = [
    *resource_urlpatterns(
        "vacancies/",
        "vacancy",
        collection=v.VacancyListCreateApi,
        item=v.VacancyDetailUpdateApi,
        moves=v.VACANCY_MOVE_APIS,
        actions={
            # The pool, and the pipeline drawn from it
            "pool": p.VacancyPoolApi,
            "saved-searches": p.VacancySavedSearchListCreateApi,
            "shortlist": v.VacancyShortlistApi,
            "interests": v.VacancyInterestListApi,
        },
    ),
    path(
        "vacancies/<id:pk>/pool/<str:pseudonym>/",
        p.VacancyPoolCardApi.as_view(),
        name="vacancy-pool-card",
    ),
    *resource_urlpatterns("saved-searches/", "saved-search", item=p.SavedSearchDeleteApi),
    *resource_urlpatterns(
        "interests/",
        "interest",
        item=v.InterestDetailApi,
        moves=v.INTEREST_MOVE_APIS,
    ),
    *resource_urlpatterns("placements/", "placement", collection=v.PlacementListApi),
    # The migrant's side
    *resource_urlpatterns(
        "me/interests/",
        "my-interest",
        collection=v.MyInterestListApi,
        item=v.MyInterestDetailApi,
        moves=v.MY_INTEREST_MOVE_APIS,
    ),
    # Partnership officers
    *resource_urlpatterns(
        "partnerships/", "partnership", actions={"figures": v.PartnershipFiguresApi}
    ),
]
