from collections.abc import Callable

from django.http import HttpResponse
from django.urls import path

from migrants import views
from migrants.passport_urls import owner_urlpatterns as passport_urlpatterns

app_name = "migrants"

# Each page of a profile exists twice: under profile/ for the migrant's own profile ("own-"
# names), and under <pk>/ for anyone reaching it by id (staff with a consent, or the migrant).
_profile_pages: list[tuple[str, Callable[..., HttpResponse], str]] = [
    ("<slug:step>/", views.profile_step, "step"),
    ("<slug:step>/<id:entry_pk>/remove/", views.entry_remove, "entry-remove"),
    (
        "qualifications/<id:qualification_pk>/documents/",
        views.document_upload,
        "document-upload",
    ),
    ("documents/<id:document_pk>/delete/", views.document_delete, "document-delete"),
    ("consents/<id:consent_pk>/withdraw/", views.consent_withdraw, "consent-withdraw"),
]

urlpatterns = [
    path("profile/", views.profile_overview, name="profile"),
    path("profile/claim/", views.handover_claim, name="claim"),
    path("profile/export/", views.data_export, name="export"),
    path("profile/erase/", views.data_erase, name="erase"),
    *passport_urlpatterns,
    *[path(f"profile/{route}", view, name=f"own-{name}") for route, view, name in _profile_pages],
    path("intake/", views.intake_list, name="intake-list"),
    path("intake/new/", views.intake_create, name="intake-create"),
    path("duplicates/", views.duplicate_list, name="duplicate-list"),
    path("duplicates/<id:flag_pk>/review/", views.duplicate_review, name="duplicate-review"),
    path("<id:pk>/", views.profile_detail, name="detail"),
    path("<id:pk>/handover/", views.handover_start, name="handover"),
    path(
        "<id:profile_pk>/documents/<id:document_pk>/",
        views.document_download,
        name="document-download",
    ),
    *[path(f"<id:pk>/{route}", view, name=name) for route, view, name in _profile_pages],
]
