"""/api/v1/migrants/: the caller's own profile under ``me/``; profiles reached through a consent
under ``profiles/<pk>/``. The sub-resources are the same views under both prefixes, each route
declaring whose profile it is and who may call it."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.access import Access
from migrants.api.views import consent, entries, profiles
from migrants.api.views.base import ME, PROFILE, ProfileScopedApi
from migrants.passport import api as passport
from migrants.permissions import OWN_PROFILE, PROFILE_EDITORS, PROFILE_READERS
from migrants.rights import api as rights
from migrants.services import ENTRY_KINDS

app_name = "migrants-api"

# (route below the profile, view, URL name suffix, extra view attributes)
SUB_RESOURCES: list[tuple[str, type[ProfileScopedApi], str, dict[str, str]]] = [
    ("education/", entries.EducationAddApi, "education", {}),
    ("skills/", entries.SkillSetApi, "skills", {}),
    ("languages/", entries.LanguageSetApi, "languages", {}),
    ("experience/", entries.ExperienceAddApi, "experience", {}),
    ("qualifications/", entries.QualificationAddApi, "qualifications", {}),
    *(
        (f"{segment}/<id:entry_id>/", entries.EntryRemoveApi, f"{segment}-detail", {"kind": kind})
        for segment, kind in ENTRY_KINDS.items()
    ),
    (
        "qualifications/<id:qualification_id>/documents/",
        entries.QualificationDocumentUploadApi,
        "documents",
        {},
    ),
    (
        "qualifications/<id:qualification_id>/documents/<id:document_id>/",
        entries.QualificationDocumentDeleteApi,
        "document-detail",
        {},
    ),
    ("disability/", entries.DisabilitySetApi, "disability", {}),
    ("consents/", consent.ConsentListGrantApi, "consents", {}),
    ("consents/<id:consent_id>/withdraw/", consent.ConsentWithdrawApi, "consent-withdraw", {}),
]


def _sub_resources(prefix: str, whose: str, access: Access, name: str) -> list[URLPattern]:
    return [
        path(
            prefix + route,
            view.as_view(whose=whose, access=access, **extra),
            name=f"{name}-{suffix}",
        )
        for route, view, suffix, extra in SUB_RESOURCES
    ]


urlpatterns: list[URLPattern] = [
    path("me/", profiles.MeApi.as_view(whose=ME, access=OWN_PROFILE), name="me"),
    path("me/claim/", profiles.HandoverClaimApi.as_view(), name="me-claim"),
    *rights.urlpatterns,
    *passport.urlpatterns,
    *_sub_resources("me/", ME, OWN_PROFILE, "me"),
    path("profiles/", profiles.ProfileListCreateApi.as_view(), name="profile-list"),
    path(
        "profiles/<id:pk>/",
        profiles.ProfileDetailUpdateApi.as_view(whose=PROFILE, access=PROFILE_READERS),
        name="profile-detail",
    ),
    path(
        "profiles/<id:pk>/handover/",
        profiles.ProfileHandoverStartApi.as_view(),
        name="profile-handover",
    ),
    *_sub_resources("profiles/<id:pk>/", PROFILE, PROFILE_EDITORS, "profile"),
]
