"""Every write in training: check permission (404/403), lock, validate, save, audit; tell the
migrant after commit. Participant imports live in ``training.imports``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import acting_organisation_id
from accounts.services import notify_on_commit
from audit.services import audit_record
from core.errors import DomainError, DomainValidationError, InvalidTransition
from core.transitions import Lifecycle, Move
from core.verification import new_verification_code
from migrants.internal import qualification_issue, skills_raise_evidence
from migrants.models import MigrantProfile, ProfileSkill, Qualification
from migrants.permissions import can_edit_profile
from partnerships.models import CostEntry, CostGroup, PartnershipMember
from partnerships.services import CostInput, cost_entry_post_from_member
from taxonomy.models import Country, Currency, IscedLevel, Language, Occupation, Skill
from training.models import (
    Certificate,
    Cohort,
    Enrolment,
    FundingLine,
    OutcomeFollowUp,
    Programme,
    Track,
    TrackChange,
)
from training.permissions import (
    can_manage_programme,
    can_run_training,
    get_certificate_for_user,
    get_cohort_for_user,
    get_enrolment_for_user,
    get_programme_for_user,
    provider_organisations_of,
)

CS = Cohort.Status
ES = Enrolment.Status


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except Exception:  # the pages may not be wired in a bare service test
        return ""


def _declared(lifecycle: Lifecycle[Any], name: str) -> Move[Any]:
    move = lifecycle.get(name)
    if move is None:
        raise DomainValidationError(_("Unknown action."), field="action")
    return move


REASON_MAX = 255


def _reason(move: Move[Any], reason: str) -> str:
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise DomainValidationError(_("Give a reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainValidationError(
            _("Keep the reason within %(n)s characters.") % {"n": REASON_MAX}, field="reason"
        )
    return reason


def _ensure_applies(lifecycle: Lifecycle[Any], move: Move[Any], obj: Any) -> str:
    """The move's target, once the record's status allows it (InvalidTransition otherwise)."""
    target = move.targets[0]
    if not lifecycle.applies(move, obj):
        obj.ensure_can_become(target)  # raises with a message naming both statuses
        raise InvalidTransition(_("This step does not apply to the record's current status."))
    return target


# --- Programmes -------------------------------------------------------------------------------
@dataclass
class ProgrammeInput:
    provider_id: int
    title: str
    kind: str
    location_country: str
    hours: int
    language: str
    partnership_id: int | None = None
    summary: str = ""
    delivery_mode: str = Programme.DeliveryMode.IN_PERSON
    occupation_ids: list[int] = field(default_factory=list)
    skill_ids: list[int] = field(default_factory=list)
    certification_title: str = ""
    certification_isced_level: int | None = None
    awarding_body: str = ""
    tracks: str = Programme.Tracks.BOTH
    cost_per_trainee: Decimal | None = None
    currency: str | None = None


def _validate_programme(actor: User, data: ProgrammeInput) -> dict[str, object]:
    acting_organisation_id(provider_organisations_of(actor), data.provider_id, field="provider")
    if not data.title.strip():
        raise DomainValidationError(_("Give the programme a title."), field="title")
    if data.kind not in Programme.Kind.values:
        raise DomainValidationError(_("Choose the kind of programme."), field="kind")
    if data.delivery_mode not in Programme.DeliveryMode.values:
        raise DomainValidationError(_("Choose how it is delivered."), field="delivery_mode")
    if data.tracks not in Programme.Tracks.values:
        raise DomainValidationError(_("Choose the tracks offered."), field="tracks")
    country = Country.objects.filter(pk=(data.location_country or "").strip().upper()).first()
    if country is None:
        raise DomainValidationError(
            _("Choose the country where the training takes place."), field="location_country"
        )
    language = Language.objects.filter(pk=(data.language or "").strip().lower()).first()
    if language is None:
        raise DomainValidationError(_("Choose the language of instruction."), field="language")
    if not 1 <= data.hours <= 10000:
        raise DomainValidationError(_("Give the hours, between 1 and 10,000."), field="hours")
    if (
        data.partnership_id is not None
        and not PartnershipMember.objects.filter(
            partnership_id=data.partnership_id, organisation_id=data.provider_id
        ).exists()
    ):
        raise DomainValidationError(
            _("Your organisation must be a member of the partnership to link a programme to it."),
            field="partnership",
        )
    occupations = list(Occupation.objects.filter(pk__in=data.occupation_ids))
    if len(occupations) != len(set(data.occupation_ids)):
        raise DomainValidationError(_("Some occupations are unknown."), field="occupations")
    skills = list(Skill.objects.filter(pk__in=data.skill_ids))
    if len(skills) != len(set(data.skill_ids)):
        raise DomainValidationError(_("Some skills are unknown."), field="skills")
    isced = None
    if data.certification_title.strip():
        isced = (
            IscedLevel.objects.filter(pk=data.certification_isced_level).first()
            if data.certification_isced_level is not None
            else None
        )
        if isced is None:
            raise DomainValidationError(
                _("Give the ISCED level of the certification."),
                field="certification_isced_level",
            )
        if not data.awarding_body.strip():
            raise DomainValidationError(
                _("Name the body that awards the certification."), field="awarding_body"
            )
    currency = None
    if data.cost_per_trainee is not None:
        if data.cost_per_trainee <= 0:
            raise DomainValidationError(
                _("The cost per trainee must be more than zero."), field="cost_per_trainee"
            )
        currency = Currency.objects.filter(pk=(data.currency or "").strip().upper()).first()
        if currency is None:
            raise DomainValidationError(
                _("Use an ISO 4217 currency code, e.g. EUR."), field="currency"
            )
    return {
        "provider_id": data.provider_id,
        "partnership_id": data.partnership_id,
        "title": data.title.strip(),
        "summary": data.summary.strip(),
        "kind": data.kind,
        "delivery_mode": data.delivery_mode,
        "location_country": country,
        "hours": data.hours,
        "language": language,
        "certification_title": data.certification_title.strip(),
        "certification_isced_level": isced,
        "awarding_body": data.awarding_body.strip() if isced else "",
        "tracks": data.tracks,
        "cost_per_trainee": data.cost_per_trainee,
        "currency": currency,
        "_occupations": occupations,
        "_skills": skills,
    }


def _apply_programme(programme: Programme, values: dict[str, object]) -> None:
    occupations = values.pop("_occupations")
    skills = values.pop("_skills")
    for key, value in values.items():
        setattr(programme, key, value)
    programme.save()
    programme.occupations.set(occupations)  # type: ignore[arg-type]
    programme.skills.set(skills)  # type: ignore[arg-type]


@transaction.atomic
def programme_create(*, actor: User, data: ProgrammeInput) -> Programme:
    if not can_run_training(actor):
        raise PermissionDenied(_("Only staff of a training provider create programmes."))
    values = _validate_programme(actor, data)
    programme = Programme(created_by=actor)
    _apply_programme(programme, values)
    audit_record(
        actor=actor,
        action="training.programme.created",
        target=programme,
        data={"provider": programme.provider_id, "partnership": programme.partnership_id},
    )
    return programme


@transaction.atomic
def programme_update(*, actor: User, programme_id: int, data: ProgrammeInput) -> Programme:
    get_programme_for_user(actor, programme_id, for_write=True)
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    if programme.status == Programme.Status.ARCHIVED:
        raise InvalidTransition(_("An archived programme can no longer be changed."))
    if data.provider_id != programme.provider_id:
        raise DomainValidationError(
            _("A programme stays with the provider that created it."), field="provider"
        )
    if (
        data.tracks != programme.tracks
        and data.tracks != Programme.Tracks.BOTH
        and Enrolment.objects.filter(cohort__programme=programme)
        .exclude(track=data.tracks)
        .exists()
    ):
        raise DomainValidationError(
            _("Some participants are on the other track: change their track first."),
            field="tracks",
        )
    values = _validate_programme(actor, data)
    _apply_programme(programme, values)
    _check_funding_total(programme)
    audit_record(actor=actor, action="training.programme.updated", target=programme)
    return programme


@transaction.atomic
def programme_apply_action(*, actor: User, programme_id: int, action: str) -> Programme:
    """Take one of ``PROGRAMME_LIFECYCLE``'s moves; refused moves raise InvalidTransition."""
    get_programme_for_user(actor, programme_id, for_write=True)
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    move = _declared(PROGRAMME_LIFECYCLE, action)
    target = _ensure_applies(PROGRAMME_LIFECYCLE, move, programme)
    if (
        target == Programme.Status.ARCHIVED
        and programme.cohorts.filter(status__in=(CS.RECRUITING, CS.IN_TRAINING)).exists()
    ):
        raise InvalidTransition(
            _("Finish or cancel the cohorts that are recruiting or in training first.")
        )
    previous = programme.status
    programme.status = target
    programme.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=PROGRAMME_DONE[move.name],
        target=programme,
        from_state=previous,
        to_state=target,
    )
    return programme


