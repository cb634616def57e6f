"""The demo's plan as plain data: providers, newcomers, programmes, cohorts and the outcome
mixes each draws from (see ``training.demo``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from accounts.models import Organisation
from core.demo import OFFICER_DE
from migrants.models import MigrantProfile
from partnerships.models import PartnershipMember
from training.models import Cohort, Enrolment, OutcomeFollowUp, Programme, Track

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
    sector: str | None = None  # a ``taxonomy.Sector`` code


P = Programme.Kind
D = Programme.DeliveryMode
T = Programme.Tracks

# Tables of cohorts and people: kept packed, one cohort or person a line or two.
# fmt: off
PROGRAMMES: list[DemoProgramme] = [
    DemoProgramme(
        key="casablanca-web",
        sector="ict",
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
        sector="ict",
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
        sector="construction",
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
        sector="health_care",
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
