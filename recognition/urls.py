from django.urls import path

from recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("finder/", views.finder, name="finder"),
    path("new/", views.request_create, name="create"),
    path("assign/", views.request_assign, name="assign"),
    path("<id:pk>/", views.request_detail, name="detail"),
    path("<id:pk>/review/", views.request_review, name="review"),
    path("<id:pk>/actions/<slug:action>/", views.request_action, name="action"),
    path("<id:pk>/decide/", views.request_decide, name="decide"),
    path("<id:pk>/messages/", views.message_post, name="message"),
    path(
        "<id:pk>/decisions/<id:decision_pk>/revoke/",
        views.decision_revoke,
        name="decision-revoke",
    ),
    path(
        "<id:pk>/decisions/<id:decision_pk>/print/",
        views.decision_print,
        name="decision-print",
    ),
]
