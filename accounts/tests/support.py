"""Account flows that several accounts tests go through."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse


def reset_password_by_email(client: Client, email: str, new_password: str) -> None:
    """Ask for a reset link, open the one in the last e-mail and set ``new_password`` there."""
    client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", str(mail.outbox[-1].body)
    )
    assert link, mail.outbox[-1].body
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
