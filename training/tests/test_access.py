"""Who may use each training route, declared once (``training.permissions``), and the same
refusal everywhere: the service refuses a caller without the role with 403, as the routes do."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import get_resolver

from core.access import PUBLIC, SIGNED_IN
from migrants.tests.factories import migrant_with_profile
from tests.test_route_inventory import _routes, declared_access
from training.services import programme_create
from training.tests.factories import Setting, programme_input


def test_every_training_route_declares_who_may_use_it_precisely() -> None:
    placeholders = []
    for route, pattern, namespace in _routes(get_resolver()):
        if namespace not in ("training", "training-api"):
            continue
        access = declared_access(pattern, namespace)
        if access is None or access in (SIGNED_IN, PUBLIC):
            placeholders.append(route)
        elif "<id:pk>" in route and not access.scope:
            placeholders.append(f"{route} (names no object helper)")
    assert placeholders == []


@pytest.mark.django_db
def test_officers_and_migrants_are_refused_programmes_with_403_by_the_service(
    setting: Setting,
) -> None:
    migrant = migrant_with_profile(phone="+212600006666", contact_email="m@example.org")[0]
    for outsider in (setting.officer, migrant):
        with pytest.raises(PermissionDenied, match="Only staff of a training provider"):
            programme_create(actor=outsider, data=programme_input(setting.provider))
