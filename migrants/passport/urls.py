"""The skills passport's addresses: the owner's pages, included under ``/migrants/`` by
``migrants/urls.py`` (names ``migrants:passport...``), and the public pages a share link opens,
at the top level (``/passport/<token>/``) from ``smp_portal/urls.py``. The API's routes are in
``migrants.passport.api``."""

from __future__ import annotations

from django.urls import URLPattern, path

from migrants.passport import views as v

owner_urlpatterns: list[URLPattern] = [
    path("passport/", v.passport, name="passport"),
    path("passport.json", v.passport_json, name="passport-json"),
    path(
        "passport/links/<id:share_pk>/revoke/",
        v.share_revoke_view,
        name="passport-share-revoke",
    ),
]

public_urlpatterns: list[URLPattern] = [
    path("passport/<str:token>/", v.shared, name="passport-shared"),
    path("passport/<str:token>.json", v.shared_json, name="passport-shared-json"),
]
