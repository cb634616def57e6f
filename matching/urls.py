from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("vacancies/<int:pk>/", views.vacancy_matches, name="vacancy-matches"),
    path("vacancies/<int:pk>/run/", views.vacancy_run, name="vacancy-run"),
    path("mine/", views.my_matches, name="my-matches"),
]
