"""Fixtures the migrants tests share."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture
def private_media(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded files go to a folder of the test's own, checked and removed with it."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