def _check_funding_total(programme: Programme) -> None:
    total = programme.funding.aggregate(t=Sum("amount_per_trainee"))["t"] or Decimal(0)
    if total and programme.cost_per_trainee is None:
        raise DomainValidationError(
            _("Give the cost per trainee before its funding lines."), field="cost_per_trainee"
        )
    if programme.cost_per_trainee is not None and total > programme.cost_per_trainee:
        raise DomainValidationError(
            _("The funding lines (%(total)s) exceed the cost per trainee (%(cost)s).")
            % {"total": total, "cost": programme.cost_per_trainee},
            field="amount_per_trainee",
        )


@transaction.atomic
def funding_line_set(
    *, actor: User, programme_id: int, payer_id: int, amount_per_trainee: Decimal
) -> FundingLine:
    """Who pays how much per trainee; posted to the partnership's ledger when a cohort starts."""
    get_programme_for_user(actor, programme_id, for_write=True)
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    if programme.partnership_id is None:
        raise DomainValidationError(
            _("Funding lines belong to a partnership's cost sharing: link the programme first."),
            field="partnership",
        )
    if not PartnershipMember.objects.filter(
        partnership_id=programme.partnership_id, organisation_id=payer_id
    ).exists():
        raise DomainValidationError(
            _("The payer must be a member of the partnership."), field="payer"
        )
    if amount_per_trainee <= 0:
        raise DomainValidationError(
            _("The amount must be more than zero."), field="amount_per_trainee"
        )
    line, _created = FundingLine.objects.update_or_create(
        programme=programme, payer_id=payer_id, defaults={"amount_per_trainee": amount_per_trainee}
    )
    _check_funding_total(programme)
    audit_record(
        actor=actor,
        action="training.funding.set",
        target=programme,
        data={"payer": payer_id, "amount_per_trainee": amount_per_trainee},
    )
    return line


