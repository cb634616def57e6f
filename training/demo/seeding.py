"""Running the demo's plan (``training.demo.data``) through the training services, as the
providers' staff would (see ``training.demo``)."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from accounts.internal import demo_notifications_skipped
from core.demo import AMINA
from migrants.models import MigrantProfile
from training.demo.cohorts import _run_cohort, _seats
from training.demo.context import (
    _Applicants,
    _Context,
    _context,
    _pool,
    _register,
    _Seat,
)
from training.demo.data import AMINA_OUTCOMES, CS, ES, PROGRAMMES, PROVIDERS, SEED, DemoProgramme
from training.models import Programme, Track
from training.services import (
    ProgrammeInput,
    funding_line_set,
    programme_apply_action,
    programme_create,
)
from training.services import enrolments as enrolment_services


def _run_programme(spec: DemoProgramme, ctx: _Context) -> Programme:
    actor = ctx.staff[spec.provider]
    provider = ctx.organisations[PROVIDERS[spec.provider].name]
    for person in spec.newcomers:
        _register(person, actor, provider, ctx)
    certification_title, isced, awarding_body = spec.certification or ("", None, "")
    programme = programme_create(
        actor=actor,
        data=ProgrammeInput(
            provider_id=provider.pk,
            title=spec.title,
            kind=spec.kind,
            sector=spec.sector,
            location_country=spec.country,
            hours=spec.hours,
            language=spec.language,
            partnership_id=ctx.partnerships[spec.partnership].pk if spec.partnership else None,
            summary=spec.summary,
            delivery_mode=spec.delivery_mode,
            occupation_ids=[ctx.occupation_ids[c] for c in spec.occupations],
            skill_ids=[ctx.skill_ids[label] for label in spec.skills],
            certification_title=certification_title,
            certification_isced_level=isced,
            awarding_body=awarding_body,
            tracks=spec.tracks,
            cost_per_trainee=Decimal(spec.cost) if spec.cost else None,
            currency=spec.currency,
        ),
    )
    for payer, amount in spec.funding:
        funding_line_set(
            actor=actor,
            programme_id=programme.pk,
            payer_id=ctx.organisations[payer].pk,
            amount_per_trainee=Decimal(amount),
        )
    if spec.published:
        programme_apply_action(actor=actor, programme_id=programme.pk, action="publish")
    rng = random.Random(f"{SEED}:{spec.key}")  # noqa: S311 - demo data
    people = _pool(spec, provider)
    rng.shuffle(people)
    applicants = _Applicants(people)
    taught = {ctx.skill_ids[label] for label in spec.skills}
    for number, plan in enumerate(spec.cohorts):
        seats = _seats(spec, plan, applicants, taught, rng)
        amina = _amina() if spec.with_demo_login and number == 0 else None
        if amina is not None:
            seats.insert(0, amina)
        _run_cohort(spec, plan, programme, seats, ctx, rng)
        applicants.release(
            [
                s.profile
                for s in seats
                if plan.status == CS.CANCELLED or s.status in (ES.NOT_SELECTED, ES.DROPPED_OUT)
            ]
        )
    return programme


def _amina() -> _Seat | None:
    """The demo login finished the first bootcamp on the away track, with a certificate."""
    profile = (
        MigrantProfile.objects.select_related("user")
        .filter(contact_email=AMINA, state=MigrantProfile.State.ACTIVE, user__isnull=False)
        .first()
    )
    if profile is None:
        return None
    return _Seat(profile, ES.CERTIFIED, Track.AWAY, outcomes=AMINA_OUTCOMES)


@transaction.atomic
def seed() -> list[Programme]:
    """Create the demo programmes that do not exist yet, with their cohorts and trainees;
    return all demo programmes."""
    ctx = _context()
    existing = {
        (p.provider_id, p.title)
        for p in Programme.objects.filter(title__in=[s.title for s in PROGRAMMES])
    }
    # The services tell trainees of each step; the seed does not (see ``training.demo``).
    with demo_notifications_skipped(enrolment_services):
        for spec in PROGRAMMES:
            provider = ctx.organisations[PROVIDERS[spec.provider].name]
            if (provider.pk, spec.title) not in existing:
                _run_programme(spec, ctx)
    return list(
        Programme.objects.filter(
            provider__in=[ctx.organisations[p.name] for p in PROVIDERS.values()],
            title__in=[s.title for s in PROGRAMMES],
        )
    )
