"""The administration site has a page for every model of the apps below: read-only where the
records change only through the services (which check and audit)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from accounts.models import Notification, User
from audit.models import AuditEvent
from partnerships.models import Partnership
from partnerships.tests.factories import make_partnership
from taxonomy.models import Sector
from tests.clients import ClientFor

pytestmark = pytest.mark.django_db
APPS = ("accounts", "audit", "partnerships", "taxonomy")
READ_ONLY: list[type[Model]] = [Partnership, AuditEvent, Notification, Sector]


def _inlined() -> set[type[Model]]:
    return {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }


def test_every_model_has_an_admin_page_or_is_shown_inside_one() -> None:
    missing = [
        model._meta.label
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry and model not in _inlined()
    ]
    assert missing == []


def test_administrator_reads_every_page_and_changes_nothing_that_services_own(
    admin_user: User, client_for: ClientFor
) -> None:
    make_partnership()
    client = client_for(admin_user)
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in APPS:
            continue
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert changelist.status_code == 200, meta.label
        first = model._default_manager.first()
        if first is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert client.get(url).status_code == 200, meta.label
    for model in READ_ONLY:
        meta = model._meta
        add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        assert add.status_code == 403, meta.label
