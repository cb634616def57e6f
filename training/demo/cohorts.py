"""One demo cohort run as a provider would run it: applicants, selection, training, completion,
certification and follow-ups, then its dates set back."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from migrants.models import ConsentGrant, MigrantProfile
from migrants.services import ConsentInput, consent_grant
from training.demo.context import _add_months, _Applicants, _Context, _Seat, _weighted
from training.demo.data import (
    CS,
    ES,
    MAX_PROFILE_SKILLS,
    OS,
    TI,
    WAGES,
    CohortPlan,
    DemoProgramme,
    P,
    T,
)
from training.models import Enrolment, OutcomeFollowUp, Programme, Track
from training.services import (
    CohortInput,
    OutcomeInput,
    cohort_apply_action,
    cohort_create,
    enrolment_add,
    enrolment_apply_action,
    enrolment_change_track,
    enrolment_record_progress,
    outcome_record,
)


def _track(spec: DemoProgramme, profile: MigrantProfile, rng: random.Random) -> str:
    """The programme's only track; else mostly the one the person wants, if they said."""
    if spec.tracks != T.BOTH:
        return str(spec.tracks)
    if profile.track_interest in (TI.HOME, TI.AWAY) and rng.random() < 0.5:
        return str(profile.track_interest)
    return Track.HOME if rng.random() < spec.home_share else Track.AWAY


def _seats(
    spec: DemoProgramme,
    plan: CohortPlan,
    applicants: _Applicants,
    taught: set[int],
    rng: random.Random,
) -> list[_Seat]:
    """The next applicants and the status each ends in. Certificates go to those whose profile
    stays within MAX_PROFILE_SKILLS with the taught skills; if too few do, others complete
    without one."""

    def fits(person: MigrantProfile) -> bool:
        return len({s.skill_id for s in person.skills.all()} | taught) <= MAX_PROFILE_SKILLS

    certified = sum(count for status, count in plan.people if status == ES.CERTIFIED)
    chosen = [(person, str(ES.CERTIFIED)) for person in applicants.take(certified, fits)]
    others = [str(ES.COMPLETED)] * (certified - len(chosen))
    others += [
        str(status) for status, count in plan.people if status != ES.CERTIFIED for _ in range(count)
    ]
    people = applicants.take(len(others))
    chosen += zip(people, others[: len(people)], strict=True)
    rng.shuffle(chosen)
    return [_Seat(person, status, _track(spec, person, rng)) for person, status in chosen]


def _outcomes(
    spec: DemoProgramme,
    seat: _Seat,
    ends_on: date,
    ctx: _Context,
    rng: random.Random,
) -> list[OutcomeInput]:
    """The follow-ups that have fallen due; someone in work mostly keeps the same job."""
    fixed = dict(seat.outcomes or [])
    result: list[OutcomeInput] = []
    previous: OutcomeInput | None = None
    for months in OutcomeFollowUp.Point.values:
        if _add_months(ends_on, months) > ctx.today:
            break
        employed = previous is not None and previous.status in OutcomeFollowUp.EMPLOYED
        if months in fixed:
            status = fixed[months]
        elif employed and previous is not None and rng.random() < 0.85:
            status = previous.status
        else:
            status = _weighted(rng, spec.outcomes[seat.track][months])
        if employed and previous is not None and status == previous.status:
            outcome = replace(previous, months=months)
        else:
            outcome = _outcome(spec, seat.profile, months, status, ctx, rng)
        result.append(outcome)
        previous = outcome
    return result


def _outcome(
    spec: DemoProgramme,
    profile: MigrantProfile,
    months: int,
    status: str,
    ctx: _Context,
    rng: random.Random,
) -> OutcomeInput:
    if status == OS.EMPLOYED_THIRD and not spec.third:
        status = OS.EMPLOYED_DESTINATION
    if status not in OutcomeFollowUp.EMPLOYED:
        return OutcomeInput(months=months, status=status)
    origin = profile.nationality_id or ""
    country = origin
    if status == OS.EMPLOYED_DESTINATION:
        abroad = sorted(c.code for c in profile.preferred_destinations.all() if c.code != origin)
        country = spec.destination or (rng.choice(abroad) if abroad else "AE")
    elif status == OS.EMPLOYED_THIRD:
        country = spec.third
    # Orientation is for any job abroad: people take the one they were going for.
    own = sorted(o.isco_code for o in profile.preferred_occupations.all())
    occupation = own[0] if spec.kind == P.PRE_DEPARTURE and own else rng.choice(spec.occupations)
    return OutcomeInput(
        months=months,
        status=status,
        country=country,
        occupation_id=ctx.occupation_ids.get(occupation),
        wage_band=_weighted(rng, WAGES["home" if country == origin else "abroad"]),
    )


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=timezone.get_current_timezone()
    )


def _assessment(
    spec: DemoProgramme, rng: random.Random, *, fail: bool
) -> tuple[str, Decimal | None]:
    """The final assessment with its score; orientation courses have none."""
    if spec.certification is None:
        return "", None
    if fail:
        return Enrolment.Assessment.FAILED, Decimal(rng.randint(30, 49))
    if rng.random() < 0.25:
        return Enrolment.Assessment.PASSED_WITH_MERIT, Decimal(rng.randint(85, 97))
    return Enrolment.Assessment.PASSED, Decimal(rng.randint(55, 84))


