"""Enrolments: add people to a cohort, move them through selection, training and certification
(one at a time or in bulk), record progress and change their track."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import notify_on_commit
from audit.services import audit_move, audit_record
from core.access import locked_for_write
from core.errors import ConflictError, DomainError, DomainValidationError, InvalidTransition
from core.http import page_link
from core.transitions import Lifecycle, Move, move_factory
from migrants.models import MigrantProfile
from migrants.permissions import can_edit_profile
from training.models import Certificate, Cohort, Enrolment, Programme, Track, TrackChange
from training.permissions import can_manage_programme, get_cohort_for_user, get_enrolment_for_user
from training.services.certificates import _issue_certificate
from training.services.common import (
    CS,
    ES,
    _locked_enrolment,
    _reason,
)


# --- Enrolments -------------------------------------------------------------------------------
def _default_track(programme: Programme, track: str | None, profile: MigrantProfile) -> str:
    if track:
        if track not in Track.values:
            raise DomainValidationError(_("Choose the home or the away track."), field="track")
        if not programme.offers(track):
            raise DomainValidationError(
                _("This programme does not offer the %(track)s track.") % {"track": track},
                field="track",
            )
        return track
    if programme.single_track:
        return programme.single_track
    if profile.track_interest in Track.values:
        return str(profile.track_interest)
    raise DomainValidationError(_("Choose the home or the away track."), field="track")


def _ensure_seat(cohort: Cohort, extra: int = 1) -> None:
    """Refuse (409) a seat more than the cohort has. Callers hold the cohort's row lock (the
    enrolment's lock takes its cohort with it), so two people never take the last seat twice;
    the one who comes second finds the cohort full."""
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    if seated + extra > cohort.capacity:
        raise ConflictError(
            _("The cohort is full (%(capacity)s places).") % {"capacity": cohort.capacity},
            field="status",
        )


@transaction.atomic
def enrolment_add(
    *,
    actor: User,
    cohort_id: int,
    profile_id: int,
    track: str | None = None,
    status: str = ES.APPLIED,
    source: str = Enrolment.Source.PROVIDER,
    participant_ref: str = "",
) -> Enrolment:
    """Add a person the provider may work with (they hold a counselling consent) to a cohort."""
    cohort = locked_for_write(get_cohort_for_user, actor, cohort_id, "programme")
    if cohort.status not in (CS.PLANNED, CS.RECRUITING, CS.IN_TRAINING):
        raise InvalidTransition(_("This cohort no longer takes participants."))
    profile = MigrantProfile.objects.filter(
        pk=profile_id, state=MigrantProfile.State.ACTIVE
    ).first()
    if profile is None or not can_edit_profile(actor, profile):
        raise DomainValidationError(
            _("Choose a person registered with your organisation."), field="profile"
        )
    if status not in (ES.APPLIED, ES.SELECTED, ES.ENROLLED):
        raise DomainValidationError(_("New participants start as applied, selected or enrolled."))
    if cohort.enrolments.filter(profile=profile).exists():
        raise DomainValidationError(_("This person is already in the cohort."), field="profile")
    if status in Enrolment.SEATED:
        _ensure_seat(cohort)
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        profile=profile,
        status=status,
        track=_default_track(cohort.programme, track, profile),
        source=source,
        participant_ref=participant_ref.strip()[:64],
    )
    audit_record(
        actor=actor,
        action="training.enrolment.added",
        target=enrolment,
        to_state=status,
        data={"cohort": cohort.pk, "track": enrolment.track, "source": source},
    )
    return enrolment


def _move_enrolment(
    actor: User, enrolment: Enrolment, spec: Move[Enrolment], reason: str
) -> Certificate | None:
    target = ENROLMENT_LIFECYCLE.ensure_applies(spec, enrolment)
    cohort = enrolment.cohort
    reason = _reason(spec, reason)
    if target in (ES.SELECTED, ES.ENROLLED) and cohort.status not in (
        CS.PLANNED,
        CS.RECRUITING,
        CS.IN_TRAINING,
    ):
        raise InvalidTransition(_("This cohort no longer takes participants."))
    if target == ES.SELECTED:
        _ensure_seat(cohort)
    if target == ES.COMPLETED and cohort.status != CS.IN_TRAINING:
        raise InvalidTransition(_("Participants complete once the cohort is in training."))
    certificate = None
    if target == ES.CERTIFIED:
        certificate = _issue_certificate(actor, enrolment)
    if spec.needs_reason:
        enrolment.reason = reason
    if target == ES.COMPLETED:
        enrolment.completed_on = timezone.localdate()
    data = {"cohort": cohort.pk, **({"reason": reason} if reason else {})}
    audit_move(actor, enrolment, target, ENROLMENT_DONE[spec.name], data)
    if enrolment.profile.user_id:
        notify_on_commit(
            user_id=enrolment.profile.user_id,
            title=_("%(programme)s: %(status)s")
            % {"programme": cohort.programme.title, "status": enrolment.get_status_display()},
            url=page_link("training:my-enrolment", enrolment.pk),
        )
    return certificate


@transaction.atomic
def enrolment_apply_action(
    *, actor: User, enrolment_id: int, action: str, reason: str = ""
) -> Enrolment:
    """Take one of ``ENROLMENT_LIFECYCLE``'s moves; refused moves raise InvalidTransition."""
    enrolment = _locked_enrolment(actor, enrolment_id)
    _move_enrolment(actor, enrolment, ENROLMENT_LIFECYCLE.declared(action), reason)
    return enrolment


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def enrolments_bulk_action(
    *, actor: User, cohort_id: int, enrolment_ids: list[int], action: str, reason: str = ""
) -> BulkResult:
    """Apply one action to many enrolments of a cohort; each one moves or says why it cannot."""
    get_cohort_for_user(actor, cohort_id, for_write=True)
    ENROLMENT_LIFECYCLE.declared(action)
    ids = list(
        Enrolment.objects.filter(cohort_id=cohort_id, pk__in=enrolment_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise DomainValidationError(_("Select at least one participant."), field="enrolments")
    result = BulkResult()
    for pk in ids:
        try:
            enrolment_apply_action(actor=actor, enrolment_id=pk, action=action, reason=reason)
        except DomainError as exc:
            result.refused[pk] = exc.message
        else:
            result.done.append(pk)
    return result


@transaction.atomic
def enrolment_record_progress(
    *,
    actor: User,
    enrolment_id: int,
    attendance_percent: int | None,
    assessment: str = "",
    assessment_score: Decimal | None = None,
) -> Enrolment:
    enrolment = _locked_enrolment(actor, enrolment_id)
    if enrolment.status not in (ES.ENROLLED, ES.COMPLETED):
        raise InvalidTransition(
            _("Attendance and assessment are recorded while enrolled or once completed.")
        )
    if attendance_percent is not None and not 0 <= attendance_percent <= 100:
        raise DomainValidationError(
            _("Attendance is a percentage from 0 to 100."), field="attendance_percent"
        )
    if assessment and assessment not in Enrolment.Assessment.values:
        raise DomainValidationError(_("Choose the assessment result."), field="assessment")
    if assessment_score is not None and not Decimal(0) <= assessment_score <= Decimal(100):
        raise DomainValidationError(
            _("The score is a percentage from 0 to 100."), field="assessment_score"
        )
    enrolment.attendance_percent = attendance_percent
    enrolment.assessment = assessment
    enrolment.assessment_score = assessment_score
    enrolment.save()
    audit_record(
        actor=actor,
        action="training.enrolment.progress_recorded",
        target=enrolment,
        data={"attendance_percent": attendance_percent, "assessment": assessment},
    )
    return enrolment


@transaction.atomic
def enrolment_change_track(*, actor: User, enrolment_id: int, track: str, reason: str) -> Enrolment:
    enrolment = _locked_enrolment(actor, enrolment_id)
    if track not in Track.values:
        raise DomainValidationError(_("Choose the home or the away track."), field="track")
    if track == enrolment.track:
        raise DomainValidationError(_("The participant is already on this track."), field="track")
    if not enrolment.cohort.programme.offers(track):
        raise DomainValidationError(_("This programme does not offer that track."), field="track")
    if not reason.strip():
        raise DomainValidationError(_("Say why the track changes."), field="reason")
    if enrolment.status in (ES.NOT_SELECTED, ES.DROPPED_OUT):
        raise InvalidTransition(_("The track of a closed enrolment cannot change."))
    TrackChange.objects.create(
        enrolment=enrolment,
        from_track=enrolment.track,
        to_track=track,
        reason=reason.strip()[:255],
        changed_by=actor,
    )
    previous = enrolment.track
    enrolment.track = track
    enrolment.save()
    audit_record(
        actor=actor,
        action="training.enrolment.track_changed",
        target=enrolment,
        data={"from": previous, "to": track, "reason": reason.strip()},
    )
    return enrolment


# --- Lifecycle: each move declared once; the API endpoints, the pages' buttons and the
# "available actions" lists are made from it (``core.transitions``).
_enrolment_move = move_factory(
    lambda actor, pk, name, reason: enrolment_apply_action(
        actor=actor, enrolment_id=pk, action=name, reason=reason
    ),
    lambda user, enrolment: can_manage_programme(user, enrolment.cohort.programme),
)


# What each move is recorded as in the audit trail.
ENROLMENT_DONE = {
    "select": "training.enrolment.selected",
    "reject": "training.enrolment.rejected",
    "enrol": "training.enrolment.enrolled",
    "complete": "training.enrolment.completed",
    "drop_out": "training.enrolment.dropped_out",
    "certify": "training.enrolment.certified",
}
ENROLMENT_LIFECYCLE: Lifecycle[Enrolment] = Lifecycle(
    entity="enrolment",
    model=Enrolment,
    lookup=get_enrolment_for_user,
    moves=(
        _enrolment_move("select", gettext_lazy("Select"), ES.SELECTED, style=""),
        _enrolment_move(
            "reject",
            gettext_lazy("Mark not selected"),
            ES.NOT_SELECTED,
            needs_reason=True,
            reason_label=gettext_lazy("Why was the person not selected?"),
        ),
        _enrolment_move("enrol", gettext_lazy("Enrol"), ES.ENROLLED, style=""),
        _enrolment_move("complete", gettext_lazy("Mark completed"), ES.COMPLETED, style=""),
        _enrolment_move(
            "drop_out",
            gettext_lazy("Mark dropped out"),
            ES.DROPPED_OUT,
            needs_reason=True,
            reason_label=gettext_lazy("Why did the person drop out?"),
            style="button--danger",
        ),
        _enrolment_move(
            "certify",
            gettext_lazy("Certify"),
            ES.CERTIFIED,
            note="Issues the certificate with its verification code, adds a verified "
            "qualification to the person's profile and marks the taught skills as certified.",
            style="",
        ),
    ),
)
