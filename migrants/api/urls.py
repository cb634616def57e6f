"""/api/v1/migrants/: the caller's own profile under ``me/``; profiles reached through a consent
under ``profiles/<pk>/``. The sub-resources are the same views under both prefixes."""

from __future__ import annotations

from django.urls import URLPattern, path

from migrants.api import passport
from migrants.api import views as v

app_name = "migrants-api"

# (route below the profile, view, URL name suffix, extra view attributes)
SUB_RESOURCES: list[tuple[str, type[v.ProfileScopedApi], str, dict[str, str]]] = [
    ("education/", v.EducationAddApi, "education", {}),
    ("skills/", v.SkillSetApi, "skills", {}),
    ("languages/", v.LanguageSetApi, "languages", {}),
    ("experience/", v.ExperienceAddApi, "experience", {}),
    ("qualifications/", v.QualificationAddApi, "qualifications", {}),
    *(
        (f"{segment}/<id:entry_id>/", v.EntryRemoveApi, f"{segment}-detail", {"kind": kind})
        for segment, kind in v.ENTRY_KINDS.items()
    ),
    (
        "qualifications/<id:qualification_id>/documents/",
        v.QualificationDocumentUploadApi,
        "documents",
        {},
    ),
    (
        "qualifications/<id:qualification_id>/documents/<id:document_id>/",
        v.QualificationDocumentDeleteApi,
        "document-detail",
        {},
    ),
    ("disability/", v.DisabilitySetApi, "disability", {}),
    ("consents/", v.ConsentListGrantApi, "consents", {}),
    ("consents/<id:consent_id>/withdraw/", v.ConsentWithdrawApi, "consent-withdraw", {}),
]


def _sub_resources(prefix: str, scope: str, name: str) -> list[URLPattern]:
    return [
        path(prefix + route, view.as_view(scope=scope, **extra), name=f"{name}-{suffix}")
        for route, view, suffix, extra in SUB_RESOURCES
    ]


urlpatterns: list[URLPattern] = [
    path("me/", v.MeApi.as_view(scope=v.ME), name="me"),
    path("me/claim/", v.HandoverClaimApi.as_view(), name="me-claim"),
    path("me/export/", v.MeExportApi.as_view(), name="me-export"),
    path("me/erase/", v.MeEraseApi.as_view(), name="me-erase"),
    *passport.urlpatterns,
    *_sub_resources("me/", v.ME, "me"),
    path("profiles/", v.ProfileListCreateApi.as_view(), name="profile-list"),
    path(
        "profiles/<id:pk>/",
        v.ProfileDetailUpdateApi.as_view(scope=v.PROFILE),
        name="profile-detail",
    ),
    path(
        "profiles/<id:pk>/handover/",
        v.ProfileHandoverStartApi.as_view(scope=v.PROFILE),
        name="profile-handover",
    ),
    *_sub_resources("profiles/<id:pk>/", v.PROFILE, "profile"),
]