@transaction.atomic
def funding_line_remove(*, actor: User, programme_id: int, line_id: int) -> None:
    programme = get_programme_for_user(actor, programme_id, for_write=True)
    deleted, _rows = FundingLine.objects.filter(pk=line_id, programme=programme).delete()
    if not deleted:
        raise DomainValidationError(_("No such funding line."))
    audit_record(
        actor=actor, action="training.funding.removed", target=programme, data={"id": line_id}
    )


# --- Cohorts ----------------------------------------------------------------------------------
@dataclass
class CohortInput:
    code: str
    starts_on: date
    ends_on: date
    capacity: int
    location_country: str = ""
    location_city: str = ""


def _validate_cohort(programme: Programme, data: CohortInput) -> dict[str, object]:
    code = data.code.strip()
    if not code:
        raise DomainValidationError(_("Give the cohort a code."), field="code")
    if data.ends_on < data.starts_on:
        raise DomainValidationError(_("The cohort must end after it starts."), field="ends_on")
    if data.capacity < 1:
        raise DomainValidationError(_("The capacity must be at least 1."), field="capacity")
    country_code = (data.location_country or programme.location_country_id).strip().upper()
    country = Country.objects.filter(pk=country_code).first()
    if country is None:
        raise DomainValidationError(_("Choose a country."), field="location_country")
    return {
        "code": code,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "capacity": data.capacity,
        "location_country": country,
        "location_city": data.location_city.strip(),
    }


def _save_cohort(cohort: Cohort) -> None:
    try:
        with transaction.atomic():
            cohort.save()
    except IntegrityError as exc:
        raise DomainValidationError(
            _("This programme already has a cohort with that code."), field="code"
        ) from exc


@transaction.atomic
def cohort_create(*, actor: User, programme_id: int, data: CohortInput) -> Cohort:
    get_programme_for_user(actor, programme_id, for_write=True)
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    if programme.status == Programme.Status.ARCHIVED:
        raise InvalidTransition(_("An archived programme cannot open new cohorts."))
    cohort = Cohort(programme=programme, **_validate_cohort(programme, data))
    _save_cohort(cohort)
    audit_record(
        actor=actor,
        action="training.cohort.created",
        target=cohort,
        data={"programme": programme.pk, "capacity": cohort.capacity},
    )
    return cohort


