"""What the demo run works with: the seeded organisations and staff, the people each programme
draws its trainees from, and small helpers for dates and weighted draws."""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.internal import demo_login_ensure, demo_membership_ensure, demo_organisation_ensure
from accounts.models import Membership, Organisation, User
from core.demo import AMINA
from migrants.models import MigrantProfile, ProfileSkill
from migrants.services import (
    ProfileInput,
    education_add,
    language_set,
    profile_create_by_counsellor,
    skill_set,
)
from partnerships.models import Partnership
from partnerships.services import MemberInput, member_add
from taxonomy.models import Occupation, Skill
from training.demo.data import MS, PROGRAMMES, PROVIDERS, DemoProgramme, K, Newcomer, R


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# --- Running the plan -----------------------------------------------------------------------------
@dataclass
class _Context:
    today: date
    organisations: dict[str, Organisation]  # providers and payers by name
    staff: dict[str, User]  # by provider key
    partnerships: dict[str, Partnership]  # by title
    skill_ids: dict[str, int]
    occupation_ids: dict[str, int]


@dataclass
class _Seat:
    profile: MigrantProfile
    status: str
    track: str
    outcomes: list[tuple[int, str]] | None = None  # fixed follow-ups; drawn when None


def _context() -> _Context:
    """Providers with their staff, in their partnerships; the ICT partnership if missing."""
    staff: dict[str, User] = {}
    organisations: dict[str, Organisation] = {}
    for key, p in PROVIDERS.items():
        organisation = demo_organisation_ensure(
            name=p.name, kind=K.TRAINING_PROVIDER, country=p.country, city=p.city
        )
        user = demo_login_ensure(email=p.staff_email, full_name=p.staff_name)
        demo_membership_ensure(user=user, organisation=organisation, role=Membership.Role.MANAGER)
        organisations[p.name] = organisation
        staff[key] = user
    payers = {payer for spec in PROGRAMMES for payer, _amount in spec.funding}
    for organisation in Organisation.objects.filter(name__in=payers):
        organisations.setdefault(organisation.name, organisation)
    # The partnerships are seeded before (partnerships.demo), the ICT one for this bootcamp too.
    titles = {spec.partnership for spec in PROGRAMMES if spec.partnership}
    partnerships = {p.title: p for p in Partnership.objects.filter(title__in=titles)}
    for p in PROVIDERS.values():
        if p.joins is None:
            continue
        title, officer_email = p.joins
        organisation = organisations[p.name]
        partnership = partnerships[title]
        if not partnership.members.filter(
            organisation=organisation, role=R.TRAINING_PROVIDER
        ).exists():
            member_add(
                actor=User.objects.get(email=officer_email),
                partnership_id=partnership.pk,
                data=MemberInput(
                    organisation_id=organisation.pk,
                    role=R.TRAINING_PROVIDER,
                    contact_name=p.staff_name,
                    contact_email=p.staff_email,
                    joined_on=partnership.start_on,
                ),
            )
    return _Context(
        today=timezone.localdate(),
        organisations=organisations,
        staff=staff,
        partnerships=partnerships,
        skill_ids=dict(Skill.objects.exclude(sector="").values_list("preferred_label", "pk")),
        occupation_ids=dict(
            Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", "pk")
        ),
    )


def _register(person: Newcomer, actor: User, organisation: Organisation, ctx: _Context) -> None:
    """A newcomer registered in person, with what the counsellor noted at intake."""
    if MigrantProfile.objects.filter(contact_email=person.email).exists():
        return
    profile = profile_create_by_counsellor(
        actor=actor,
        organisation_id=organisation.pk,
        data=ProfileInput(
            given_names=person.given_names,
            family_name=person.family_name,
            date_of_birth=person.born,
            sex=person.sex,
            nationality=person.nationality,
            country_of_residence=person.residence or person.nationality,
            phone=person.phone,
            contact_email=person.email,
            contact_language=person.languages[0][0],
            migration_status=MS.ABROAD if person.residence else MS.PROSPECTIVE,
            preferred_destinations=person.destinations,
            preferred_occupations=[ctx.occupation_ids[c] for c in person.occupations],
            track_interest=person.track_interest,
        ),
    )
    pk = profile.pk
    level, institution, field_code, end_year = person.education
    education_add(
        actor=actor,
        profile_id=pk,
        isced_level=level,
        institution=institution,
        country=person.nationality,
        field_code=field_code,
        start_year=end_year - 3,
        end_year=end_year,
    )
    for code, cefr in person.languages:
        language_set(
            actor=actor,
            profile_id=pk,
            language=code,
            understanding=cefr,
            speaking=cefr,
            writing=cefr,
        )
    for label in person.skills:
        skill_set(
            actor=actor,
            profile_id=pk,
            skill_id=ctx.skill_ids[label],
            proficiency=ProfileSkill.Proficiency.INTERMEDIATE,
        )


def _pool(spec: DemoProgramme, organisation: Organisation) -> list[MigrantProfile]:
    """Who may apply: people of the corridor with a login of their own (they consent on the
    portal) and the people the provider registered itself."""
    qs = (
        MigrantProfile.objects.filter(
            Q(user__isnull=False) | Q(registered_by_organisation=organisation),
            state=MigrantProfile.State.ACTIVE,
            nationality_id__in=spec.nationalities,
        )
        .exclude(contact_email=AMINA)
        .exclude(user__is_active=False)
    )
    if spec.pool is not None:
        qs = qs.filter(pk__in=MigrantProfile.objects.filter(spec.pool).values("pk"))
    return list(
        qs.select_related("user")
        .prefetch_related(
            Prefetch("skills", queryset=ProfileSkill.objects.only("profile_id", "skill_id")),
            "preferred_destinations",
            "preferred_occupations",
        )
        .order_by("contact_email", "pk")
    )


class _Applicants:
    """Hands out applicants cohort after cohort: new people first, then those who were not
    selected or dropped out earlier and apply again."""

    def __init__(self, people: list[MigrantProfile]) -> None:
        self.fresh = list(people)
        self.again: list[MigrantProfile] = []

    def take(
        self, count: int, fits: Callable[[MigrantProfile], bool] | None = None
    ) -> list[MigrantProfile]:
        """The next ``count`` applicants (fewer if there are none left), those who ``fit``."""
        taken: list[MigrantProfile] = []
        for queue in (self.fresh, self.again):
            for person in [p for p in queue if fits is None or fits(p)][: count - len(taken)]:
                queue.remove(person)
                taken.append(person)
        return taken

    def release(self, people: list[MigrantProfile]) -> None:
        self.again.extend(people)
