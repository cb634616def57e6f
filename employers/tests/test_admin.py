"""The administration site shows employers' and matching's records read-only, and people under
their pseudonym only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from accounts.models import User
from employers.models import Interest, Placement, SavedSearch, Vacancy
from employers.tests.factories import interest_in, open_vacancy
from matching.internal import chunk_execute, rematch_all
from matching.models import Match, MatchChunk, MatchResult, MatchRun
from migrants.models import MigrantProfile
from tests.clients import ClientFor

pytestmark = pytest.mark.django_db
MODELS: list[type[Model]] = [
    Vacancy,
    SavedSearch,
    Interest,
    Placement,
    MatchRun,
    MatchChunk,
    MatchResult,
    Match,
]


def test_every_model_has_an_admin_and_none_can_be_changed_there(
    admin_user: User, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    vacancy = open_vacancy(positions=5)
    interest_in(Interest.Status.HIRED, vacancy, n=1)
    interest_in(Interest.Status.SHORTLISTED, vacancy, n=2)  # still in the pool: ranked
    with django_capture_on_commit_callbacks(execute=True):
        run = rematch_all()
    for chunk in run.chunks.all():
        chunk_execute(chunk.pk)
    names = [p.family_name for p in MigrantProfile.objects.all()]
    assert all(names)
    client = client_for(admin_user)
    for model in MODELS:
        if model is MatchChunk:
            continue  # shown inside its run
        meta = model._meta
        assert model in admin.site._registry, meta.label
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert changelist.status_code == 200, meta.label
        first = model._default_manager.first()
        if first is not None:
            page = client.get(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
            assert page.status_code == 200, meta.label
            body = page.content.decode()
            assert not [name for name in names if name in body], meta.label
            assert 'type="submit"' not in body or 'name="_save"' not in body, meta.label
        add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        assert add.status_code == 403, meta.label
    assert MatchChunk in {inline.model for inline in admin.site._registry[MatchRun].inlines}
    assert Match.objects.filter(vacancy=vacancy).exists()  # the change pages above had rows
