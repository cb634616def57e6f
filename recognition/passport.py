"""Recognition's part of the migrant's skills passport (``migrants.passport``): the decisions
on the person's requests, valid or revoked, each verifiable by its code. Registered in
``RecognitionConfig``."""

from __future__ import annotations

from migrants.models import MigrantProfile
from migrants.passport import PassportItem
from recognition.models import Decision
from recognition.presenters import decision_document


def decision_items(profile: MigrantProfile) -> list[PassportItem]:
    decisions = (
        Decision.objects.filter(request__applicant=profile)
        .select_related(
            "request__applicant",
            "request__qualification__country",
            "request__authority__country",
        )
        .prefetch_related("measures")
        .order_by("-decided_at", "-id")
    )
    return [PassportItem.from_document(f"decision:{d.pk}", decision_document(d)) for d in decisions]
