"""Display shaping for training: the public essentials of a certificate."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from migrants.presenters import holder_initials
from smp_portal.verification import VerifiedDocument
from training.selectors import certificate_for_code


def certificate_verification(code: str) -> VerifiedDocument | None:
    """Resolver for ``smp_portal.verification``: a training certificate by its code."""
    certificate = certificate_for_code(code)
    if certificate is None:
        return None
    enrolment = certificate.enrolment
    programme = enrolment.cohort.programme
    provider = programme.provider
    details = [
        (_("Programme"), programme.title),
        (_("Training provider"), provider.name),
        (_("Hours"), str(programme.hours)),
        (_("Trained in"), programme.location_country.name),
    ]
    if certificate.isced_level is not None:
        details.append((_("ISCED 2011 level"), str(certificate.isced_level)))
    return VerifiedDocument(
        kind="training_certificate",
        kind_label=_("Training certificate"),
        code=certificate.verification_code,
        valid=certificate.is_valid,
        title=certificate.title,
        issuer_name=certificate.awarding_body,
        issuer_country=provider.country_id or programme.location_country_id,
        issuer_country_name=(provider.country or programme.location_country).name,
        issued_on=timezone.localdate(certificate.issued_at),
        revoked_on=timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
        holder_initials=holder_initials(enrolment.profile),
        details=details,
        extra={
            "programme": programme.title,
            "provider": provider.name,
            "hours": programme.hours,
            "isced_level": certificate.isced_level_id,
        },
    )
