from collections.abc import Callable

from django.http import HttpResponse
from django.urls import path

from migrants.passport.urls import owner_urlpatterns as passport_urlpatterns
from migrants.rights.urls import owner_urlpatterns as rights_urlpatterns
from migrants.views import duplicates, intake
from migrants.views import profile as pages

app_name = "migrants"

# Each page of a profile exists twice: under profile/ for the migrant's own profile ("own-"
# names), and under <pk>/ for anyone reaching it by id (staff with a consent, or the migrant).
# (route, own view, view by id, name)
_profile_pages: list[tuple[str, Callable[..., HttpResponse], Callable[..., HttpResponse], str]] = [
    ("<slug:step>/", pages.own_step, pages.profile_step, "step"),
    (
        "<slug:step>/<id:entry_pk>/remove/",
        pages.own_entry_remove,
        pages.entry_remove,
        "entry-remove",
    ),
    (
        "qualifications/<id:qualification_pk>/documents/",
        pages.own_document_upload,
        pages.document_upload,
        "document-upload",
    ),
    (
        "documents/<id:document_pk>/delete/",
        pages.own_document_delete,
        pages.document_delete,
        "document-delete",
    ),
    (
        "consents/<id:consent_pk>/withdraw/",
        pages.own_consent_withdraw,
        pages.consent_withdraw,
        "consent-withdraw",
    ),
]

urlpatterns = [
    path("profile/", pages.profile_overview, name="profile"),
    path("profile/claim/", intake.handover_claim, name="claim"),
    *rights_urlpatterns,
    *passport_urlpatterns,
    *[
        path(f"profile/{route}", own, name=f"own-{name}")
        for route, own, _by_id, name in _profile_pages
    ],
    path("intake/", intake.intake_list, name="intake-list"),
    path("intake/new/", intake.intake_create, name="intake-create"),
    path("duplicates/", duplicates.duplicate_list, name="duplicate-list"),
    path("duplicates/<id:flag_pk>/review/", duplicates.duplicate_review, name="duplicate-review"),
    path("<id:pk>/", pages.profile_detail, name="detail"),
    path("<id:pk>/handover/", intake.handover_start, name="handover"),
    path(
        "<id:profile_pk>/documents/<id:document_pk>/",
        pages.document_download,
        name="document-download",
    ),
    *[path(f"<id:pk>/{route}", by_id, name=name) for route, _own, by_id, name in _profile_pages],
]
