from django.urls import path

from recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("finder/", views.finder, name="finder"),
    path("new/", views.request_create, name="create"),
    path("assign/", views.request_assign, name="assign"),
    path("<id:pk>/", views.request_detail, name="detail"),
    # The steps: one-click ones through the one move view, the others on their own page.
    path("<id:pk>/actions/<slug:move>/", views.request_move, name="move"),
    path("<id:pk>/review/", views.request_review, name="review"),
    path("<id:pk>/resubmit/", views.request_resubmit, name="resubmit"),
    path("<id:pk>/appeal/", views.request_appeal, name="appeal"),
    path("<id:pk>/ask-information/", views.request_ask_information, name="ask-information"),
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
