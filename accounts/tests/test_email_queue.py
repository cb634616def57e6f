from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.services import email_deliver, email_serialize


@pytest.fixture
def queued_mail(settings: SettingsWrapper) -> None:
    settings.EMAIL_BACKEND = "accounts.mail.QueuedEmailBackend"
    settings.SMP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.django_db
@pytest.mark.usefixtures("queued_mail")
def test_mail_is_delivered_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail.send_mail("Decision", "Your request was decided.", None, ["amina@example.org"])
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Decision"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("queued_mail")
def test_mail_of_a_rolled_back_change_is_never_sent() -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            mail.send_mail("Decision", "Should never arrive.", None, ["amina@example.org"])
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert mail.outbox == []


def test_a_serialised_message_keeps_html_and_attachments(settings: SettingsWrapper) -> None:
    settings.SMP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMultiAlternatives("Hello", "text body", "a@example.org", ["b@example.org"])
    message.attach_alternative("<p>html body</p>", "text/html")
    message.attach("decision.txt", b"\x00binary\xff", "application/octet-stream")
    assert email_deliver(payload=email_serialize(message)) == 1
    sent = mail.outbox[-1]
    assert isinstance(sent, EmailMultiAlternatives)
    assert sent.alternatives[0][0] == "<p>html body</p>"
    assert sent.attachments[0][1] == b"\x00binary\xff"
