"""Training API: parse, authorise, call one service, respond.

Every view declares who may use it (``access``, from ``training.permissions``) and looks its
programme, cohort, enrolment, import or certificate up with the ``get_*_for_user`` helpers (404
for what the caller may not see; with ``for_write``, 403 for what they may only read: partnership
officers and the provider's viewers) before it reads the body, so a stranger learns nothing from
validation errors. The services check again under the row lock and own every business rule: a
move refused in the record's status answers 409.

One module per record: ``programmes``, ``cohorts``, ``enrolments``, ``certificates`` (with the
migrant's own), ``imports``; ``base`` holds what they share.
"""

from training.api.views.certificates import (
    CertificateDetailApi,
    CertificateListApi,
    CertificateRevokeApi,
    MyEnrolmentListApi,
)
from training.api.views.cohorts import (
    COHORT_MOVE_APIS,
    CohortDetailUpdateApi,
    CohortIndicatorsApi,
    CohortListCreateApi,
)
from training.api.views.enrolments import (
    ENROLMENT_MOVE_APIS,
    CohortEnrolmentBulkApi,
    CohortEnrolmentListAddApi,
    EnrolmentDetailApi,
    EnrolmentOutcomeSetApi,
    EnrolmentProgressApi,
    EnrolmentTrackApi,
)
from training.api.views.imports import (
    CohortImportListUploadApi,
    ImportCancelApi,
    ImportConfirmApi,
    ImportDetailApi,
    ImportErrorListApi,
    ImportPreviewApi,
    ImportTemplateApi,
)
from training.api.views.programmes import (
    PROGRAMME_MOVE_APIS,
    ProgrammeDetailUpdateApi,
    ProgrammeFundingListSetApi,
    ProgrammeFundingRemoveApi,
    ProgrammeListCreateApi,
)

__all__ = [
    "COHORT_MOVE_APIS",
    "ENROLMENT_MOVE_APIS",
    "PROGRAMME_MOVE_APIS",
    "CertificateDetailApi",
    "CertificateListApi",
    "CertificateRevokeApi",
    "CohortDetailUpdateApi",
    "CohortEnrolmentBulkApi",
    "CohortEnrolmentListAddApi",
    "CohortImportListUploadApi",
    "CohortIndicatorsApi",
    "CohortListCreateApi",
    "EnrolmentDetailApi",
    "EnrolmentOutcomeSetApi",
    "EnrolmentProgressApi",
    "EnrolmentTrackApi",
    "ImportCancelApi",
    "ImportConfirmApi",
    "ImportDetailApi",
    "ImportErrorListApi",
    "ImportPreviewApi",
    "ImportTemplateApi",
    "MyEnrolmentListApi",
    "ProgrammeDetailUpdateApi",
    "ProgrammeFundingListSetApi",
    "ProgrammeFundingRemoveApi",
    "ProgrammeListCreateApi",
]
