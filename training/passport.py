"""Training's part of the migrant's skills passport (``migrants.passport``): the person's
certificates, valid or revoked, each verifiable by its code. Registered in ``TrainingConfig``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from migrants.models import MigrantProfile
from migrants.passport.selectors import REVOKED, VALID, PassportItem
from training.selectors import certificates_of


def certificate_items(profile: MigrantProfile) -> list[PassportItem]:
    items = []
    for certificate in certificates_of(profile=profile):
        programme = certificate.enrolment.cohort.programme
        details = [
            (_("Programme"), programme.title),
            (_("Training provider"), programme.provider.name),
            (_("Hours"), str(programme.hours)),
        ]
        if certificate.isced_level_id is not None:
            details.append((_("ISCED 2011 level"), str(certificate.isced_level_id)))
        items.append(
            PassportItem(
                key=f"certificate:{certificate.pk}",
                kind="training_certificate",
                kind_label=_("Training certificate"),
                title=certificate.title,
                issuer=certificate.awarding_body,
                issued_on=timezone.localdate(certificate.issued_at),
                status=VALID if certificate.is_valid else REVOKED,
                verify_code=certificate.verification_code,
                details=details,
            )
        )
    return items
