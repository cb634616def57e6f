"""Training's part of a person's erasure and of their copy of their data (GDPR art. 17, 15 and
20), registered in ``TrainingConfig.ready`` through ``migrants.internal``.

Erasure (``trainee_erase``, run inside ``migrants.rights.profile_erase`` before the profile is
blanked): the enrolments stay, so cohorts, funding and outcome figures keep their counts and a
certificate stays verifiable by its code (it then names nobody, as the profile is blank). What
could name the person goes: the provider's own reference for them, the free-text reasons about
them (not selected, dropped out, track changes) in the rows and in the audit trail. A place the
person still held in a cohort is given up, so the provider can fill it. The participant files
that name them are handled by ``training.import_retention.participant_imports_erase``.

Export (``training_export``): every enrolment with its progress, track changes, follow-up
outcomes and certificate, as the person sees them on their training pages.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from audit.services import audit_record, audit_redact
from migrants.internal import ExportContext
from migrants.models import MigrantProfile
from training.models import Certificate, Enrolment, TrackChange

ES = Enrolment.Status
ERASED = "[erased]"
# Where an enrolment still holding (or waiting for) a place ends when the person is erased.
GIVEN_UP: dict[str, str] = {
    ES.APPLIED: ES.NOT_SELECTED,
    ES.SELECTED: ES.NOT_SELECTED,
    ES.ENROLLED: ES.DROPPED_OUT,
}


def trainee_erase(profile: MigrantProfile, actor: User) -> None:
    enrolments = list(Enrolment.objects.select_for_update().filter(profile=profile).order_by("pk"))
    for enrolment in enrolments:
        previous = enrolment.status
        target = GIVEN_UP.get(previous)
        if target is not None:
            enrolment.ensure_can_become(target)
            enrolment.status = target
        enrolment.participant_ref = ""
        enrolment.reason = ""
        enrolment.save()
        # Reasons recorded about the person; codes, states, numbers and times stay.
        audit_redact(target=enrolment, label=str(enrolment))
        if target is not None:
            audit_record(
                actor=None,  # the erasure's actor would link the person to the cohort
                action="training.enrolment.ended",
                target=enrolment,
                from_state=previous,
                to_state=target,
                data={"basis": "erasure"},
            )
    TrackChange.objects.filter(enrolment__in=enrolments).update(reason=ERASED)


# --- The person's copy of their data ------------------------------------------------------------
def _certificate(certificate: Certificate | None) -> dict[str, Any] | None:
    if certificate is None:
        return None
    return {
        "title": certificate.title,
        "awarding_body": certificate.awarding_body,
        "isced_level": certificate.isced_level_id,
        "verification_code": certificate.verification_code,
        "issued_at": certificate.issued_at,
        "revoked_at": certificate.revoked_at,
        "revoke_reason": certificate.revoke_reason,
    }


def training_export(context: ExportContext) -> list[dict[str, Any]]:
    enrolments = (
        Enrolment.objects.filter(profile=context.profile)
        .select_related("cohort__programme__provider", "certificate")
        .prefetch_related("track_changes", "outcomes")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": e.cohort.programme.title,
            "provider": e.cohort.programme.provider.name,
            "cohort": e.cohort.code,
            "starts_on": e.cohort.starts_on,
            "ends_on": e.cohort.ends_on,
            "status": e.status,
            "track": e.track,
            "reason": e.reason,
            "source": e.source,
            "participant_ref": e.participant_ref,
            "attendance_percent": e.attendance_percent,
            "assessment": e.assessment,
            "assessment_score": e.assessment_score,
            "completed_on": e.completed_on,
            "enrolled_at": e.created_at,
            "track_changes": [
                {
                    "from": c.from_track,
                    "to": c.to_track,
                    "reason": c.reason,
                    "changed_at": c.changed_at,
                }
                for c in e.track_changes.all()
            ],
            "outcomes": [
                {
                    "months": o.months,
                    "status": o.status,
                    "country": o.country_id,
                    "occupation": o.occupation_id,
                    "wage_band": o.wage_band,
                    "recorded_at": o.recorded_at,
                }
                for o in e.outcomes.all()
            ],
            "certificate": _certificate(e.issued_certificate),
        }
        for e in enrolments
    ]
