"""Certificates: issued when an enrolment is certified (with a verified qualification and the
taught skills on the person's profile), and revoked with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.access import locked_for_write
from core.errors import DomainValidationError, InvalidTransition
from core.verification import new_verification_code
from migrants.internal import qualification_issue, skills_raise_evidence
from migrants.models import ProfileSkill, Qualification
from training.models import Certificate, Enrolment
from training.permissions import get_certificate_for_user


# --- Certificates -----------------------------------------------------------------------------
def _issue_certificate(actor: User, enrolment: Enrolment) -> Certificate:
    """Certificate + verified qualification on the profile + taught skills marked certified."""
    programme = enrolment.cohort.programme
    if not programme.certifies or programme.certification_isced_level_id is None:
        raise InvalidTransition(_("This programme does not award a certification."))
    if enrolment.assessment == Enrolment.Assessment.FAILED:
        raise InvalidTransition(_("A participant who failed the assessment cannot be certified."))
    profile = enrolment.profile
    qualification = qualification_issue(
        actor=actor,
        profile=profile,
        title=programme.certification_title,
        institution=programme.awarding_body,
        country=programme.location_country_id,
        isced_level=programme.certification_isced_level_id,
        source=Qualification.Source.TRAINING,
        awarded_on=timezone.localdate(),
    )
    skills_raise_evidence(
        actor=actor,
        profile=profile,
        skill_ids=list(programme.skills.values_list("pk", flat=True)),
        evidence=ProfileSkill.Evidence.CERTIFIED,
    )
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        qualification=qualification,
        title=programme.certification_title,
        awarding_body=programme.awarding_body,
        isced_level_id=programme.certification_isced_level_id,
        verification_code=new_verification_code(),
        issued_by=actor,
    )
    audit_record(
        actor=actor,
        action="training.certificate.issued",
        target=certificate,
        data={"enrolment": enrolment.pk, "qualification": qualification.pk},
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: User, certificate_id: int, reason: str) -> Certificate:
    certificate = locked_for_write(get_certificate_for_user, actor, certificate_id)
    if certificate.revoked_at is not None:
        raise InvalidTransition(_("This certificate is already revoked."))
    if not reason.strip():
        raise DomainValidationError(_("Say why the certificate is revoked."), field="reason")
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()[:255]
    certificate.save()
    audit_record(
        actor=actor,
        action="training.certificate.revoked",
        target=certificate,
        data={"reason": certificate.revoke_reason},
    )
    return certificate
