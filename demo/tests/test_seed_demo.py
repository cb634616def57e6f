from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.demo import LOGINS
from accounts.models import Organisation, Role, User
from accounts.permissions import user_roles
from core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_one_working_login_per_role_and_is_idempotent(
    settings: SettingsWrapper,
) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count()) == counts

    roles: set[Role] = set()
    for login in LOGINS:
        user = User.objects.get(email=login.email)
        roles |= user_roles(user)
        assert Client().login(email=login.email, password=DEMO_PASSWORD), login.email
    assert roles == set(Role) - {Role.PARTNER}
    assert Organisation.objects.filter(country_id="MA", kind="national_government").exists()
    assert Organisation.objects.filter(city="Milan", kind="local_government").exists()


def test_seed_demo_refuses_outside_debug(settings: SettingsWrapper) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()
