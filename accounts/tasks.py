from __future__ import annotations

import smtplib
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from accounts.services import (
    api_token_purge,
    email_deliver,
    login_throttled_notify,
    notification_send,
    sessions_purge_expired,
)


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def email_deliver_task(payload: dict[str, Any]) -> int:
    return email_deliver(payload=payload)


@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=8)
def notification_send_task(*, user_id: int, title: str, body: str = "", url: str = "") -> None:
    notification_send(user_id=user_id, title=title, body=body, url=url)


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def sessions_purge_expired_task() -> None:
    """Nightly (``CELERY_BEAT_SCHEDULE``)."""
    sessions_purge_expired()


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def api_token_purge_task() -> int:
    """Nightly (``CELERY_BEAT_SCHEDULE``)."""
    return api_token_purge(older_than_days=settings.SMP_API_TOKEN_PURGE_DAYS)


@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=8)
def login_throttled_notify_task(*, login: str, failures: int) -> None:
    login_throttled_notify(login=login, failures=failures)
