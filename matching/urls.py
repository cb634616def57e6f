from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("vacancies/<id:pk>/", views.vacancy_matches, name="vacancy-matches"),
    path("vacancies/<id:pk>/run/", views.vacancy_run, name="vacancy-run"),
    path("mine/", views.my_matches, name="my-matches"),
]
