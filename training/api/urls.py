"""/api/v1/training/: programmes, cohorts, enrolments (one endpoint per transition), participant
imports and certificates."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.moves import move_urlpatterns
from training.api import views as v
from training.services import COHORT_LIFECYCLE, ENROLMENT_LIFECYCLE, PROGRAMME_LIFECYCLE

app_name = "training-api"
urlpatterns: list[URLPattern] = [
    # Programmes
    path("programmes/", v.ProgrammeListCreateApi.as_view(), name="programme-list"),
    path("programmes/<id:pk>/", v.ProgrammeDetailUpdateApi.as_view(), name="programme-detail"),
    *move_urlpatterns(PROGRAMME_LIFECYCLE, v.PROGRAMME_MOVE_APIS, prefix="programmes/<id:pk>/"),
    path(
        "programmes/<id:pk>/funding/",
        v.ProgrammeFundingListSetApi.as_view(),
        name="programme-funding",
    ),
    path(
        "programmes/<id:pk>/funding/<id:line_id>/",
        v.ProgrammeFundingRemoveApi.as_view(),
        name="programme-funding-line",
    ),
    # Cohorts
    path("cohorts/", v.CohortListCreateApi.as_view(), name="cohort-list"),
    path("cohorts/<id:pk>/", v.CohortDetailUpdateApi.as_view(), name="cohort-detail"),
    *move_urlpatterns(COHORT_LIFECYCLE, v.COHORT_MOVE_APIS, prefix="cohorts/<id:pk>/"),
    path("cohorts/<id:pk>/indicators/", v.CohortIndicatorsApi.as_view(), name="cohort-indicators"),
    path(
        "cohorts/<id:pk>/enrolments/",
        v.CohortEnrolmentListAddApi.as_view(),
        name="cohort-enrolments",
    ),
    path(
        "cohorts/<id:pk>/enrolments/bulk/",
        v.CohortEnrolmentBulkApi.as_view(),
        name="cohort-enrolments-bulk",
    ),
    # Enrolments
    path("enrolments/<id:pk>/", v.EnrolmentDetailApi.as_view(), name="enrolment-detail"),
    *move_urlpatterns(ENROLMENT_LIFECYCLE, v.ENROLMENT_MOVE_APIS, prefix="enrolments/<id:pk>/"),
    path("enrolments/<id:pk>/track/", v.EnrolmentTrackApi.as_view(), name="enrolment-track"),
    path(
        "enrolments/<id:pk>/progress/",
        v.EnrolmentProgressApi.as_view(),
        name="enrolment-progress",
    ),
    path(
        "enrolments/<id:pk>/outcomes/<id:months>/",
        v.EnrolmentOutcomeSetApi.as_view(),
        name="enrolment-outcome",
    ),
    # Participant imports
    path(
        "cohorts/<id:pk>/imports/",
        v.CohortImportListUploadApi.as_view(),
        name="cohort-imports",
    ),
    path("imports/template.csv", v.ImportTemplateApi.as_view(), name="import-template"),
    path("imports/<id:pk>/", v.ImportDetailApi.as_view(), name="import-detail"),
    path("imports/<id:pk>/errors/", v.ImportErrorListApi.as_view(), name="import-errors"),
    path("imports/<id:pk>/preview/", v.ImportPreviewApi.as_view(), name="import-preview"),
    path("imports/<id:pk>/confirm/", v.ImportConfirmApi.as_view(), name="import-confirm"),
    path("imports/<id:pk>/cancel/", v.ImportCancelApi.as_view(), name="import-cancel"),
    # Certificates
    path("certificates/", v.CertificateListApi.as_view(), name="certificate-list"),
    path("certificates/<id:pk>/", v.CertificateDetailApi.as_view(), name="certificate-detail"),
    path(
        "certificates/<id:pk>/revoke/",
        v.CertificateRevokeApi.as_view(),
        name="certificate-revoke",
    ),
    # The migrant's own
    path("me/enrolments/", v.MyEnrolmentListApi.as_view(), name="me-enrolments"),
]
