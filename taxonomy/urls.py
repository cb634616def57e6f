from django.urls import path

from taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("occupations/<str:code>/", views.occupation_detail, name="occupation-detail"),
]
