"""Demo training: programmes, cohorts and enrolments for the seed corridors of the GFMD 2020
paper, run by the demo training providers.

- An ICT bootcamp in Casablanca on a home and an away track (ICT Skills Academy Casablanca,
  provider@demo.example.org), funded per trainee by Enabel and the Moroccan ministry. PALIM, the
  pilot it continues, is concluded in the partnerships demo and its ledger is closed, so the
  bootcamp belongs to a follow-up partnership created here through the partnerships services,
  with the academy as training provider. Five cohorts: completed (with 3-, 6- and 12-month
  outcomes), in training, recruiting, planned and cancelled.
- Building services installers (electricians and plumbers, ISCO-08 7411 and 7126) trained to the
  German standard in Prizren for the Kosovo Skills Partnership for Mobility, on both tracks.
- A nursing adaptation course in Cologne (a compensation measure for recognition, away track
  only) for Filipino nurses of the Germany-Philippines agreement; the Cologne school joins the
  partnership as training provider, added by the German officer who governs it.
- Pre-departure orientation in Colombo and Kathmandu (no certification, away track only).

Providers marked "(demo)" are illustrative; each has a staff login with the demo password
(provider@, provider.xk@, provider.de@, provider.lk@ and provider.np@demo.example.org). The
trainees are the demo migrants of each corridor (``migrants.demo``): those with a login consent
on the portal to the provider keeping their profile (the counselling consent) and apply; those
the academy registered in person already hold it. Each provider also registers a newcomer or
two in person, with what the counsellor noted at intake; only a few, since most demo people
signed up themselves. The demo login migrant@demo.example.org (Amina Haddad) finished the
bootcamp's first cohort: her certificate is on her skills passport and verifiable at /verify/.

Everything goes through the training services as the provider's staff would, in the order a
real cohort runs; the services' notices to trainees are skipped (as in ``recognition.demo``).
Then the training's own dates are set back: the day each trainee completed is the cohort's last
day, and follow-ups are dated when they fell due. Certificates keep the day of seeding, like the
verified qualification they put on the profile. Cohort dates are relative to the day of seeding.

Trainees, statuses, tracks and outcomes are drawn from fixed seeds per programme, so every run
on the same demo migrants plans the same. A programme that exists already (same provider and
title) is left alone, so a second run creates nothing.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from accounts.services import membership_grant, organisation_create
from core.demo import AMINA, DEMO_PASSWORD, OFFICER_DE
from migrants.models import ConsentGrant, MigrantProfile, ProfileSkill
from migrants.services import (
    ConsentInput,
    ProfileInput,
    consent_grant,
    education_add,
    language_set,
    profile_create_by_counsellor,
    skill_set,
)
from partnerships.models import Partnership, PartnershipMember
from partnerships.services import MemberInput, member_add
from taxonomy.models import Occupation, Skill
from training.models import Cohort, Enrolment, OutcomeFollowUp, Programme, Track
from training.services import (
    CohortInput,
    OutcomeInput,
    ProgrammeInput,
    cohort_apply_action,
    cohort_create,
    enrolment_add,
    enrolment_apply_action,
    enrolment_change_track,
    enrolment_record_progress,
    funding_line_set,
    outcome_record,
    programme_apply_action,
    programme_create,
)
from training.services import enrolments as enrolment_services

SEED = 20261219
CS = Cohort.Status
ES = Enrolment.Status
OS = OutcomeFollowUp.Status
WB = OutcomeFollowUp.WageBand
K = Organisation.Kind
R = PartnershipMember.Role
MS = MigrantProfile.MigrationStatus
TI = MigrantProfile.TrackInterest
# Certifying adds the taught skills to the profile. The demo profiles list at most eight skills
# (``migrants.demo``), so certificates go to trainees whose profile stays within that.
MAX_PROFILE_SKILLS = 8

MA_LABOUR = "Ministry of Economic Inclusion, Small Business, Employment and Skills"
ENABEL = "Enabel, Belgian development agency"
XK_LABOUR = "Ministry of Finance, Labour and Transfers"
BMZ = "Federal Ministry for Economic Cooperation and Development (BMZ)"
RHEIN_CARE = "Rhein Care Hospital Group (demo)"
KOSOVO = "Kosovo Skills Partnership for Mobility"
NURSES = "Germany-Philippines nurse mobility agreement"
ICT = "Morocco-Belgium ICT talent partnership (PALIM follow-up)"


# --- Providers, their staff and partnerships ------------------------------------------------------
@dataclass(frozen=True)
class DemoProvider:
    name: str
    country: str
    city: str
    staff_email: str
    staff_name: str
    # A partnership it joins as training provider, and the officer who governs it.
    joins: tuple[str, str] | None = None


PROVIDERS: dict[str, DemoProvider] = {
    "casablanca": DemoProvider(
        "ICT Skills Academy Casablanca (demo)",
        "MA",
        "Casablanca",
        "provider@demo.example.org",
        "Salma Bennani",
    ),
    "prizren": DemoProvider(
        "Prizren Vocational Training Centre (demo)",
        "XK",
        "Prizren",
        "provider.xk@demo.example.org",
        "Valbona Hoxha",
        joins=(KOSOVO, OFFICER_DE),
    ),
    "cologne": DemoProvider(
        "Cologne Nursing Education Centre (demo)",
        "DE",
        "Cologne",
        "provider.de@demo.example.org",
        "Sabine Krüger",
        joins=(NURSES, OFFICER_DE),
    ),
    "colombo": DemoProvider(
        "Colombo Pre-Departure Training Centre (demo)",
        "LK",
        "Colombo",
        "provider.lk@demo.example.org",
        "Dilrukshi Jayawardena",
    ),
    "kathmandu": DemoProvider(
        "Kathmandu Pre-Departure Orientation Centre (demo)",
        "NP",
        "Kathmandu",
        "provider.np@demo.example.org",
        "Sushma Shrestha",
    ),
}


# --- Newcomers the providers register in person ---------------------------------------------------
@dataclass(frozen=True)
class Newcomer:
    given_names: str
    family_name: str
    sex: str
    born: date
    phone: str
    nationality: str
    education: tuple[int, str, str | None, int]  # ISCED level, institution, field, end year
    languages: list[tuple[str, str]]  # ISO 639-1, CEFR level
    skills: list[str]  # starter skill labels
    occupations: list[str]  # ISCO-08 unit groups
    destinations: list[str]
    track_interest: str = TI.BOTH
    residence: str | None = None  # the nationality when None

    @property
    def email(self) -> str:
        given = self.given_names.lower().replace(" ", "")
        return f"{given}.{self.family_name.lower().replace(' ', '')}@demo.example.org"


F, M = MigrantProfile.Sex.FEMALE, MigrantProfile.Sex.MALE


# --- Outcomes -------------------------------------------------------------------------------------
# What became of finishers at each follow-up, by track: people on the away track often still
# work at home three months on, while their visa is processed.
OUTCOMES: dict[str, dict[int, list[tuple[str, int]]]] = {
    Track.HOME: {
        3: [(OS.EMPLOYED_ORIGIN, 50), (OS.SELF_EMPLOYED, 8), (OS.FURTHER_STUDY, 6),
            (OS.UNEMPLOYED, 24), (OS.UNKNOWN, 12)],
        6: [(OS.EMPLOYED_ORIGIN, 60), (OS.SELF_EMPLOYED, 10), (OS.FURTHER_STUDY, 5),
            (OS.UNEMPLOYED, 15), (OS.UNKNOWN, 10)],
        12: [(OS.EMPLOYED_ORIGIN, 66), (OS.SELF_EMPLOYED, 12), (OS.FURTHER_STUDY, 4),
             (OS.UNEMPLOYED, 10), (OS.UNKNOWN, 8)],
    },
    Track.AWAY: {
        3: [(OS.EMPLOYED_DESTINATION, 40), (OS.EMPLOYED_ORIGIN, 25), (OS.EMPLOYED_THIRD, 4),
            (OS.UNEMPLOYED, 15), (OS.UNKNOWN, 16)],
        6: [(OS.EMPLOYED_DESTINATION, 58), (OS.EMPLOYED_ORIGIN, 14), (OS.EMPLOYED_THIRD, 5),
            (OS.UNEMPLOYED, 10), (OS.UNKNOWN, 13)],
        12: [(OS.EMPLOYED_DESTINATION, 68), (OS.EMPLOYED_ORIGIN, 8), (OS.EMPLOYED_THIRD, 6),
             (OS.UNEMPLOYED, 6), (OS.UNKNOWN, 12)],
    },
}  # fmt: skip
WAGES: dict[str, list[tuple[str, int]]] = {
    "home": [(WB.MINIMUM_TO_1_5, 50), (WB.FROM_1_5_TO_2, 33), (WB.ABOVE_2, 10),
             (WB.UNDISCLOSED, 7)],
    "abroad": [(WB.MINIMUM_TO_1_5, 35), (WB.FROM_1_5_TO_2, 42), (WB.ABOVE_2, 13),
               (WB.UNDISCLOSED, 10)],
}  # fmt: skip
# After an adaptation course in Germany, nurses mostly start work at the hospital that hired them.
NURSE_OUTCOMES: dict[str, dict[int, list[tuple[str, int]]]] = {
    Track.AWAY: {
        3: [(OS.EMPLOYED_DESTINATION, 82), (OS.FURTHER_STUDY, 4), (OS.UNEMPLOYED, 6),
            (OS.UNKNOWN, 8)],
        6: [(OS.EMPLOYED_DESTINATION, 86), (OS.UNEMPLOYED, 4), (OS.UNKNOWN, 10)],
        12: [(OS.EMPLOYED_DESTINATION, 86), (OS.UNEMPLOYED, 4), (OS.UNKNOWN, 10)],
    },
}  # fmt: skip
# Orientation comes weeks before departure; a few departures are delayed or fall through.
ORIENTATION_OUTCOMES: dict[str, dict[int, list[tuple[str, int]]]] = {
    Track.AWAY: {
        3: [(OS.EMPLOYED_DESTINATION, 66), (OS.EMPLOYED_ORIGIN, 8), (OS.UNEMPLOYED, 10),
            (OS.UNKNOWN, 16)],
        6: [(OS.EMPLOYED_DESTINATION, 72), (OS.EMPLOYED_ORIGIN, 6), (OS.UNEMPLOYED, 6),
            (OS.UNKNOWN, 16)],
        12: [(OS.EMPLOYED_DESTINATION, 72), (OS.EMPLOYED_ORIGIN, 6), (OS.UNEMPLOYED, 6),
             (OS.UNKNOWN, 16)],
    },
}  # fmt: skip


# --- Programmes and cohorts -----------------------------------------------------------------------
@dataclass(frozen=True)
class CohortPlan:
    status: str  # where the cohort ends up
    start: int  # days from the day of seeding
    days: int  # how long it runs
    capacity: int
    city: str
    people: list[tuple[str, int]]  # enrolment status, how many
    country: str = ""  # the programme's country when empty
    cancel_reason: str = ""


@dataclass(frozen=True)
class DemoProgramme:
    key: str
    provider: str  # key of PROVIDERS
    partnership: str | None  # title
    title: str
    summary: str
    kind: str
    delivery_mode: str
    country: str
    hours: int
    language: str
    occupations: list[str]
    skills: list[str]
    tracks: str
    code: str  # cohort codes start with it
    cohorts: list[CohortPlan]
    nationalities: list[str]
    not_selected: list[str]
    dropped_out: list[str]
    certification: tuple[str, int, str] | None = None  # title, ISCED level, awarding body
    cost: str | None = None
    currency: str | None = None
    funding: list[tuple[str, str]] = field(default_factory=list)  # payer, amount per trainee
    pool: Q | None = None  # who of the nationalities may apply
    newcomers: list[Newcomer] = field(default_factory=list)
    home_share: float = 0.0
    destination: str = ""  # where the away track works; else the person's preferred country
    third: str = ""  # a third country a few away-track trainees end up in
    track_reasons: dict[str, str] = field(default_factory=dict)  # by the track changed to
    published: bool = True
    with_demo_login: bool = False  # migrant@demo.example.org finished its first cohort
    outcomes: dict[str, dict[int, list[tuple[str, int]]]] = field(default_factory=lambda: OUTCOMES)


P = Programme.Kind
D = Programme.DeliveryMode
T = Programme.Tracks

# Tables of cohorts and people: kept packed, one cohort or person a line or two.
# fmt: off
PROGRAMMES: list[DemoProgramme] = [
    DemoProgramme(
        key="casablanca-web",
        provider="casablanca",
        partnership=ICT,
        title="Full-stack web developer bootcamp",
        summary=(
            "Five months of JavaScript, SQL and web frameworks with team projects for Moroccan "
            "graduates. Home-track trainees are coached into jobs in Casablanca and Rabat; "
            "away-track trainees add Dutch or French for work and meet Belgian employers."
        ),
        kind=P.VOCATIONAL,
        delivery_mode=D.BLENDED,
        country="MA",
        hours=640,
        language="fr",
        occupations=["2512", "2513"],
        skills=["web programming", "JavaScript", "SQL", "Git"],
        certification=(
            "Software Developer Certificate (full-stack web)", 4,
            "ICT Skills Academy Casablanca (demo)",
        ),
        tracks=T.BOTH,
        cost="4200",
        currency="EUR",
        funding=[(ENABEL, "2800"), (MA_LABOUR, "1400")],
        code="CASA-WEB",
        cohorts=[
            CohortPlan(CS.COMPLETED, -575, 150, 16, "Casablanca", [
                (ES.CERTIFIED, 9), (ES.COMPLETED, 2), (ES.DROPPED_OUT, 2), (ES.NOT_SELECTED, 3),
            ]),
            CohortPlan(
                CS.CANCELLED, -270, 150, 16, "Rabat", [(ES.APPLIED, 3), (ES.SELECTED, 2)],
                cancel_reason=(
                    "Not enough Belgian employers confirmed placements for the away track."
                ),
            ),
            CohortPlan(CS.IN_TRAINING, -60, 150, 16, "Casablanca", [
                (ES.ENROLLED, 11), (ES.DROPPED_OUT, 1), (ES.NOT_SELECTED, 2),
            ]),
            CohortPlan(CS.RECRUITING, 60, 150, 16, "Casablanca", [
                (ES.APPLIED, 4), (ES.SELECTED, 3), (ES.NOT_SELECTED, 1),
            ]),
            CohortPlan(CS.PLANNED, 240, 150, 20, "Casablanca", [(ES.APPLIED, 2)]),
        ],
        nationalities=["MA"],
        not_selected=[
            "Did not pass the technical entry test.",
            "French below the B2 level the course needs.",
            "Cohort full: invited to apply for the next intake.",
            "Did not come to the selection interview.",
        ],
        dropped_out=[
            "Found a job in Casablanca before the end of the course.",
            "Family reasons.",
            "Could not combine the course with a part-time job.",
            "Moved back to their home town.",
        ],
        newcomers=[
            Newcomer(
                "Yassine", "Ouahbi", M, date(1999, 2, 17), "+212661207431", "MA",
                (6, "Université Hassan II de Casablanca", "061", 2021),
                [("ar", "C2"), ("fr", "B2"), ("en", "B1")],
                ["Java (computer programming)", "SQL", "work in teams"], ["2512"], ["BE"],
            ),
            Newcomer(
                "Houda", "Lamrani", F, date(2000, 9, 3), "+212662518904", "MA",
                (5, "OFPPT, Institut Spécialisé de Technologie Appliquée", "061", 2020),
                [("ar", "C2"), ("fr", "C1"), ("en", "B1")],
                ["PHP", "use markup languages", "install software", "customer service"],
                ["2513"], ["BE", "FR"], track_interest=TI.HOME,
            ),
        ],
        home_share=0.5,
        with_demo_login=True,
        destination="BE",
        third="NL",
        track_reasons={
            Track.AWAY: "Received a job offer from a Brussels employer.",
            Track.HOME: "Chose a job offer in Casablanca.",
        },
    ),
    DemoProgramme(
        key="casablanca-cloud",
        provider="casablanca",
        partnership=None,
        title="Cloud and DevOps bootcamp",
        summary="A second bootcamp in preparation: cloud platforms, containers and automation.",
        kind=P.UPSKILLING,
        delivery_mode=D.ONLINE,
        country="MA",
        hours=320,
        language="fr",
        occupations=["2512"],
        skills=["cloud technologies", "deploy cloud resource", "Linux"],
        tracks=T.BOTH,
        code="CASA-CLOUD",
        cohorts=[],
        nationalities=["MA"],
        not_selected=[],
        dropped_out=[],
        published=False,
    ),
    DemoProgramme(
        key="prizren-installer",
        provider="prizren",
        partnership=KOSOVO,
        title="Building services installer: electrical and plumbing (German standard)",
        summary=(
            "Ten months of dual training to the German standard: theory in Prizren and practice "
            "with partner companies. Home-track graduates work for Kosovo installers; away-track "
            "graduates learn German to B1 and are placed with Bavarian craft businesses."
        ),
        kind=P.VOCATIONAL,
        delivery_mode=D.WORK_BASED,
        country="XK",
        hours=1400,
        language="sq",
        occupations=["7411", "7126"],
        skills=[
            "install electrical wiring",
            "install plumbing systems",
            "follow health and safety procedures in construction",
        ],
        certification=(
            "Building Services Installer Certificate (German dual-training standard)", 3,
            "Prizren Vocational Training Centre (demo)",
        ),
        tracks=T.BOTH,
        cost="6500",
        currency="EUR",
        funding=[(BMZ, "5000"), (XK_LABOUR, "1500")],
        code="PRZ-INST",
        cohorts=[
            CohortPlan(CS.COMPLETED, -520, 300, 12, "Prizren", [
                (ES.CERTIFIED, 6), (ES.COMPLETED, 1), (ES.DROPPED_OUT, 2), (ES.NOT_SELECTED, 1),
            ]),
            CohortPlan(CS.IN_TRAINING, -120, 300, 12, "Prizren", [
                (ES.ENROLLED, 6), (ES.DROPPED_OUT, 1),
            ]),
            CohortPlan(CS.PLANNED, 200, 300, 12, "Prizren", [(ES.APPLIED, 2)]),
        ],
        nationalities=["XK"],
        not_selected=[
            "Did not pass the practical aptitude test.",
            "German below the A2 the away track needs.",
            "Cohort full: on the waiting list.",
        ],
        dropped_out=[
            "Left to work abroad outside the programme.",
            "Family reasons.",
            "Health reasons.",
        ],
        newcomers=[
            Newcomer(
                "Leonora", "Gashi", F, date(2002, 5, 21), "+38344718230", "XK",
                (3, "Xhavit Ahmeti Technical School", "071", 2020),
                [("sq", "C2"), ("de", "A2"), ("en", "B1")],
                ["electricity", "install electrical wiring", "use measurement instruments"],
                ["7411"], ["DE"],
            ),
            Newcomer(
                "Blend", "Rexhaj", M, date(2001, 11, 8), "+38344906152", "XK",
                (3, "Vocational Training Centre Pristina", "073", 2019),
                [("sq", "C2"), ("de", "A2"), ("en", "A2")],
                ["install PVC piping", "plumbing tools", "use power tools"],
                ["7126"], ["DE", "AT"], track_interest=TI.AWAY,
            ),
        ],
        home_share=0.6,
        destination="DE",
        third="AT",
        track_reasons={
            Track.AWAY: "Matched with a Bavarian craft business.",
            Track.HOME: "Family reasons: stays in Kosovo.",
        },
    ),
    DemoProgramme(
        key="cologne-nursing",
        provider="cologne",
        partnership=NURSES,
        title="Nursing adaptation course (Anpassungslehrgang)",
        summary=(
            "The compensation measure German recognition authorities set for nurses trained "
            "abroad: six months of theory and supervised practice in Cologne hospitals, ending "
            "with an assessment interview. Completing it leads to full recognition as a nurse."
        ),
        kind=P.COMPENSATION,
        delivery_mode=D.WORK_BASED,
        country="DE",
        hours=720,
        language="de",
        occupations=["2221"],
        skills=[
            "apply nursing care in long-term care",
            "comply with legislation related to health care",
            "communicate effectively in healthcare",
        ],
        certification=(
            "Nursing adaptation course certificate (Anpassungslehrgang)", 5,
            "Cologne Nursing Education Centre (demo)",
        ),
        tracks=T.AWAY,
        cost="5400",
        currency="EUR",
        funding=[(RHEIN_CARE, "5400")],
        code="KOE-ANP",
        cohorts=[
            CohortPlan(CS.COMPLETED, -340, 180, 10, "Cologne", [
                (ES.CERTIFIED, 4), (ES.COMPLETED, 1), (ES.DROPPED_OUT, 1),
            ]),
            CohortPlan(CS.IN_TRAINING, -90, 180, 10, "Cologne", [(ES.ENROLLED, 5)]),
            CohortPlan(CS.RECRUITING, 75, 180, 10, "Cologne", [
                (ES.APPLIED, 2), (ES.SELECTED, 1), (ES.NOT_SELECTED, 1),
            ]),
        ],
        nationalities=["PH"],
        # Nurses: by the occupation they aim for, a nursing qualification or a health degree.
        pool=(
            Q(preferred_occupations__code__in=["2221", "3221"])
            | Q(qualifications__title__icontains="nursing")
            | Q(education__field_id__in=["091", "092"], education__isced_level_id__gte=5)
        ),
        not_selected=[
            "German below B1: the course needs B2 by its second month.",
            "Recognition decision not issued yet: apply again once it is.",
        ],
        dropped_out=["Moved to another region of Germany.", "Health reasons."],
        newcomers=[
            Newcomer(
                "Maricel", "Dizon", F, date(1995, 3, 14), "+639175520318", "PH",
                (6, "University of Santo Tomas", "091", 2017),
                [("tl", "C2"), ("en", "C1"), ("de", "B1")],
                ["administer medication", "apply infection control measures",
                 "monitor basic patient signs", "maintain patient records"],
                ["2221"], ["DE"], track_interest=TI.AWAY, residence="DE",
            ),
            Newcomer(
                "Jerwin", "Pascual", M, date(1993, 8, 30), "+639186627451", "PH",
                (6, "West Visayas State University", "091", 2015),
                [("tl", "C2"), ("en", "C1"), ("de", "B1")],
                ["dress wounds", "perform cardiopulmonary resuscitation", "nursing science"],
                ["2221"], ["DE"], track_interest=TI.AWAY, residence="DE",
            ),
        ],
        destination="DE",
        outcomes=NURSE_OUTCOMES,
    ),
    DemoProgramme(
        key="colombo-orientation",
        provider="colombo",
        partnership=None,
        title="Pre-departure orientation for workers going abroad",
        summary=(
            "Three weeks before departure: rights and duties under the employment contract, "
            "the destination's laws and customs, money and remittances, health, and whom to "
            "call for help abroad. Required before a first job abroad."
        ),
        kind=P.PRE_DEPARTURE,
        delivery_mode=D.IN_PERSON,
        country="LK",
        hours=60,
        language="si",
        occupations=["9111", "5322", "5120"],
        skills=["show intercultural awareness", "labour legislation"],
        tracks=T.AWAY,
        cost="38000",
        currency="LKR",
        code="CMB-PDO",
        cohorts=[
            CohortPlan(CS.COMPLETED, -175, 21, 25, "Colombo", [
                (ES.COMPLETED, 6), (ES.DROPPED_OUT, 1),
            ]),
            CohortPlan(CS.IN_TRAINING, -7, 21, 25, "Kandy", [(ES.ENROLLED, 4)]),
            CohortPlan(CS.RECRUITING, 30, 21, 25, "Colombo", [(ES.APPLIED, 2), (ES.SELECTED, 1)]),
        ],
        nationalities=["LK"],
        not_selected=["Medical check not passed yet.", "Job offer withdrawn by the employer."],
        dropped_out=["Left before the end: departure date moved forward.", "Family reasons."],
        newcomers=[
            Newcomer(
                "Sewwandi", "Karunaratne", F, date(1997, 12, 2), "+94771846203", "LK",
                (3, "Visakha Vidyalaya", None, 2015), [("si", "C2"), ("en", "B1")],
                ["clean domestic areas", "care for infants", "prepare family meals"],
                ["5322"], ["IT"], track_interest=TI.AWAY,
            ),
        ],
        outcomes=ORIENTATION_OUTCOMES,
    ),
    DemoProgramme(
        key="kathmandu-orientation",
        provider="kathmandu",
        partnership=None,
        title="Pre-departure orientation for foreign employment",
        summary=(
            "The two-day orientation every worker attends before a first job abroad: the "
            "contract and the labour permit, fees that recruiters may not charge, life and work "
            "in the Gulf, Malaysia, Japan and Korea, safe remittances and the help available "
            "at the embassies."
        ),
        kind=P.PRE_DEPARTURE,
        delivery_mode=D.IN_PERSON,
        country="NP",
        hours=16,
        language="ne",
        occupations=["9313", "5131", "9329"],
        skills=["show intercultural awareness", "labour legislation"],
        tracks=T.AWAY,
        cost="7500",
        currency="NPR",
        code="KTM-PDO",
        cohorts=[
            CohortPlan(CS.COMPLETED, -250, 2, 30, "Kathmandu", [
                (ES.COMPLETED, 6), (ES.DROPPED_OUT, 1),
            ]),
            CohortPlan(CS.RECRUITING, 20, 2, 30, "Pokhara", [
                (ES.APPLIED, 3), (ES.SELECTED, 2), (ES.NOT_SELECTED, 1),
            ]),
        ],
        nationalities=["NP"],
        not_selected=["Labour permit not yet issued by the Department of Foreign Employment."],
        dropped_out=["Departure postponed: will join a later session."],
        newcomers=[
            Newcomer(
                "Pemba", "Sherpa", M, date(1996, 6, 19), "+9779841736025", "NP",
                (2, "Shree Janapriya Secondary School", None, 2013),
                [("ne", "C2"), ("hi", "B1"), ("en", "A2")],
                ["lay bricks", "mix concrete", "follow safety procedures when working at heights"],
                ["9313"], ["QA", "AE"], track_interest=TI.AWAY,
            ),
        ],
        outcomes=ORIENTATION_OUTCOMES,
    ),
]
# fmt: on


# The demo login's own follow-ups: she works on in Casablanca while she prepares to move.
AMINA_OUTCOMES: list[tuple[int, str]] = [
    (3, OS.EMPLOYED_ORIGIN),
    (6, OS.EMPLOYED_ORIGIN),
    (12, OS.EMPLOYED_ORIGIN),
]


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# --- Running the plan -----------------------------------------------------------------------------
@contextmanager
def _without_notifications() -> Iterator[None]:
    """The services tell trainees of each step; the seed does not (see the module docstring)."""
    original = enrolment_services.notify_on_commit

    def skip(**_kwargs: Any) -> None:
        return None

    enrolment_services.notify_on_commit = skip
    try:
        yield
    finally:
        enrolment_services.notify_on_commit = original


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


def _user(email: str, full_name: str, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, full_name=full_name, password=password)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _organisation(name: str, kind: str, country: str, city: str) -> Organisation:
    return Organisation.objects.filter(
        name=name, country_id=country
    ).first() or organisation_create(
        actor=None, name=name, kind=kind, country_code=country, city=city
    )


def _context() -> _Context:
    """Providers with their staff, in their partnerships; the ICT partnership if missing."""
    staff: dict[str, User] = {}
    organisations: dict[str, Organisation] = {}
    # One hash for the new staff logins, as in migrants.demo: they share the demo password.
    password = make_password(DEMO_PASSWORD)
    for key, p in PROVIDERS.items():
        organisation = _organisation(p.name, K.TRAINING_PROVIDER, p.country, p.city)
        user = _user(p.staff_email, p.staff_name, password)
        if not user.memberships.filter(organisation=organisation, is_active=True).exists():
            membership_grant(
                actor=None, user=user, organisation=organisation, role=Membership.Role.MANAGER
            )
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
    with _without_notifications():
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
