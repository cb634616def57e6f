"""Audit action codes of migrants end in a past participle (``migrants.profile.registered``),
as every app's do: existing events get the new codes. Audit rows are append-only for the ORM's
managers; the historical model here has a plain manager, which is how a migration may rewrite
them (the action code only: time, actor, target and data stay)."""

from django.db import migrations

from audit.migration_helpers import audit_action_renaming

# Every migrants code that was not a past participle, and its new name. The others
# (``migrants.profile.created``, ``migrants.consent.withdrawn``...) keep theirs.
RENAMED = {
    "migrants.profile.registered_in_person": "migrants.profile.registered",
    "migrants.profile.registered_by_import": "migrants.profile.imported",
    "migrants.profile.handover_started": "migrants.handover_code.issued",
    "migrants.skill.evidence_raised": "migrants.skill_evidence.raised",
    "migrants.profile.demo_entries_added": "migrants.demo_entries.added",
}


forwards, backwards = audit_action_renaming(RENAMED)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("migrants", "0003_passport_share"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
