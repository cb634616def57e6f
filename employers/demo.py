"""Demo employers, open vacancies in the seed corridors, a published match run and a small hiring
pipeline.

Corridors (GFMD 2020 paper and the partnerships demo): ICT in Belgium (Brussels Software House,
the accounts demo's employer@demo.example.org) and Lithuania (Vilnius Fintech Lab, Digital
Explorers), nursing and care in Germany (Rhein Care Hospital Group, the Germany-Philippines
agreement), agriculture in Spain (greenhouses in Almería) and Canada (the Canada-Mexico agreement)
and construction in Korea (the Employment Permit System's trades). Employers of a demo
partnership are its employer members: one missing is added by an officer who governs it
(``partnerships.services.member_add``). Every employer has a staff login with the demo password
(employer.lt@, employer.de@, employer.es@, employer.ca@, employer.niagara@ and
employer.kr@demo.example.org). Vacancies name ISCO-08 unit groups (what the demo migrants'
experience uses) and starter-taxonomy skills, languages with a minimum CEFR level, and the
employer-pays fee policy; Brussels Software House also keeps a draft that would make the worker
pay a placement fee, which the portal refuses to publish.

Pools: the demo migrants (``migrants.demo``) consented to destination pools when they signed up;
here some people of each corridor's trade who have a login also join that corridor's pool (their
partnership's, or the destination's where no partnership recruits), acting as themselves through
``migrants.services.consent_grant``. Drawn per person from a fixed seed.

Then a full rematch (``matching.demo``) ranks every pool candidate for every open vacancy, and
``seed_pipelines`` has Brussels Software House work down the ranking of two vacancies: a few
candidates shortlisted, interest expressed, one accepted (the employer sees who they are), one
declined, one hired with a placement; and it expressed interest in the demo migrant
migrant@demo.example.org, who has it to answer. The services' notices are skipped (as in
``recognition.demo``), except the one telling the demo migrant of that interest.

Idempotent: an employer, staff login, vacancy (employer and title) or consent that exists is
left alone; a vacancy's pipeline is built only while it has none. Dates are relative to the day
of seeding. Seeded last (``demo.seeding``): every profile change after it would queue an
incremental rematch against these open vacancies.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.internal import demo_login_ensure, demo_membership_ensure, demo_organisation_ensure
from accounts.models import Membership, Organisation, User
from core.demo import AMINA, SECTORS
from employers.models import Interest, Vacancy
from employers.selectors import pool_profiles
from employers.services import (
    PlacementInput,
    VacancyInput,
    interest_apply_action,
    interest_express,
    interest_hire,
    interest_respond,
    shortlist_add,
    vacancy_apply_action,
    vacancy_create,
)
from employers.services import pipeline as pipeline_services
from migrants.models import ConsentGrant, MigrantProfile
from migrants.services import ConsentInput, consent_grant
from partnerships.models import Partnership, PartnershipMember
from partnerships.services import MemberInput, member_add
from taxonomy.models import Occupation, Skill

SEED = 20261230
ADMIN = "admin@demo.example.org"
OFFICER_BE = "officer.be@demo.example.org"
OFFICER_DE = "officer.de@demo.example.org"
PALIM_FOLLOW_UP = "Morocco-Belgium ICT talent partnership (PALIM follow-up)"  # training.demo
DIGITAL_EXPLORERS = "Digital Explorers: Nigerian ICT professionals in Lithuania"
NURSES = "Germany-Philippines nurse mobility agreement"
CANADA_MEXICO = "Canada-Mexico bilateral labour migration agreement: seasonal agriculture"
EMPLOYER_PAYS = Vacancy.FeePolicy.EMPLOYER_PAYS
WORKER_PAYS = Vacancy.FeePolicy.WORKER_PAYS
HOUR = Vacancy.WagePeriod.HOUR
MONTH = Vacancy.WagePeriod.MONTH
POOL_PARTNERSHIP = ConsentGrant.Purpose.POOL_PARTNERSHIP
POOL_DESTINATION = ConsentGrant.Purpose.POOL_DESTINATION
IS = Interest.Status


# --- Employers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoEmployer:
    key: str
    name: str
    country: str
    city: str
    staff_email: str
    staff_name: str
    # The demo partnership it recruits through and the officer who governs it.
    partnership: tuple[str, str] | None = None


EMPLOYERS: list[DemoEmployer] = [
    DemoEmployer(
        "brussels",
        "Brussels Software House (demo)",
        "BE",
        "Brussels",
        "employer@demo.example.org",
        "Pieter Janssens",
        (PALIM_FOLLOW_UP, OFFICER_BE),
    ),
    DemoEmployer(
        "vilnius",
        "Vilnius Fintech Lab (demo)",
        "LT",
        "Vilnius",
        "employer.lt@demo.example.org",
        "Greta Kazlauskaitė",
        (DIGITAL_EXPLORERS, ADMIN),
    ),
    DemoEmployer(
        "rhein-care",
        "Rhein Care Hospital Group (demo)",
        "DE",
        "Cologne",
        "employer.de@demo.example.org",
        "Thomas Becker",
        (NURSES, OFFICER_DE),
    ),
    DemoEmployer(
        "nijar",
        "Níjar Greenhouse Growers (demo)",
        "ES",
        "Almería",
        "employer.es@demo.example.org",
        "Lucía Martínez Ruiz",
    ),
    DemoEmployer(
        "essex",
        "Essex County Greenhouses (demo)",
        "CA",
        "Leamington",
        "employer.ca@demo.example.org",
        "Sarah Wilson",
        (CANADA_MEXICO, ADMIN),
    ),
    DemoEmployer(
        "niagara",
        "Niagara Orchards (demo)",
        "CA",
        "St. Catharines",
        "employer.niagara@demo.example.org",
        "Daniel Tremblay",
        (CANADA_MEXICO, ADMIN),
    ),
    DemoEmployer(
        "hanbit",
        "Hanbit Construction (demo)",
        "KR",
        "Incheon",
        "employer.kr@demo.example.org",
        "Kim Min-jun",
    ),
]


# --- Vacancies ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoVacancy:
    employer: str  # key of EMPLOYERS
    title: str
    occupation: str  # ISCO-08 unit group
    description: str
    essential: list[str]  # starter skill labels
    optional: list[str]
    languages: dict[str, str]  # ISO 639-1 -> minimum CEFR level
    city: str
    positions: int
    wage: str
    currency: str
    period: str
    hours: int
    months: int | None  # None: open-ended
    starts_in_days: int
    min_isced: int | None = None
    fee_policy: str = EMPLOYER_PAYS
    opened: bool = True


PYTHON_DEVELOPER = "Junior Python developer"
WEB_DEVELOPER = "Full-stack web developer"
WORKER_PAYS_DRAFT = "IT helpdesk technician (through a fee-charging agency)"

VACANCIES: list[DemoVacancy] = [
    # Belgium, ICT.
    DemoVacancy(
        "brussels",
        PYTHON_DEVELOPER,
        "2512",
        "Build and maintain the Python back ends of our public-sector clients' web services, in a "
        "team of eight with a senior mentor. Relocation support; we pay the single permit, visa "
        "and flight.",
        ["Python (computer programming)", "SQL", "debug software", "Git"],
        ["web programming", "develop automated software tests", "agile project management"],
        {"fr": "B2", "en": "B1"},
        "Brussels",
        3,
        "3400",
        "EUR",
        MONTH,
        38,
        None,
        75,
        min_isced=5,
    ),
    DemoVacancy(
        "brussels",
        WEB_DEVELOPER,
        "2513",
        "Front and back end of booking and case-management applications: JavaScript in the "
        "browser, SQL and a server framework behind it. Hybrid work from our Brussels office.",
        ["JavaScript", "web programming", "SQL", "use markup languages"],
        ["TypeScript", "Git", "create software design"],
        {"en": "B2", "fr": "B1"},
        "Brussels",
        2,
        "3600",
        "EUR",
        MONTH,
        38,
        None,
        90,
        min_isced=5,
    ),
    DemoVacancy(
        "brussels",
        "Software test engineer",
        "2519",
        "Plan and automate tests for our clients' web applications and keep the test suites "
        "running in continuous integration.",
        ["execute software tests", "develop automated software tests", "debug software"],
        ["Python (computer programming)", "Java (computer programming)", "Git"],
        {"en": "B2"},
        "Brussels",
        1,
        "3200",
        "EUR",
        MONTH,
        38,
        24,
        60,
        min_isced=4,
    ),
    DemoVacancy(
        "brussels",
        WORKER_PAYS_DRAFT,
        "3512",
        "Draft: the agency we used to recruit helpdesk staff charges candidates a placement fee. "
        "The portal will not publish this vacancy until we pay the fee ourselves.",
        ["provide ICT support", "install software", "configure ICT system"],
        ["administer ICT system", "computer networking"],
        {"fr": "B2", "nl": "A2"},
        "Brussels",
        2,
        "2800",
        "EUR",
        MONTH,
        38,
        12,
        60,
        min_isced=4,
        fee_policy=WORKER_PAYS,
        opened=False,
    ),
    # Lithuania, ICT.
    DemoVacancy(
        "vilnius",
        "Backend Java developer (payments)",
        "2512",
        "Develop the Java services behind our payment and lending products. English is the "
        "working language; Lithuanian lessons are paid by us.",
        ["Java (computer programming)", "use object-oriented programming", "SQL", "Git"],
        ["cloud technologies", "develop automated software tests", "agile project management"],
        {"en": "B2"},
        "Vilnius",
        3,
        "3800",
        "EUR",
        MONTH,
        40,
        None,
        60,
        min_isced=6,
    ),
    DemoVacancy(
        "vilnius",
        "Data analyst",
        "2511",
        "Turn transaction data into reports and models for our risk and product teams.",
        ["perform data analysis", "SQL", "statistics", "Python (computer programming)"],
        ["deliver visual presentation of data", "machine learning"],
        {"en": "B2"},
        "Vilnius",
        2,
        "3300",
        "EUR",
        MONTH,
        40,
        None,
        90,
        min_isced=6,
    ),
    DemoVacancy(
        "vilnius",
        "ICT security specialist",
        "2529",
        "Assess and test the security of our platform, run the firewalls and keep us compliant "
        "with EU rules on ICT security.",
        ["cyber security", "identify ICT security risks", "perform ICT security testing"],
        ["implement a firewall", "Linux", "ICT security legislation", "computer networking"],
        {"en": "B2"},
        "Vilnius",
        1,
        "4200",
        "EUR",
        MONTH,
        40,
        None,
        120,
        min_isced=6,
    ),
    # Germany, nursing and care.
    DemoVacancy(
        "rhein-care",
        "Registered nurse, general wards",
        "2221",
        "Nursing on our medical and surgical wards. You start as a nursing assistant while your "
        "qualification is recognised and we pay the adaptation course, German lessons to B2, "
        "recruitment, visa and travel.",
        [
            "administer medication",
            "monitor basic patient signs",
            "dress wounds",
            "apply infection control measures",
            "maintain patient records",
        ],
        [
            "nursing science",
            "pharmacology",
            "work in multidisciplinary health teams",
            "work in a multicultural environment in health care",
        ],
        {"de": "B1", "en": "B1"},
        "Cologne",
        10,
        "3500",
        "EUR",
        MONTH,
        39,
        None,
        120,
        min_isced=6,
    ),
    DemoVacancy(
        "rhein-care",
        "Nurse for geriatric care",
        "2221",
        "Long-term and dementia care in our care homes in Bonn, in a team that already includes "
        "nurses from the Philippines.",
        [
            "apply nursing care in long-term care",
            "provide care for people with dementia",
            "assist patients with personal hygiene",
            "prevent pressure ulcers",
        ],
        ["geriatrics", "palliative care", "transfer patients"],
        {"de": "B1"},
        "Bonn",
        6,
        "3300",
        "EUR",
        MONTH,
        39,
        None,
        150,
        min_isced=5,
    ),
    DemoVacancy(
        "rhein-care",
        "Health care assistant",
        "5321",
        "Help patients with daily care on the wards, under the nurses' direction.",
        [
            "assist patients with personal hygiene",
            "assist patients with eating and drinking",
            "transfer patients",
            "monitor basic patient signs",
        ],
        ["provide first aid", "empathise with the healthcare user"],
        {"de": "B1"},
        "Cologne",
        4,
        "2700",
        "EUR",
        MONTH,
        39,
        24,
        90,
        min_isced=3,
    ),
    # Spain, agriculture.
    DemoVacancy(
        "nijar",
        "Greenhouse vegetable worker",
        "9211",
        "Planting, tending and picking tomatoes and peppers in greenhouses near Níjar for the "
        "autumn-to-spring season. Accommodation arranged; travel paid by the cooperative.",
        ["harvest crops", "maintain greenhouse", "sort fruit and vegetables", "pack goods"],
        ["hydroponics", "irrigate soil", "plant green plants"],
        {"es": "A2"},
        "Níjar",
        20,
        "9.20",
        "EUR",
        HOUR,
        39,
        9,
        45,
    ),
    DemoVacancy(
        "nijar",
        "Crop production team leader",
        "6111",
        "Lead a team of six in the greenhouses: irrigation, fertilisation and crop protection "
        "plans, and the tractors.",
        ["crop production principles", "irrigate soil", "carry out fertilisation"],
        ["drive agricultural machines", "apply pesticides", "maintain agricultural machinery"],
        {"es": "B1"},
        "Níjar",
        2,
        "1750",
        "EUR",
        MONTH,
        40,
        12,
        45,
        min_isced=3,
    ),
    # Canada, agriculture.
    DemoVacancy(
        "essex",
        "Seasonal greenhouse worker",
        "9211",
        "Cucumbers and peppers under glass, March to November. Housing on the farm; the employer "
        "pays the work permit, return flights and health insurance.",
        ["harvest crops", "plant green plants", "prune plants", "maintain greenhouse"],
        ["sort fruit and vegetables", "pack goods", "hydroponics"],
        {"en": "A2"},
        "Leamington",
        40,
        "17.60",
        "CAD",
        HOUR,
        48,
        8,
        100,
    ),
    DemoVacancy(
        "niagara",
        "Orchard worker (pruning and harvest)",
        "6112",
        "Pruning and picking peaches, cherries and grapes in the Niagara region, May to October. "
        "Housing on the farm; the employer pays the work permit and return flights.",
        ["harvest crops", "prune trees", "sort fruit and vegetables"],
        ["drive agricultural machines", "apply pesticides", "pack goods"],
        {"en": "A2"},
        "St. Catharines",
        15,
        "17.60",
        "CAD",
        HOUR,
        45,
        6,
        150,
    ),
    # Korea, construction.
    DemoVacancy(
        "hanbit",
        "Building construction worker",
        "9313",
        "General work on residential building sites under the Employment Permit System. "
        "Dormitory and meals provided; the employer pays entry costs.",
        [
            "follow health and safety procedures in construction",
            "use safety equipment in construction",
            "mix concrete",
            "use power tools",
        ],
        ["assemble building scaffolding", "lift heavy weights", "pour concrete"],
        {"ko": "A2"},
        "Incheon",
        12,
        "2300000",
        "KRW",
        MONTH,
        40,
        36,
        120,
    ),
    DemoVacancy(
        "hanbit",
        "Formwork carpenter",
        "7115",
        "Build and strip formwork for concrete frames of apartment blocks.",
        [
            "install formwork",
            "carpentry",
            "use measurement instruments",
            "read standard blueprints",
        ],
        ["follow safety procedures when working at heights", "types of wood"],
        {"ko": "A2"},
        "Pyeongtaek",
        5,
        "2800000",
        "KRW",
        MONTH,
        40,
        36,
        120,
        min_isced=2,
    ),
    DemoVacancy(
        "hanbit",
        "Building electrician",
        "7411",
        "Wiring, switchgear and inspections in new residential buildings.",
        ["install electrical wiring", "install electrical switches", "inspect electrical supplies"],
        ["electricity", "read standard blueprints", "building codes"],
        {"ko": "A2"},
        "Incheon",
        3,
        "3000000",
        "KRW",
        MONTH,
        40,
        36,
        150,
        min_isced=3,
    ),
]


# --- Pools --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolJoin:
    """People of ``nationalities`` who want work in ``sector`` join a corridor's pool."""

    key: str
    nationalities: tuple[str, ...]
    sector: str  # a key of core.demo.SECTORS
    share: float
    country: str | None = None  # a destination pool
    partnership: str | None = None  # or a partnership's


