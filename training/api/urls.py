"""/api/v1/training/: programmes, cohorts, enrolments (one endpoint per transition), participant
imports and certificates."""

from __future__ import annotations

from django.urls import URLPattern, path

from training.api import import_views as iv
from training.api import views as v

app_name = "training-api"
urlpatterns: list[URLPattern] = [
    # Programmes
    path("programmes/", v.ProgrammeListCreateApi.as_view(), name="programme-list"),
    path("programmes/<int:pk>/", v.ProgrammeDetailUpdateApi.as_view(), name="programme-detail"),
    *(
        path(f"programmes/<int:pk>/{segment}/", view.as_view(), name=f"programme-{segment}")
        for segment, view in v.PROGRAMME_APIS.items()
    ),
    path(
        "programmes/<int:pk>/funding/",
        v.ProgrammeFundingListSetApi.as_view(),
        name="programme-funding",
    ),
    path(
        "programmes/<int:pk>/funding/<int:line_id>/",
        v.ProgrammeFundingRemoveApi.as_view(),
        name="programme-funding-line",
    ),
    # Cohorts
    path("cohorts/", v.CohortListCreateApi.as_view(), name="cohort-list"),
    path("cohorts/<int:pk>/", v.CohortDetailUpdateApi.as_view(), name="cohort-detail"),
    *(
        path(f"cohorts/<int:pk>/{segment}/", view.as_view(), name=f"cohort-{segment}")
        for segment, view in v.COHORT_APIS.items()
    ),
    path("cohorts/<int:pk>/indicators/", v.CohortIndicatorsApi.as_view(), name="cohort-indicators"),
    path(
        "cohorts/<int:pk>/enrolments/",
        v.CohortEnrolmentListAddApi.as_view(),
        name="cohort-enrolments",
    ),
    path(
        "cohorts/<int:pk>/enrolments/bulk/",
        v.CohortEnrolmentBulkApi.as_view(),
        name="cohort-enrolments-bulk",
    ),
    # Enrolments
    path("enrolments/<int:pk>/", v.EnrolmentDetailApi.as_view(), name="enrolment-detail"),
    *(
        path(f"enrolments/<int:pk>/{segment}/", view.as_view(), name=f"enrolment-{segment}")
        for segment, view in v.ENROLMENT_APIS.items()
    ),
    path("enrolments/<int:pk>/track/", v.EnrolmentTrackApi.as_view(), name="enrolment-track"),
    path(
        "enrolments/<int:pk>/progress/",
        v.EnrolmentProgressApi.as_view(),
        name="enrolment-progress",
    ),
    path(
        "enrolments/<int:pk>/outcomes/<int:months>/",
        v.EnrolmentOutcomeSetApi.as_view(),
        name="enrolment-outcome",
    ),
    # Participant imports
    path(
        "cohorts/<int:pk>/imports/",
        iv.CohortImportListUploadApi.as_view(),
        name="cohort-imports",
    ),
    path("imports/template.csv", iv.ImportTemplateApi.as_view(), name="import-template"),
    path("imports/<int:pk>/", iv.ImportDetailApi.as_view(), name="import-detail"),
    path("imports/<int:pk>/errors/", iv.ImportErrorListApi.as_view(), name="import-errors"),
    path("imports/<int:pk>/preview/", iv.ImportPreviewApi.as_view(), name="import-preview"),
    path("imports/<int:pk>/confirm/", iv.ImportConfirmApi.as_view(), name="import-confirm"),
    path("imports/<int:pk>/cancel/", iv.ImportCancelApi.as_view(), name="import-cancel"),
    # Certificates
    path("certificates/", v.CertificateListApi.as_view(), name="certificate-list"),
    path("certificates/<int:pk>/", v.CertificateDetailApi.as_view(), name="certificate-detail"),
    path(
        "certificates/<int:pk>/revoke/",
        v.CertificateRevokeApi.as_view(),
        name="certificate-revoke",
    ),
    # The migrant's own
    path("me/enrolments/", v.MyEnrolmentListApi.as_view(), name="me-enrolments"),
]
