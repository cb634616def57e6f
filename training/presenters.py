"""Display shaping for training: the public essentials of a certificate, and what the pages show
(status badges, a programme's history, a cohort's indicators)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from core.verification import VerifiedDocument
from migrants.presenters import holder_initials
from partnerships.presenters import HistoryRow
from training.models import CohortStatus, EnrolmentStatus, OutcomeFollowUp, Programme
from training.selectors import CohortIndicators, certificate_for_code


def certificate_verification(code: str) -> VerifiedDocument | None:
    """Resolver for ``core.verification``: a training certificate by its code."""
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


# --- Pages (training views): badges, history, indicators ---------------------------------------
COHORT_BADGES: dict[str, str] = {
    CohortStatus.RECRUITING: "badge--info",
    CohortStatus.IN_TRAINING: "badge--warning",
    CohortStatus.COMPLETED: "badge--success",
    CohortStatus.CANCELLED: "badge--danger",
}
ENROLMENT_BADGES: dict[str, str] = {
    EnrolmentStatus.SELECTED: "badge--info",
    EnrolmentStatus.ENROLLED: "badge--warning",
    EnrolmentStatus.COMPLETED: "badge--success",
    EnrolmentStatus.CERTIFIED: "badge--success",
    EnrolmentStatus.NOT_SELECTED: "badge--danger",
    EnrolmentStatus.DROPPED_OUT: "badge--danger",
}
PROGRAMME_EVENT_LABELS: dict[str, Promise] = {
    "training.programme.created": gettext_lazy("Created"),
    "training.programme.updated": gettext_lazy("Description changed"),
    "training.programme.published": gettext_lazy("Published"),
    "training.programme.archived": gettext_lazy("Archived"),
    "training.funding.set": gettext_lazy("Funding line set"),
    "training.funding.removed": gettext_lazy("Funding line removed"),
}


def verify_path(code: str) -> str:
    """The public verification page of a certificate (``core.verification``)."""
    for name in ("verify", "recognition-verify"):
        try:
            return reverse(name, args=[code])
        except NoReverseMatch:
            continue
    return f"/verify/{code}/"


def _programme_status_label(code: str) -> str:
    try:
        return str(Programme.Status(code).label)
    except ValueError:
        return code


def programme_history_rows(events: Any, organisations: dict[int, str]) -> list[HistoryRow]:
    """Audit events of a programme as the shared history list shows them."""
    rows = []
    for event in events:
        assert isinstance(event, AuditEvent)
        data: dict[str, Any] = event.data or {}
        details: list[str] = []
        if event.action == "training.funding.set":
            details.append(
                _("%(payer)s: %(amount)s per trainee")
                % {
                    "payer": organisations.get(data.get("payer") or 0, _("a member organisation")),
                    "amount": data.get("amount_per_trainee"),
                }
            )
        rows.append(
            HistoryRow(
                event=event,
                label=str(PROGRAMME_EVENT_LABELS.get(event.action, event.action)),
                from_label=_programme_status_label(event.from_state) if event.from_state else "",
                to_label=_programme_status_label(event.to_state) if event.to_state else "",
                details=details,
            )
        )
    return rows


@dataclass
class IndicatorLine:
    label: str
    value: str
    target: str = ""


def _percent(value: Any) -> str:
    return "—" if value is None else f"{value}%"


def indicator_lines(ind: CohortIndicators) -> list[IndicatorLine]:
    """The cohort's indicators beside the partnership's target for the year the cohort ends."""
    target = ind.target
    finished = ind.by_status.get(EnrolmentStatus.COMPLETED, 0) + ind.by_status.get(
        EnrolmentStatus.CERTIFIED, 0
    )
    women_target = ""
    if target is not None and target.min_women_share is not None:
        women_target = _("at least %(share)s%%") % {"share": target.min_women_share}
    return [
        IndicatorLine(
            _("People trained (completed or certified)"),
            str(finished),
            str(target.people_to_train) if target else "",
        ),
        IndicatorLine(_("Completion rate"), _percent(ind.completion_rate)),
        IndicatorLine(_("Certification rate"), _percent(ind.certification_rate)),
        IndicatorLine(_("Dropout rate"), _percent(ind.dropout_rate)),
        IndicatorLine(_("Share of women"), _percent(ind.women_share), women_target),
        IndicatorLine(
            _("On the home track"),
            str(ind.home),
            _("%(n)s placements") % {"n": target.home_track_placements} if target else "",
        ),
        IndicatorLine(
            _("On the away track"),
            str(ind.away),
            _("%(n)s placements") % {"n": target.away_track_placements} if target else "",
        ),
        IndicatorLine(_("In work at the latest follow-up"), _percent(ind.employed_rate)),
    ]


def outcome_lines(ind: CohortIndicators) -> list[IndicatorLine]:
    return [
        IndicatorLine(str(label), _percent(ind.outcome_rates.get(value)))
        for value, label in OutcomeFollowUp.Status.choices
    ]