POOL_JOINS: list[PoolJoin] = [
    PoolJoin("be-ict", ("MA",), "ict", 0.75, partnership=PALIM_FOLLOW_UP),
    PoolJoin("be-ict-tn", ("TN",), "ict", 0.5, country="BE"),
    PoolJoin("lt-ict", ("NG",), "ict", 0.75, partnership=DIGITAL_EXPLORERS),
    PoolJoin("de-care", ("PH",), "health_care", 0.75, partnership=NURSES),
    PoolJoin("es-agriculture", ("MA", "MX"), "agriculture_food", 0.6, country="ES"),
    PoolJoin("ca-agriculture", ("MX",), "agriculture_food", 0.75, partnership=CANADA_MEXICO),
    PoolJoin("kr-construction", ("NP", "LK", "BD"), "construction", 0.7, country="KR"),
]


# --- The demo employer's pipeline ---------------------------------------------------------------
# Stages reached by the best-ranked candidates with a login, in rank order, per vacancy.
PIPELINES: dict[str, list[str]] = {
    PYTHON_DEVELOPER: [IS.HIRED, IS.ACCEPTED, IS.INTEREST_SENT, IS.SHORTLISTED, IS.SHORTLISTED],
    WEB_DEVELOPER: [IS.INTEREST_SENT, IS.DECLINED, IS.SHORTLISTED, IS.SHORTLISTED],
}
MESSAGES = {
    PYTHON_DEVELOPER: (
        "Your Python and SQL experience fits our back-end team well. Would you like to talk "
        "about a junior developer role in Brussels? We pay the permit, visa and relocation."
    ),
    WEB_DEVELOPER: (
        "We are looking for a full-stack developer for our Brussels office and think your "
        "profile fits. Shall we arrange a video call?"
    ),
}
AMINA_MESSAGE = (
    "Hello, we read your profile and your bootcamp certificate with interest. We would like to "
    "invite you to an online interview for our junior Python developer role in Brussels."
)


