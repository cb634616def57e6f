"""Data migrations tested against the schema they were written for.

``migrate_to`` moves the test database to a past state and returns that state's historical
models (only in ``transaction=True`` tests: the schema changes); ``migrate_to_latest`` brings it
back. ``historical_apps`` gives a past state's models without touching the schema, for data
migrations that only rewrite rows (e.g. audit action codes) and must work through historical
models, which have none of the real models' managers and ``save`` guards.
"""

from __future__ import annotations

from types import ModuleType

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent

Target = tuple[str, str]


def historical_apps(*targets: Target) -> Apps:
    return MigrationExecutor(connection).loader.project_state(list(targets)).apps


def migrate_to(*targets: Target) -> Apps:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def migrate_to_latest() -> Apps:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    return executor.loader.project_state(leaves).apps


def codes_after_renaming(renaming: ModuleType, old_codes: set[str]) -> set[str]:
    """The codes an audit-code renaming migration leads ``old_codes`` to.

    Checks first that its ``RENAMED`` and ``KEPT`` split the old codes between them: each old
    code is either renamed or kept, never both, never forgotten.
    """
    assert set(renaming.RENAMED) | set(renaming.KEPT) == old_codes
    assert not set(renaming.RENAMED) & set(renaming.KEPT)
    return {renaming.RENAMED.get(code, code) for code in old_codes}


def rename_recorded_codes(
    renaming: ModuleType, migration: Target, old_codes: set[str], other_code: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Run an audit-code renaming migration forwards, then backwards, over one event per old code
    and one of another app (``other_code``), which it must leave alone.

    Checks that forwards gives every event its new code; returns the events' codes (by the code
    they were written with) after forwards and after backwards.
    """
    for code in sorted(old_codes | {other_code}):
        AuditEvent.objects.create(action=code, target_label=code)
    apps = historical_apps(migration, ("audit", "0001_initial"))

    renaming.forwards(apps, None)

    forwards = dict(AuditEvent.objects.values_list("target_label", "action"))
    assert forwards == {
        **{old: renaming.RENAMED.get(old, old) for old in old_codes},
        other_code: other_code,
    }
    renaming.backwards(apps, None)
    return forwards, dict(AuditEvent.objects.values_list("target_label", "action"))
