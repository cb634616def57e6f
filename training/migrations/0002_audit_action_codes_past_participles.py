"""Audit action codes are past participles (``training.cohort.started``): the events already
recorded under the old codes, which named the move (``training.cohort.start``), are rewritten.
Historical models carry a plain manager, so the append-only guard of ``AuditEvent.objects`` does
not stand in the way; only ``action`` changes.
"""

from django.db import migrations

from audit.migration_helpers import audit_action_renaming

# Every code the training app wrote that was not a past participle.
RENAMED = {
    "training.cohort.open_recruitment": "training.cohort.recruitment_opened",
    "training.cohort.pause_recruitment": "training.cohort.recruitment_paused",
    "training.cohort.start": "training.cohort.started",
    "training.cohort.complete": "training.cohort.completed",
    "training.cohort.cancel": "training.cohort.cancelled",
    "training.enrolment.select": "training.enrolment.selected",
    "training.enrolment.reject": "training.enrolment.rejected",
    "training.enrolment.enrol": "training.enrolment.enrolled",
    "training.enrolment.complete": "training.enrolment.completed",
    "training.enrolment.drop_out": "training.enrolment.dropped_out",
    "training.enrolment.certify": "training.enrolment.certified",
    "training.enrolment.progress": "training.enrolment.progress_recorded",
}
# Codes that were already past participles and stay as they are.
KEPT = (
    "training.programme.created",
    "training.programme.updated",
    "training.programme.published",
    "training.programme.archived",
    "training.funding.set",
    "training.funding.removed",
    "training.cohort.created",
    "training.cohort.updated",
    "training.enrolment.added",
    "training.enrolment.track_changed",
    "training.certificate.issued",
    "training.certificate.revoked",
    "training.outcome.recorded",
    "training.outcome.corrected",
    "training.import.uploaded",
    "training.import.validated",
    "training.import.started",
    "training.import.confirmed",
    "training.import.failed",
    "training.import.cancelled",
)


forwards, backwards = audit_action_renaming(RENAMED, kept=KEPT)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("training", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
