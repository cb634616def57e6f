"""An e-mail backend that hands every message to a Celery task after the transaction commits.

Pages never wait on an SMTP server, and a message about a change that was rolled back is never
sent. The task delivers with ``SMP_EMAIL_DELIVERY_BACKEND`` (set from EMAIL_URL).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from accounts.services import email_serialize


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from accounts.tasks import email_deliver_task

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            transaction.on_commit(partial(email_deliver_task.delay, email_serialize(message)))
            count += 1
        return count
