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
    ("<slug:step>/<int:entry_pk>/remove/", views.entry_remove, "entry-remove"),
    (
        "qualifications/<int:qualification_pk>/documents/",
        views.document_upload,
        "document-upload",
    ),
    ("documents/<int:document_pk>/delete/", views.document_delete, "document-delete"),
    ("consents/<int:consent_pk>/withdraw/", views.consent_withdraw, "consent-withdraw"),
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
    path("duplicates/<int:flag_pk>/review/", views.duplicate_review, name="duplicate-review"),
    path("<int:pk>/", views.profile_detail, name="detail"),
    path("<int:pk>/handover/", views.handover_start, name="handover"),
    path(
        "<int:profile_pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document-download",
    ),
    *[path(f"<int:pk>/{route}", view, name=name) for route, view, name in _profile_pages],
]
