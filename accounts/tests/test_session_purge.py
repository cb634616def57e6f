"""Expired sessions do not pile up in the database: a beat task deletes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import sessions_purge_expired_task

pytestmark = pytest.mark.django_db


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    assert store.session_key is not None
    return store.session_key


def test_expired_sessions_are_deleted_and_live_ones_kept() -> None:
    expired = _session(timedelta(minutes=-1))
    live = _session(timedelta(hours=1))

    sessions_purge_expired_task.delay()

    assert not Session.objects.filter(session_key=expired).exists()
    assert Session.objects.filter(session_key=live).exists()
