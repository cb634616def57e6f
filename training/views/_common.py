"""What the training pages share: page addresses, names shown to whom, certificate links."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from training.models import Certificate, Enrolment
from training.permissions import participant_identity_rule


def page_url(name: str, pk: int, section: str = "") -> str:
    url = reverse(name, args=[pk])
    return f"{url}#{section}" if section else url


def certificate_print_url(certificate: Certificate) -> str:
    return reverse("training:certificate-print", args=[certificate.pk])


def participant_names(user: User, enrolments: list[Enrolment]) -> dict[int, str]:
    """Participants' names where the user may see who they are
    (``training.permissions.participant_identity_rule``), their pseudonyms elsewhere (a
    partnership member monitoring the cohort). No query."""
    identifies = participant_identity_rule(user)
    return {e.pk: str(e.profile) if identifies(e) else e.profile.pseudonym for e in enrolments}
