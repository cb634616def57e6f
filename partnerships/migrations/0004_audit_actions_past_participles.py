"""Audit action codes are past participles (``partnerships.partnership.activated``): the events
already recorded under the old codes, which named the move, are rewritten. Historical models
carry a plain manager, so the append-only guard of ``AuditEvent.objects`` does not stand in the
way; only ``action`` changes.
"""

from django.db import migrations

from audit.migration_helpers import audit_action_renaming

RENAMED = {
    "partnerships.partnership.start_negotiation": "partnerships.partnership.negotiation_started",
    "partnerships.partnership.return_to_draft": "partnerships.partnership.returned_to_draft",
    "partnerships.partnership.activate": "partnerships.partnership.activated",
    "partnerships.partnership.suspend": "partnerships.partnership.suspended",
    "partnerships.partnership.resume": "partnerships.partnership.resumed",
    "partnerships.partnership.conclude": "partnerships.partnership.concluded",
    "partnerships.partnership.withdraw": "partnerships.partnership.withdrawn",
}
# Codes that were already past participles (or "set") and stay as they are.
KEPT = (
    "partnerships.partnership.created",
    "partnerships.partnership.updated",
    "partnerships.member.added",
    "partnerships.member.removed",
    "partnerships.target.set",
    "partnerships.indicator.set",
    "partnerships.cost.recorded",
    "partnerships.cost.voided",
    "partnerships.document.uploaded",
    "partnerships.document.deleted",
)


forwards, backwards = audit_action_renaming(RENAMED, kept=KEPT)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("partnerships", "0003_sector_from_taxonomy"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
