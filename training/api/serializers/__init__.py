"""Shapes of the training API. Input serializers check types, presence and choices only; every
business rule (the provider is the caller's, the payer is a partnership member, the cohort has a
seat, the programme certifies...) is checked by ``training.services``, which raise
``DomainValidationError`` -> 400 or ``InvalidTransition`` -> 409.

Personal data: a participant's identity (names, contact details, birth date, the provider's own
reference) is shown to staff of the training provider, who hold the person's counselling
consent, and to the participant themself. Officers of the partnership who monitor the programme
see the pseudonym only. The view puts ``training.permissions.participant_identity_rule`` in the
context (``identity_for``); ``TrainingParticipantSerializer`` reads it.

One module per record (``programmes``, ``cohorts``, ``enrolments`` with participants and
certificates, ``imports``); ``fields`` holds the named enums and small references they share.
"""

from training.api.serializers.cohorts import (
    CohortCreateInputSerializer,
    CohortDetailOutputSerializer,
    CohortFilterSerializer,
    CohortIndicatorsOutputSerializer,
    CohortListOutputSerializer,
    CohortProgrammeInputSerializer,
    CohortUpdateInputSerializer,
)
from training.api.serializers.enrolments import (
    CertificateOutputSerializer,
    EnrolmentAddInputSerializer,
    EnrolmentBulkInputSerializer,
    EnrolmentBulkOutputSerializer,
    EnrolmentDetailOutputSerializer,
    EnrolmentFilterSerializer,
    EnrolmentListOutputSerializer,
    EnrolmentProgressInputSerializer,
    MyEnrolmentOutputSerializer,
    TrackChangeInputSerializer,
    TrainingOutcomeInputSerializer,
    TrainingOutcomeOutputSerializer,
)
from training.api.serializers.fields import TrainingReasonInputSerializer
from training.api.serializers.imports import (
    ImportPlanRowOutputSerializer,
    ImportRowErrorOutputSerializer,
    ParticipantImportOutputSerializer,
    ParticipantImportUploadSerializer,
)
from training.api.serializers.programmes import (
    FundingLineInputSerializer,
    FundingLineOutputSerializer,
    ProgrammeCreateInputSerializer,
    ProgrammeDetailOutputSerializer,
    ProgrammeFilterSerializer,
    ProgrammeListOutputSerializer,
    ProgrammeUpdateInputSerializer,
)

__all__ = [
    "CertificateOutputSerializer",
    "CohortCreateInputSerializer",
    "CohortDetailOutputSerializer",
    "CohortFilterSerializer",
    "CohortIndicatorsOutputSerializer",
    "CohortListOutputSerializer",
    "CohortProgrammeInputSerializer",
    "CohortUpdateInputSerializer",
    "EnrolmentAddInputSerializer",
    "EnrolmentBulkInputSerializer",
    "EnrolmentBulkOutputSerializer",
    "EnrolmentDetailOutputSerializer",
    "EnrolmentFilterSerializer",
    "EnrolmentListOutputSerializer",
    "EnrolmentProgressInputSerializer",
    "FundingLineInputSerializer",
    "FundingLineOutputSerializer",
    "ImportPlanRowOutputSerializer",
    "ImportRowErrorOutputSerializer",
    "MyEnrolmentOutputSerializer",
    "ParticipantImportOutputSerializer",
    "ParticipantImportUploadSerializer",
    "ProgrammeCreateInputSerializer",
    "ProgrammeDetailOutputSerializer",
    "ProgrammeFilterSerializer",
    "ProgrammeListOutputSerializer",
    "ProgrammeUpdateInputSerializer",
    "TrackChangeInputSerializer",
    "TrainingOutcomeInputSerializer",
    "TrainingOutcomeOutputSerializer",
    "TrainingReasonInputSerializer",
]