# --- Seeding ------------------------------------------------------------------------------------
@dataclass
class _Employer:
    organisation: Organisation
    staff: User
    partnership_id: int | None  # the demo partnership it recruits through, once a member


def _employers() -> dict[str, _Employer]:
    """Each employer with its staff login (created as needed), made a member of its partnership."""
    result: dict[str, _Employer] = {}
    for spec in EMPLOYERS:
        organisation = demo_organisation_ensure(
            name=spec.name, kind=Organisation.Kind.EMPLOYER, country=spec.country, city=spec.city
        )
        staff = demo_login_ensure(email=spec.staff_email, full_name=spec.staff_name)
        demo_membership_ensure(user=staff, organisation=organisation, role=Membership.Role.MANAGER)
        partnership_id = _join(organisation, staff, *spec.partnership) if spec.partnership else None
        # A fresh object: permission checks cache a user's memberships.
        staff = User.objects.get(pk=staff.pk)
        result[spec.key] = _Employer(organisation, staff, partnership_id)
    return result


def _join(organisation: Organisation, staff: User, title: str, governor_email: str) -> int | None:
    """Make ``organisation`` an employer member of the partnership, added by an officer who
    governs it; the partnership's id, or None where that layer of the demo was not seeded."""
    partnership = Partnership.objects.filter(title=title).first()
    governor = User.objects.filter(email=governor_email).first()
    if partnership is None or governor is None:
        return None
    role = PartnershipMember.Role.EMPLOYER
    if not partnership.members.filter(organisation=organisation, role=role).exists():
        member_add(
            actor=governor,
            partnership_id=partnership.pk,
            data=MemberInput(
                organisation_id=organisation.pk,
                role=role,
                contact_name=staff.full_name,
                contact_email=staff.email,
                joined_on=timezone.localdate(),
            ),
        )
    return partnership.pk


