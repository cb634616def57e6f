"""Fixtures of the training tests: a provider's programme (``setting``) and a cohort of it, and
the provider's staff member signed in to the pages (``staff_client``) or the API (``staff_api``)."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.clients import ApiClientFor, ClientFor
from training.models import Cohort
from training.tests.factories import Setting, make_cohort, make_setting


@pytest.fixture
def setting(db: None) -> Setting:
    return make_setting()


@pytest.fixture
def staff_client(setting: Setting, client_for: ClientFor) -> Client:
    return client_for(setting.staff)


@pytest.fixture
def staff_api(setting: Setting, api_client_for: ApiClientFor) -> APIClient:
    return api_client_for(setting.staff)


@pytest.fixture
def cohort(setting: Setting) -> Cohort:
    return make_cohort(setting)
