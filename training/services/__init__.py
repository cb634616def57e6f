"""Every write in training: check permission (404/403), lock, validate, save, audit; tell the
migrant after commit. One module per record: ``programmes`` (with funding lines), ``cohorts``,
``enrolments``, ``certificates`` and ``outcomes``; each entity's lifecycle is declared at the end
of its module. Participant imports live in ``training.imports``; the entry points other apps
reach without the user-facing checks in ``training.internal``."""

from training.services.certificates import certificate_revoke
from training.services.cohorts import (
    COHORT_DONE,
    COHORT_LIFECYCLE,
    CohortInput,
    cohort_apply_action,
    cohort_create,
    cohort_update,
)
from training.services.enrolments import (
    ENROLMENT_DONE,
    ENROLMENT_LIFECYCLE,
    BulkResult,
    enrolment_add,
    enrolment_apply_action,
    enrolment_change_track,
    enrolment_record_progress,
    enrolments_bulk_action,
)
from training.services.outcomes import OutcomeInput, outcome_record
from training.services.programmes import (
    PROGRAMME_DONE,
    PROGRAMME_LIFECYCLE,
    ProgrammeInput,
    funding_line_remove,
    funding_line_set,
    programme_apply_action,
    programme_create,
    programme_update,
)

__all__ = [
    "COHORT_DONE",
    "COHORT_LIFECYCLE",
    "ENROLMENT_DONE",
    "ENROLMENT_LIFECYCLE",
    "PROGRAMME_DONE",
    "PROGRAMME_LIFECYCLE",
    "BulkResult",
    "CohortInput",
    "OutcomeInput",
    "ProgrammeInput",
    "certificate_revoke",
    "cohort_apply_action",
    "cohort_create",
    "cohort_update",
    "enrolment_add",
    "enrolment_apply_action",
    "enrolment_change_track",
    "enrolment_record_progress",
    "enrolments_bulk_action",
    "funding_line_remove",
    "funding_line_set",
    "outcome_record",
    "programme_apply_action",
    "programme_create",
    "programme_update",
]
