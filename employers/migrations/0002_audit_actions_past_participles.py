"""Audit action codes are past participles (``employers.vacancy.published``): the events already
recorded under the old codes are rewritten. Historical models carry a plain manager, so the
append-only guard of ``AuditEvent.objects`` does not stand in the way; only ``action`` changes.
"""

from django.db import migrations

from audit.migration_helpers import audit_action_renaming

# Every code the employers app wrote that was not a past participle.
RENAMED = {
    "employers.vacancy.open": "employers.vacancy.published",
    "employers.vacancy.back_to_draft": "employers.vacancy.returned_to_draft",
    "employers.vacancy.mark_filled": "employers.vacancy.filled",
    "employers.vacancy.reopen": "employers.vacancy.reopened",
    "employers.vacancy.close": "employers.vacancy.closed",
    "employers.interest.interview": "employers.interest.invited_to_interview",
    "employers.interest.offer": "employers.interest.offered",
    "employers.interest.withdraw": "employers.interest.withdrawn",
}
# Codes that were already past participles and stay as they are.
KEPT = (
    "employers.vacancy.created",
    "employers.vacancy.updated",
    "employers.vacancy.filled",
    "employers.interest.shortlisted",
    "employers.interest.expressed",
    "employers.interest.accepted",
    "employers.interest.declined",
    "employers.interest.not_selected",
    "employers.interest.hired",
)


# "filled" was already written when all positions were hired: those rows cannot be told apart
# from a manual "mark as filled", so on the way back they keep the new code.
forwards, backwards = audit_action_renaming(RENAMED, kept=KEPT)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("employers", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
