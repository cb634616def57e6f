"""The administration site shows every migrants record and changes none of them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from migrants.services import profile_handover_start
from migrants.tests.factories import (
    counsellor,
    migrant_with_profile,
    record_disability,
    registered_in_person,
)
from tests.clients import ClientFor

pytestmark = pytest.mark.django_db


def test_every_migrants_model_has_a_read_only_admin(
    admin_user: User, client_for: ClientFor
) -> None:
    migrant_with_profile()
    client = client_for(admin_user)
    for model in apps.get_app_config("migrants").get_models():
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        name = f"admin:migrants_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, model
        assert client.get(reverse(f"{name}_add")).status_code == 403, model


def test_disability_information_is_in_no_list_column(
    admin_user: User, client_for: ClientFor
) -> None:
    user, profile = migrant_with_profile()
    record_disability(user, profile, "Hearing loss in one ear", "A written copy of instructions")
    client = client_for(admin_user)
    for url in (
        reverse("admin:migrants_disabilityinformation_changelist"),
        reverse("admin:migrants_migrantprofile_changelist"),
    ):
        body = client.get(url).content.decode()
        assert "Hearing loss" not in body, url
        assert "written copy" not in body, url


def test_the_handover_codes_hash_is_not_shown(admin_user: User, client_for: ClientFor) -> None:
    staff = counsellor()
    profile = registered_in_person(staff)
    profile_handover_start(actor=staff, profile_id=profile.pk)
    profile.refresh_from_db()
    assert profile.handover_token_hash
    url = reverse("admin:migrants_migrantprofile_change", args=[profile.pk])
    page = client_for(admin_user).get(url)
    assert page.status_code == 200
    assert profile.handover_token_hash not in page.content.decode()
