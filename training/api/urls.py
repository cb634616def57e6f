"""/api/v1/training/: programmes, cohorts, enrolments (one endpoint per transition), participant
imports and certificates."""

from __future__ import annotations

from django.urls import URLPattern, path

from core.api.routes import resource_urlpatterns
from training.api import views as v

app_name = "training-api"
urlpatterns: list[URLPattern] = [
    *resource_urlpatterns(
        "programmes/",
        "programme",
        collection=v.ProgrammeListCreateApi,
        item=v.ProgrammeDetailUpdateApi,
        moves=v.PROGRAMME_MOVE_APIS,
        actions={"funding": v.ProgrammeFundingListSetApi},
    ),
    path(
        "programmes/<id:pk>/funding/<id:line_id>/",
        v.ProgrammeFundingRemoveApi.as_view(),
        name="programme-funding-line",
    ),
    *resource_urlpatterns(
        "cohorts/",
        "cohort",
        collection=v.CohortListCreateApi,
        item=v.CohortDetailUpdateApi,
        moves=v.COHORT_MOVE_APIS,
        actions={
            "indicators": v.CohortIndicatorsApi,
            "enrolments": v.CohortEnrolmentListAddApi,
            "enrolments/bulk": v.CohortEnrolmentBulkApi,
            "imports": v.CohortImportListUploadApi,
        },
    ),
    *resource_urlpatterns(
        "enrolments/",
        "enrolment",
        item=v.EnrolmentDetailApi,
        moves=v.ENROLMENT_MOVE_APIS,
        actions={"track": v.EnrolmentTrackApi, "progress": v.EnrolmentProgressApi},
    ),
    path(
        "enrolments/<id:pk>/outcomes/<id:months>/",
        v.EnrolmentOutcomeSetApi.as_view(),
        name="enrolment-outcome",
    ),
    # Participant imports
    path("imports/template.csv", v.ImportTemplateApi.as_view(), name="import-template"),
    *resource_urlpatterns(
        "imports/",
        "import",
        item=v.ImportDetailApi,
        actions={
            "errors": v.ImportErrorListApi,
            "preview": v.ImportPreviewApi,
            "confirm": v.ImportConfirmApi,
            "cancel": v.ImportCancelApi,
        },
    ),
    *resource_urlpatterns(
        "certificates/",
        "certificate",
        collection=v.CertificateListApi,
        item=v.CertificateDetailApi,
        actions={"revoke": v.CertificateRevokeApi},
    ),
    # The migrant's own
    path("me/enrolments/", v.MyEnrolmentListApi.as_view(), name="me-enrolments"),
]