@transaction.atomic
def cohort_update(*, actor: User, cohort_id: int, data: CohortInput) -> Cohort:
    get_cohort_for_user(actor, cohort_id, for_write=True)
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)
    if cohort.status in (CS.COMPLETED, CS.CANCELLED):
        raise InvalidTransition(_("A finished cohort can no longer be changed."))
    values = _validate_cohort(cohort.programme, data)
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    if int(values["capacity"]) < seated:  # type: ignore[call-overload]
        raise DomainValidationError(
            _("%(n)s participants already hold a seat: the capacity cannot be lower.")
            % {"n": seated},
            field="capacity",
        )
    for key, value in values.items():
        setattr(cohort, key, value)
    _save_cohort(cohort)
    audit_record(actor=actor, action="training.cohort.updated", target=cohort)
    return cohort


@transaction.atomic
def cohort_apply_action(*, actor: User, cohort_id: int, action: str, reason: str = "") -> Cohort:
    """Take one of ``COHORT_LIFECYCLE``'s moves; refused moves raise InvalidTransition."""
    get_cohort_for_user(actor, cohort_id, for_write=True)
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)
    spec = _declared(COHORT_LIFECYCLE, action)
    target = _ensure_applies(COHORT_LIFECYCLE, spec, cohort)
    reason = _reason(spec, reason)
    if target == CS.RECRUITING and cohort.programme.status != Programme.Status.PUBLISHED:
        raise InvalidTransition(_("Publish the programme before recruiting for it."))
    enrolments = Enrolment.objects.select_for_update().filter(cohort=cohort)
    if target == CS.IN_TRAINING:
        if not enrolments.filter(status=ES.ENROLLED).exists():
            raise InvalidTransition(_("Enrol at least one participant before starting."))
        _post_funding(actor, cohort, enrolments.filter(status=ES.ENROLLED).count())
    if target == CS.COMPLETED:
        still = enrolments.filter(status=ES.ENROLLED).count()
        if still:
            raise InvalidTransition(
                _(
                    "%(n)s participants are still enrolled: mark each as completed or "
                    "dropped out first."
                )
                % {"n": still}
            )
    moved: dict[str, int] = {}
    if target == CS.CANCELLED:
        # Nobody is left waiting on a cohort that will not run.
        why = _("Cohort cancelled: %(reason)s") % {"reason": reason}
        moved["not_selected"] = enrolments.filter(status__in=(ES.APPLIED, ES.SELECTED)).update(
            status=ES.NOT_SELECTED, reason=why[:255], updated_at=timezone.now()
        )
        moved["dropped_out"] = enrolments.filter(status=ES.ENROLLED).update(
            status=ES.DROPPED_OUT, reason=why[:255], updated_at=timezone.now()
        )
        cohort.cancel_reason = reason
    previous = cohort.status
    cohort.status = target
    cohort.save()
    audit_record(
        actor=actor,
        action=COHORT_DONE[spec.name],
        target=cohort,
        from_state=previous,
        to_state=target,
        data={"reason": reason, **{k: v for k, v in moved.items() if v}},
    )
    return cohort


