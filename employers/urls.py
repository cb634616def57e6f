from django.urls import path

from employers.views import mine, pipeline, pool, vacancies

app_name = "employers"

urlpatterns = [
    path("", vacancies.vacancy_list, name="vacancy-list"),
    path("vacancies/new/", vacancies.vacancy_create, name="vacancy-create"),
    path("vacancies/pick/<slug:name>/", vacancies.vacancy_picker_view, name="vacancy-picker"),
    path("vacancies/<id:pk>/", vacancies.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<id:pk>/edit/", vacancies.vacancy_edit, name="vacancy-edit"),
    path("vacancies/<id:pk>/action/<slug:move>/", vacancies.vacancy_move, name="vacancy-move"),
    path("vacancies/<id:pk>/pool/", pool.pool, name="pool"),
    path("vacancies/<id:pk>/pool/shortlist/", pool.shortlist, name="shortlist"),
    path("vacancies/<id:pk>/searches/", pool.saved_search_create, name="saved-search-create"),
    path(
        "vacancies/<id:pk>/searches/<id:search_pk>/delete/",
        pool.saved_search_delete,
        name="saved-search-delete",
    ),
    path("vacancies/<id:pk>/pipeline/", pipeline.interest_list, name="interest-list"),
    path("interests/<id:pk>/", pipeline.interest_detail, name="interest-detail"),
    path("interests/<id:pk>/action/<slug:move>/", pipeline.interest_move, name="interest-move"),
    path("interests/<id:pk>/hire/", pipeline.interest_hire, name="interest-hire"),
    path("mine/", mine.my_interests, name="my-interests"),
    path("mine/<id:pk>/", mine.my_interest, name="my-interest"),
    path("mine/<id:pk>/action/<slug:move>/", mine.my_interest_move, name="my-interest-move"),
    path(
        "partnerships/<id:pk>/figures/",
        vacancies.partnership_figures,
        name="partnership-figures",
    ),
]
