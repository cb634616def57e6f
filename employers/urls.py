from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("", views.vacancy_list, name="vacancy-list"),
    path("vacancies/new/", views.vacancy_create, name="vacancy-create"),
    path("vacancies/pick/<slug:name>/", views.vacancy_picker_view, name="vacancy-picker"),
    path("vacancies/<id:pk>/", views.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<id:pk>/edit/", views.vacancy_edit, name="vacancy-edit"),
    path("vacancies/<id:pk>/action/<slug:action>/", views.vacancy_action, name="vacancy-action"),
    path("vacancies/<id:pk>/pool/", views.pool, name="pool"),
    path("vacancies/<id:pk>/pool/shortlist/", views.shortlist, name="shortlist"),
    path("vacancies/<id:pk>/searches/", views.saved_search_create, name="saved-search-create"),
    path(
        "vacancies/<id:pk>/searches/<id:search_pk>/delete/",
        views.saved_search_delete,
        name="saved-search-delete",
    ),
    path("vacancies/<id:pk>/pipeline/", views.interest_list, name="interest-list"),
    path("interests/<id:pk>/", views.interest_detail, name="interest-detail"),
    path("interests/<id:pk>/express/", views.interest_express, name="interest-express"),
    path("interests/<id:pk>/action/<slug:action>/", views.interest_action, name="interest-action"),
    path("interests/<id:pk>/hire/", views.interest_hire, name="interest-hire"),
    path("mine/", views.my_interests, name="my-interests"),
    path("mine/<id:pk>/", views.my_interest, name="my-interest"),
    path("mine/<id:pk>/respond/", views.interest_respond, name="interest-respond"),
    path(
        "partnerships/<id:pk>/figures/",
        views.partnership_figures,
        name="partnership-figures",
    ),
]