def _post_funding(actor: User, cohort: Cohort, trainees: int) -> None:
    """One commitment per funding line on the partnership's ledger, for this cohort's trainees."""
    programme = cohort.programme
    if programme.partnership_id is None or programme.currency_id is None:
        return
    entries: list[CostEntry] = []
    for line in programme.funding.select_related("payer"):
        entries.append(
            cost_entry_post_from_member(
                actor=actor,
                partnership_id=programme.partnership_id,
                source=f"training.cohort:{cohort.pk}",
                data=CostInput(
                    kind=CostEntry.Kind.COMMITMENT,
                    cost_group=CostGroup.TRAINING,
                    currency=programme.currency_id,
                    unit_amount=line.amount_per_trainee,
                    payer_id=line.payer_id,
                    basis=CostEntry.Basis.PER_TRAINEE,
                    quantity=trainees,
                    description=f"{programme.title}, cohort {cohort.code}"[:255],
                    occurred_on=cohort.starts_on,
                ),
            )
        )
    cohort.posted_costs.add(*entries)


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
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    if seated + extra > cohort.capacity:
        raise DomainValidationError(
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
    get_cohort_for_user(actor, cohort_id, for_write=True)
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)
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
    target = _ensure_applies(ENROLMENT_LIFECYCLE, spec, enrolment)
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
    previous = enrolment.status
    enrolment.status = target
    if spec.needs_reason:
        enrolment.reason = reason
    if target == ES.COMPLETED:
        enrolment.completed_on = timezone.localdate()
    enrolment.save()
    audit_record(
        actor=actor,
        action=ENROLMENT_DONE[spec.name],
        target=enrolment,
        from_state=previous,
        to_state=target,
        data={"cohort": cohort.pk, **({"reason": reason} if reason else {})},
    )
    if enrolment.profile.user_id:
        notify_on_commit(
            user_id=enrolment.profile.user_id,
            title=_("%(programme)s: %(status)s")
            % {"programme": cohort.programme.title, "status": enrolment.get_status_display()},
            url=_url("training:my-enrolment", enrolment.pk),
        )
    return certificate


def _locked_enrolment(actor: User, enrolment_id: int) -> Enrolment:
    get_enrolment_for_user(actor, enrolment_id, for_write=True)
    return (
        Enrolment.objects.select_for_update()
        .select_related("cohort__programme", "profile")
        .get(pk=enrolment_id)
    )


@transaction.atomic
def enrolment_apply_action(
    *, actor: User, enrolment_id: int, action: str, reason: str = ""
) -> Enrolment:
    """Take one of ``ENROLMENT_LIFECYCLE``'s moves; refused moves raise InvalidTransition."""
    enrolment = _locked_enrolment(actor, enrolment_id)
    _move_enrolment(actor, enrolment, _declared(ENROLMENT_LIFECYCLE, action), reason)
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
    _declared(ENROLMENT_LIFECYCLE, action)
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
    get_certificate_for_user(actor, certificate_id, for_write=True)
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
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


# --- Outcomes ---------------------------------------------------------------------------------
@dataclass
class OutcomeInput:
    months: int
    status: str
    country: str | None = None
    occupation_id: int | None = None
    wage_band: str = ""


