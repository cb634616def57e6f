"""Data migrations tested against the schema they were written for.

``migrate_to`` moves the test database to a past state and returns that state's historical
models (only in ``transaction=True`` tests: the schema changes); ``migrate_to_latest`` brings it
back. ``historical_apps`` gives a past state's models without touching the schema, for data
migrations that only rewrite rows (e.g. audit action codes) and must work through historical
models, which have none of the real models' managers and ``save`` guards.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

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
