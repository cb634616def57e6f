"""Audit action codes are past participles (``<app>.<entity>.<past participle>``): the daily
deadline check's ``recognition.request.overdue`` becomes ``recognition.request.overdue_flagged``
on the events already recorded. Every other code recognition writes already was one
(``submitted``, ``screening_started``, ``information_requested``, ``appeal_decided``...).

Historical models have no custom manager, so the append-only guard of ``AuditEvent`` does not
apply here: renaming a code is the one change its rows may take.
"""

from django.db import migrations

from audit.migration_helpers import audit_action_renaming

RENAMED = {"recognition.request.overdue": "recognition.request.overdue_flagged"}

forwards, backwards = audit_action_renaming(RENAMED)


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