def _run_cohort(
    spec: DemoProgramme,
    plan: CohortPlan,
    programme: Programme,
    seats: list[_Seat],
    ctx: _Context,
    rng: random.Random,
) -> None:
    """Create one cohort and move it and its trainees, step by step, to where the plan ends."""
    actor = ctx.staff[spec.provider]
    starts_on = ctx.today + timedelta(days=plan.start)
    ends_on = starts_on + timedelta(days=plan.days)
    cohort = cohort_create(
        actor=actor,
        programme_id=programme.pk,
        data=CohortInput(
            code=f"{spec.code}-{starts_on:%y%m}",
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=plan.capacity,
            location_country=plan.country,
            location_city=plan.city,
        ),
    )
    if plan.status != CS.PLANNED:
        cohort_apply_action(actor=actor, cohort_id=cohort.pk, action="open_recruitment")

    def act(enrolment: Enrolment, action: str, reason: str = "") -> None:
        enrolment_apply_action(actor=actor, enrolment_id=enrolment.pk, action=action, reason=reason)

    enrolments: list[tuple[_Seat, Enrolment]] = []
    for number, seat in enumerate(seats, start=1):
        profile = seat.profile
        if profile.user is not None:
            # Applied on the portal: lets the provider keep and update their profile.
            consent_grant(
                actor=profile.user,
                profile_id=profile.pk,
                data=ConsentInput(
                    purpose=ConsentGrant.Purpose.COUNSELLING,
                    organisation_id=programme.provider_id,
                    channel=ConsentGrant.Channel.WEB,
                ),
            )
        enrolment = enrolment_add(
            actor=actor,
            cohort_id=cohort.pk,
            profile_id=profile.pk,
            track=seat.track,
            source=Enrolment.Source.APPLICATION if profile.user else Enrolment.Source.PROVIDER,
            participant_ref=f"{cohort.code}-{number:02d}",
        )
        enrolments.append((seat, enrolment))
    for seat, enrolment in enrolments:
        if seat.status == ES.NOT_SELECTED:
            act(enrolment, "reject", rng.choice(spec.not_selected))
        elif seat.status != ES.APPLIED:
            act(enrolment, "select")
            if seat.status != ES.SELECTED:
                act(enrolment, "enrol")
    if plan.status == CS.CANCELLED:
        cohort_apply_action(
            actor=actor, cohort_id=cohort.pk, action="cancel", reason=plan.cancel_reason
        )
        return
    if plan.status not in (CS.IN_TRAINING, CS.COMPLETED):
        return
    cohort_apply_action(actor=actor, cohort_id=cohort.pk, action="start")
    started = [(s, e) for s, e in enrolments if s.status not in (ES.APPLIED, ES.NOT_SELECTED)]
    for seat, enrolment in started:
        if seat.status == ES.DROPPED_OUT:
            attendance = rng.randint(15, 55)
        elif plan.status == CS.IN_TRAINING:
            attendance = rng.randint(70, 100)
        else:
            continue
        enrolment_record_progress(
            actor=actor, enrolment_id=enrolment.pk, attendance_percent=attendance
        )
        if seat.status == ES.DROPPED_OUT:
            act(enrolment, "drop_out", rng.choice(spec.dropped_out))
    if spec.tracks == T.BOTH:
        staying = [(s, e) for s, e in started if s.status != ES.DROPPED_OUT and not s.outcomes]
        for seat, enrolment in rng.sample(
            staying, min(len(staying), 2 if plan.status == CS.COMPLETED else 1)
        ):
            seat.track = Track.AWAY if seat.track == Track.HOME else Track.HOME
            enrolment_change_track(
                actor=actor,
                enrolment_id=enrolment.pk,
                track=seat.track,
                reason=spec.track_reasons[seat.track],
            )
    if plan.status != CS.COMPLETED:
        return
    finished = [(s, e) for s, e in started if s.status in Enrolment.FINISHED]
    # One of those who finish without a certificate failed the final assessment.
    failing = next((s for s, _e in finished if s.status == ES.COMPLETED), None)
    for seat, enrolment in finished:
        assessment, score = _assessment(spec, rng, fail=seat is failing)
        enrolment_record_progress(
            actor=actor,
            enrolment_id=enrolment.pk,
            attendance_percent=rng.randint(78, 100),
            assessment=assessment,
            assessment_score=score,
        )
        act(enrolment, "complete")
    cohort_apply_action(actor=actor, cohort_id=cohort.pk, action="complete")
    for seat, enrolment in finished:
        if seat.status == ES.CERTIFIED:
            act(enrolment, "certify")
    # The training's own dates, set back: completion on the last day, follow-ups when due.
    Enrolment.objects.filter(pk__in=[e.pk for _s, e in finished]).update(completed_on=ends_on)
    for seat, enrolment in finished:
        for data in _outcomes(spec, seat, ends_on, ctx, rng):
            outcome = outcome_record(actor=actor, enrolment_id=enrolment.pk, data=data)
            due = _add_months(ends_on, data.months) + timedelta(days=rng.randint(2, 20))
            OutcomeFollowUp.objects.filter(pk=outcome.pk).update(
                recorded_at=_at(min(due, ctx.today), rng)
            )
