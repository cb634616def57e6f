"""Employers' part of a person's erasure and of their copy of their data (GDPR art. 17, 15 and
20), registered in ``EmployersConfig.ready`` through ``migrants.internal``.

Erasure (``candidate_erase``, run inside ``migrants.rights.profile_erase`` while the person's
consents still hold): every pipeline entry that did not end in a hire is deleted, so no employer
keeps a shortlist row, a message or a disclosed identity about the person; the employers whose
pipeline they were in beyond the shortlist are told that the candidate (by their own code) left,
not why. A hire stays: it is the employer's own employment record and counts in the
partnership's placements; it loses the free text (message, reason), and the person's identity is
no longer disclosed, as the consent behind it ends with the erasure. Audit events about the
entries keep their codes, states and times, not their text.

Export (``interests_export``): the employers' interests as the person sees them on "Employers
interested in me" (not the shortlist, which the employer keeps to itself before it writes).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify_on_commit
from audit.services import audit_redact
from employers.models import Interest
from employers.selectors import interests_for_migrant
from migrants.internal import ExportContext
from migrants.models import MigrantProfile

IS = Interest.Status


def candidate_erase(profile: MigrantProfile, actor: User) -> None:
    interests = list(
        Interest.objects.select_for_update()
        .filter(profile=profile)
        .select_related("vacancy__employer")
        .order_by("pk")
    )
    for interest in interests:
        audit_redact(target=interest, label=str(interest))
        if interest.status == IS.HIRED:
            Interest.objects.filter(pk=interest.pk).update(message="", reason="")
            continue
        if interest.status != IS.SHORTLISTED:
            for member in interest.vacancy.employer.memberships.filter(is_active=True):
                notify_on_commit(
                    user_id=member.user_id,
                    title=_("%(code)s left the pipeline of %(title)s")
                    % {"code": interest.candidate_code, "title": interest.vacancy.title},
                )
        interest.delete()


def interests_export(context: ExportContext) -> list[dict[str, Any]]:
    def placement(interest: Interest) -> dict[str, Any] | None:
        hire = getattr(interest, "placement", None)
        if hire is None:
            return None
        return {
            "starts_on": hire.starts_on,
            "country": hire.country_id,
            "wage_amount": hire.wage_amount,
            "wage_currency": hire.wage_currency_id,
            "wage_period": hire.wage_period,
        }

    return [
        {
            "vacancy": i.vacancy.title,
            "employer": i.vacancy.employer.name,
            "destination_country": i.vacancy.destination_country_id,
            "occupation": i.vacancy.occupation.title,
            "status": i.status,
            "message": i.message,
            # As "my interest" shows it: a decline is the person's own answer.
            "reason": i.reason if i.status != IS.DECLINED else "",
            "identity_shared": i.identity_consent_id is not None,
            "responded_at": i.responded_at,
            "created_at": i.created_at,
            "updated_at": i.updated_at,
            "placement": placement(i),
        }
        for i in interests_for_migrant(profile=context.profile).select_related("placement")
    ]
