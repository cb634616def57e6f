"""Fixtures of the training tests: a provider's programme (``setting``) and a cohort of it."""

from __future__ import annotations

import pytest

from training.models import Cohort
from training.tests.factories import Setting, make_cohort, make_setting


@pytest.fixture
def setting(db: None) -> Setting:
    return make_setting()


@pytest.fixture
def cohort(setting: Setting) -> Cohort:
    return make_cohort(setting)
