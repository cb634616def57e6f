"""Project-wide pytest fixtures: the starter taxonomy, users in every role, API clients."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from smp_portal.celery import app as celery_app
from taxonomy.models import Country
from taxonomy.services import starter_taxonomy_load
from tests.clients import ApiClientFor, ClientFor, Way


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Load the shipped reference data once per test database, as `make run` does."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        starter_taxonomy_load()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # PBKDF2's deliberate slowness protects real passwords; tests only need correctness.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Rate limits and sign-in delays count in the cache; one test's failures must not slow the
    # next test down.
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_in_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks run in the test's own process, even when CI configures a real broker.

    Only tests marked ``worker`` send tasks through the broker to a real worker process; the
    rest must not leave messages behind in a queue nobody consumes.
    """
    if request.node.get_closest_marker("worker") is None:
        monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def private_media(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded files go to a folder of the test's own, checked and removed with it."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def starter_taxonomy(transactional_db: None) -> None:
    """For transactional tests, which empty every table when they end."""
    if not Country.objects.exists():
        starter_taxonomy_load()


def _member_of(kind: str, country: str = "BE") -> User:
    org = OrganisationFactory.create(kind=kind, country_id=country)
    return MembershipFactory.create(organisation=org).user


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    return _member_of


@pytest.fixture
def government_officer(db: None) -> User:
    return _member_of(Organisation.Kind.NATIONAL_GOVERNMENT)


@pytest.fixture
def recognition_officer(db: None) -> User:
    return _member_of(Organisation.Kind.RECOGNITION_AUTHORITY, "DE")


@pytest.fixture
def provider_staff(db: None) -> User:
    return _member_of(Organisation.Kind.TRAINING_PROVIDER, "MA")


@pytest.fixture
def employer_staff(db: None) -> User:
    return _member_of(Organisation.Kind.EMPLOYER)


@pytest.fixture
def migrant(db: None) -> User:
    user: User = UserFactory.create()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser("root@example.org", "a-long-admin-password")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for() -> ClientFor:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for() -> ApiClientFor:
    def make(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture(params=["page", "api"])
def way(request: pytest.FixtureRequest, client_for: ClientFor, api_client_for: ApiClientFor) -> Way:
    """The test runs once through the pages (``way.name`` is ``"page"``) and once through the
    API (``"api"``), with clients of that kind."""
    return Way(request.param, client_for if request.param == "page" else api_client_for)


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """``commit(fn, *args, **kwargs)``: run ``fn``, then what it queued for after the commit (the
    tasks a service sends with ``transaction.on_commit``), as a worker would."""

    def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