@transaction.atomic
def outcome_record(*, actor: User, enrolment_id: int, data: OutcomeInput) -> OutcomeFollowUp:
    """Record (or correct) the 3-, 6- or 12-month follow-up of a finished enrolment."""
    enrolment = _locked_enrolment(actor, enrolment_id)
    if enrolment.status not in Enrolment.FINISHED:
        raise InvalidTransition(_("Outcomes are followed up after completion."))
    if data.months not in OutcomeFollowUp.Point.values:
        raise DomainValidationError(_("Choose 3, 6 or 12 months."), field="months")
    if data.status not in OutcomeFollowUp.Status.values:
        raise DomainValidationError(_("Choose the situation."), field="status")
    employed = data.status in OutcomeFollowUp.EMPLOYED
    country = None
    if data.country:
        country = Country.objects.filter(pk=data.country.strip().upper()).first()
        if country is None:
            raise DomainValidationError(_("Unknown country code."), field="country")
    origin = enrolment.profile.nationality_id
    if data.status == OutcomeFollowUp.Status.EMPLOYED_ORIGIN:
        country = country or (Country.objects.filter(pk=origin).first() if origin else None)
        if country is not None and origin and country.pk != origin:
            raise DomainValidationError(
                _("Employment in the country of origin is in %(c)s.") % {"c": origin},
                field="country",
            )
    if data.status in (
        OutcomeFollowUp.Status.EMPLOYED_DESTINATION,
        OutcomeFollowUp.Status.EMPLOYED_THIRD,
    ):
        if country is None:
            raise DomainValidationError(_("Say in which country."), field="country")
        if origin and country.pk == origin:
            raise DomainValidationError(
                _("That is the country of origin: choose employed in the country of origin."),
                field="country",
            )
    occupation = None
    if data.occupation_id:
        occupation = Occupation.objects.filter(pk=data.occupation_id).first()
        if occupation is None:
            raise DomainValidationError(_("Unknown occupation."), field="occupation")
    if data.wage_band and data.wage_band not in OutcomeFollowUp.WageBand.values:
        raise DomainValidationError(_("Choose a wage band."), field="wage_band")
    if not employed and (occupation or data.wage_band):
        raise DomainValidationError(
            _("Occupation and wage are recorded for people in work."), field="occupation"
        )
    outcome, created = OutcomeFollowUp.objects.update_or_create(
        enrolment=enrolment,
        months=data.months,
        defaults={
            "status": data.status,
            "country": country,
            "occupation": occupation,
            "wage_band": data.wage_band,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="training.outcome.recorded" if created else "training.outcome.corrected",
        target=enrolment,
        data={"months": data.months, "status": data.status, "country": country and country.pk},
    )
    return outcome


# --- Lifecycles: each move declared once; the API endpoints, the pages' buttons and the
# "available actions" lists are made from these (``core.transitions``).
PS = Programme.Status


def _manages_programme(user: Any, programme: Programme) -> bool:
    return can_manage_programme(user, programme)


def _manages_cohort(user: Any, cohort: Cohort) -> bool:
    return can_manage_programme(user, cohort.programme)


def _manages_enrolment(user: Any, enrolment: Enrolment) -> bool:
    return can_manage_programme(user, enrolment.cohort.programme)


def _programme_move(name: str, label: Promise, target: str, **options: Any) -> Move[Programme]:
    return Move(
        name,
        label,
        (target,),
        lambda actor, pk, values: programme_apply_action(actor=actor, programme_id=pk, action=name),
        allowed=_manages_programme,
        **options,
    )


def _cohort_move(name: str, label: Promise, target: str, **options: Any) -> Move[Cohort]:
    return Move(
        name,
        label,
        (target,),
        lambda actor, pk, values: cohort_apply_action(
            actor=actor, cohort_id=pk, action=name, reason=values.get("reason", "")
        ),
        allowed=_manages_cohort,
        **options,
    )


def _enrolment_move(name: str, label: Promise, target: str, **options: Any) -> Move[Enrolment]:
    return Move(
        name,
        label,
        (target,),
        lambda actor, pk, values: enrolment_apply_action(
            actor=actor, enrolment_id=pk, action=name, reason=values.get("reason", "")
        ),
        allowed=_manages_enrolment,
        **options,
    )


# What each move is recorded as in the audit trail.
PROGRAMME_DONE = {
    "publish": "training.programme.published",
    "archive": "training.programme.archived",
}
COHORT_DONE = {
    "open_recruitment": "training.cohort.recruitment_opened",
    "pause_recruitment": "training.cohort.recruitment_paused",
    "start": "training.cohort.started",
    "complete": "training.cohort.completed",
    "cancel": "training.cohort.cancelled",
}
ENROLMENT_DONE = {
    "select": "training.enrolment.selected",
    "reject": "training.enrolment.rejected",
    "enrol": "training.enrolment.enrolled",
    "complete": "training.enrolment.completed",
    "drop_out": "training.enrolment.dropped_out",
    "certify": "training.enrolment.certified",
}
PROGRAMME_LIFECYCLE: Lifecycle[Programme] = Lifecycle(
    entity="programme",
    model=Programme,
    lookup=get_programme_for_user,
    moves=(
        _programme_move("publish", gettext_lazy("Publish"), PS.PUBLISHED, style=""),
        _programme_move(
            "archive",
            gettext_lazy("Archive"),
            PS.ARCHIVED,
            note="Waits until no cohort is recruiting or in training.",
        ),
    ),
)
COHORT_LIFECYCLE: Lifecycle[Cohort] = Lifecycle(
    entity="cohort",
    model=Cohort,
    lookup=get_cohort_for_user,
    moves=(
        _cohort_move("open_recruitment", gettext_lazy("Open recruitment"), CS.RECRUITING, style=""),
        _cohort_move("pause_recruitment", gettext_lazy("Back to planned"), CS.PLANNED),
        _cohort_move("start", gettext_lazy("Start training"), CS.IN_TRAINING, style=""),
        _cohort_move("complete", gettext_lazy("Mark completed"), CS.COMPLETED, style=""),
        _cohort_move(
            "cancel",
            gettext_lazy("Cancel the cohort"),
            CS.CANCELLED,
            needs_reason=True,
            reason_label=gettext_lazy("Why is the cohort cancelled?"),
            note="People who applied or were selected become not selected, enrolled people "
            "dropped out, with the reason.",
            style="button--danger",
        ),
    ),
)
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
