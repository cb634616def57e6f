from __future__ import annotations

import smtplib
from typing import Any

from celery import shared_task

from accounts.services import email_deliver


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def email_deliver_task(payload: dict[str, Any]) -> int:
    return email_deliver(payload=payload)
