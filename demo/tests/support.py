"""What the demo tests of every app share: seeding again must create nothing."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db.models import Model
from pytest_django.fixtures import Settings


def row_counts(*models: type[Model]) -> dict[str, int]:
    """How many rows each model has, by model name."""
    return {model.__name__: model._default_manager.count() for model in models}


def seed_demo_twice(settings: Settings, *models: type[Model]) -> dict[str, int]:
    """Run ``seed_demo`` (in debug, as ``make run`` does) twice; the second run must add no row
    to ``models``. The counts after the first run."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    counts = row_counts(*models)
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts(*models) == counts
    return counts