def _sector_of(profile: MigrantProfile, sector: str) -> bool:
    wanted = set(SECTORS[sector].occupations)
    return any(o.isco_code in wanted for o in profile.preferred_occupations.all())


def _pools_join() -> int:
    """Consents of corridor people to their corridor's pool; returns how many were new."""
    partnerships = dict(
        Partnership.objects.filter(
            title__in=[j.partnership for j in POOL_JOINS if j.partnership]
        ).values_list("title", "pk")
    )
    people = list(
        MigrantProfile.objects.filter(
            contact_email__startswith="migrant.",
            contact_email__endswith="@demo.example.org",
            state=MigrantProfile.State.ACTIVE,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("user")
        .prefetch_related("preferred_occupations")
        .order_by("contact_email")
    )
    held = {
        (profile_id, purpose, country or partnership)
        for profile_id, purpose, country, partnership in ConsentGrant.objects.filter(
            profile__in=people, purpose__in=[POOL_DESTINATION, POOL_PARTNERSHIP]
        ).values_list("profile_id", "purpose", "country_id", "partnership_id")
    }
    granted = 0
    for join in POOL_JOINS:
        partnership_id = partnerships.get(join.partnership) if join.partnership else None
        if join.partnership and partnership_id is None:
            continue
        purpose = POOL_PARTNERSHIP if partnership_id else POOL_DESTINATION
        for profile in people:
            if profile.nationality_id not in join.nationalities:
                continue
            if not _sector_of(profile, join.sector):
                continue
            rng = random.Random(f"{SEED}:{join.key}:{profile.contact_email}")  # noqa: S311
            if rng.random() >= join.share:
                continue
            if (profile.pk, purpose, join.country or partnership_id) in held:
                continue  # granted by an earlier run (even if withdrawn since)
            assert profile.user is not None
            consent_grant(
                actor=profile.user,
                profile_id=profile.pk,
                data=ConsentInput(
                    purpose=purpose, country=join.country, partnership_id=partnership_id
                ),
            )
            granted += 1
    return granted


def _vacancies(employers: dict[str, _Employer]) -> tuple[list[Vacancy], int]:
    """The demo vacancies (created and opened as needed) and how many were created."""
    skills = dict(Skill.objects.exclude(sector="").values_list("preferred_label", "pk"))
    occupations = dict(
        Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", "pk")
    )
    today = timezone.localdate()
    vacancies: list[Vacancy] = []
    created = 0
    for spec in VACANCIES:
        employer = employers[spec.employer]
        organisation, staff = employer.organisation, employer.staff
        existing = Vacancy.objects.filter(employer=organisation, title=spec.title).first()
        if existing is not None:
            vacancies.append(existing)
            continue
        vacancy = vacancy_create(
            actor=staff,
            data=VacancyInput(
                employer_id=organisation.pk,
                partnership_id=employer.partnership_id,
                title=spec.title,
                description=spec.description,
                occupation_id=occupations[spec.occupation],
                essential_skill_ids=[skills[label] for label in spec.essential],
                optional_skill_ids=[skills[label] for label in spec.optional],
                languages=spec.languages,
                min_isced_level=spec.min_isced,
                destination_country=organisation.country_id,
                destination_city=spec.city,
                positions=spec.positions,
                wage_amount=Decimal(spec.wage),
                wage_currency=spec.currency,
                wage_period=spec.period,
                hours_per_week=spec.hours,
                contract_months=spec.months,
                starts_on=today + timedelta(days=spec.starts_in_days),
                fee_policy=spec.fee_policy,
            ),
        )
        if spec.opened:
            vacancy = vacancy_apply_action(actor=staff, vacancy_id=vacancy.pk, action="open")
        vacancies.append(vacancy)
        created += 1
    return vacancies, created


# The pool candidates of a vacancy who have a login, best first: matching's ranking, handed in
# by ``demo/`` (matching builds on employers, not the other way round).
Ranking = Callable[[Vacancy], list[MigrantProfile]]


def _pipeline(
    vacancy: Vacancy, staff: User, stages: list[str], taken: set[int], ranking: Ranking
) -> None:
    """Move the best-ranked candidates with a login, one per stage, through the services."""
    ranked = [p for p in ranking(vacancy) if p.contact_email != AMINA]
    people = [p for p in ranked if p.pk not in taken][: len(stages)]
    today = timezone.localdate()
    for stage, profile in zip(stages, people, strict=False):
        taken.add(profile.pk)
        person = profile.user
        assert person is not None
        # As the employer would: by the code its staff are shown for the person.
        code = vacancy.candidate_code(profile.pk)
        interest = shortlist_add(actor=staff, vacancy_id=vacancy.pk, pseudonym=code)
        if stage == IS.SHORTLISTED:
            continue
        interest_express(actor=staff, interest_id=interest.pk, message=MESSAGES[vacancy.title])
        if stage == IS.INTEREST_SENT:
            continue
        interest_respond(actor=person, interest_id=interest.pk, accept=stage != IS.DECLINED)
        if stage in (IS.ACCEPTED, IS.DECLINED):
            continue
        interest_apply_action(actor=staff, interest_id=interest.pk, action="interview")
        interest_apply_action(actor=staff, interest_id=interest.pk, action="offer")
        interest_hire(
            actor=staff,
            interest_id=interest.pk,
            data=PlacementInput(starts_on=today + timedelta(days=45)),
        )


def _interest_in_amina(vacancy: Vacancy, staff: User) -> None:
    amina = pool_profiles(vacancy).filter(contact_email=AMINA).first()
    if amina is None or Interest.objects.filter(vacancy=vacancy, profile=amina).exists():
        return
    code = vacancy.candidate_code(amina.pk)
    interest = shortlist_add(actor=staff, vacancy_id=vacancy.pk, pseudonym=code)
    interest_express(actor=staff, interest_id=interest.pk, message=AMINA_MESSAGE)


@contextmanager
def _only_the_demo_login_notified() -> Iterator[None]:
    """The employers' services notify after every step; while seeding only the demo migrant is
    told (of the interest she has to answer). The seed runs in a management command of its own,
    so nothing else is silenced meanwhile."""
    original: Callable[..., None] = pipeline_services.notify_on_commit
    amina = User.objects.filter(email=AMINA).values_list("pk", flat=True).first()

    def only_amina(*, user_id: int | None, **kwargs: Any) -> None:
        if amina is not None and user_id == amina:
            original(user_id=user_id, **kwargs)

    pipeline_services.notify_on_commit = only_amina
    try:
        yield
    finally:
        pipeline_services.notify_on_commit = original


@dataclass
class Seeded:
    """What a call to ``seed`` found or made (``created``: how many vacancies are new)."""

    vacancies: list[Vacancy] = field(default_factory=list)
    consents_granted: int = 0
    created: int = 0


def seed() -> Seeded:
    """Create what is missing, in steps that each commit: consents first (their incremental
    rematches then find no demo vacancy to score on a fresh database), then employers and
    vacancies. The full rematch (``matching.demo``) and the pipelines on its ranking
    (``seed_pipelines``) follow."""
    result = Seeded()
    with transaction.atomic():
        result.consents_granted = _pools_join()
    with transaction.atomic():
        employers = _employers()
        result.vacancies, result.created = _vacancies(employers)
    return result


def seed_pipelines(ranking: Ranking) -> None:
    """Brussels Software House works down ``ranking`` of its pipeline vacancies that have no
    interest yet, and expresses interest in the demo migrant."""
    brussels = _employers()["brussels"]
    organisation, staff = brussels.organisation, brussels.staff
    with transaction.atomic(), _only_the_demo_login_notified():
        by_title = {
            v.title: v
            for v in Vacancy.objects.filter(
                employer=organisation, title__in=[*PIPELINES, PYTHON_DEVELOPER]
            )
        }
        taken: set[int] = set(
            Interest.objects.filter(vacancy__employer=organisation).values_list(
                "profile_id", flat=True
            )
        )
        for title, stages in PIPELINES.items():
            vacancy = by_title[title]
            if vacancy.status == Vacancy.Status.OPEN and not vacancy.interests.exists():
                _pipeline(vacancy, staff, stages, taken, ranking)
        python = by_title[PYTHON_DEVELOPER]
        if python.status == Vacancy.Status.OPEN:
            _interest_in_amina(python, staff)
