from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
