"""Demo partnerships modelled on the GFMD 2020 background paper "Skilling Migrants for
Employment" (textboxes 4 and 5, annex 1): PALIM, Belgium-Tunisia, Digital Explorers, the Kosovo
Skills Partnership for Mobility, German-Philippine nurse mobility, YGCA, MeNTOR and the
Canada-Mexico agreement.

Summaries paraphrase the paper. Public bodies are the real institutions; organisations marked
"(demo)", dates, targets, contact persons and amounts are illustrative. Everything is created
through the services, as an officer would, so it is valid and has a history. Idempotent: a
partnership whose title already exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import Organisation, User
from accounts.services import organisation_create
from core.demo import ADMIN, COUNSELLOR, EMPLOYER, OFFICER_BE, OFFICER_DE, OFFICER_MA
from partnerships.models import CostEntry, CostGroup, Partnership, PartnershipMember
from partnerships.services import (
    CityInput,
    CostInput,
    MemberInput,
    PartnershipInput,
    annual_target_set,
    cost_entry_record,
    member_add,
    partnership_apply_action,
    partnership_create,
)
from taxonomy.models import Occupation

K = Organisation.Kind
R = PartnershipMember.Role
S = Partnership.Status
G = CostGroup
COMMIT = CostEntry.Kind.COMMITMENT
SPEND = CostEntry.Kind.EXPENDITURE
PER_TRAINEE = CostEntry.Basis.PER_TRAINEE


# Organisations the partnerships need beyond the demo logins' own (accounts.demo, seeded first):
# name, kind, country, city.
EXTRA_ORGANISATIONS: list[tuple[str, str, str, str]] = [
    ("City of Turin", K.LOCAL_GOVERNMENT, "IT", "Turin"),
    ("Municipality of Sfax", K.LOCAL_GOVERNMENT, "TN", "Sfax"),
    ("Municipality of Beni Mellal", K.LOCAL_GOVERNMENT, "MA", "Beni Mellal"),
    ("Municipality of Tangier", K.LOCAL_GOVERNMENT, "MA", "Tangier"),
    ("Ministry of Vocational Training and Employment", K.NATIONAL_GOVERNMENT, "TN", "Tunis"),
    (
        "ANETI, National Agency for Employment and Self-Employment",
        K.NATIONAL_GOVERNMENT,
        "TN",
        "Tunis",
    ),
    ("Ministry of Finance, Labour and Transfers", K.NATIONAL_GOVERNMENT, "XK", "Pristina"),
    ("Ministry of Inclusion, Social Security and Migration", K.NATIONAL_GOVERNMENT, "ES", "Madrid"),
    ("Employment and Social Development Canada", K.NATIONAL_GOVERNMENT, "CA", "Gatineau"),
    ("Secretariat of Labour and Social Welfare", K.NATIONAL_GOVERNMENT, "MX", "Mexico City"),
    (
        "Federal Ministry for Economic Cooperation and Development (BMZ)",
        K.NATIONAL_GOVERNMENT,
        "DE",
        "Bonn",
    ),
    (
        "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
        K.INTERNATIONAL_ORGANISATION,
        "DE",
        "Eschborn",
    ),
    (
        "European Commission, Directorate-General for Migration and Home Affairs",
        K.FUNDER,
        "BE",
        "Brussels",
    ),
    (
        "International Centre for Migration Policy Development (ICMPD)",
        K.INTERNATIONAL_ORGANISATION,
        "AT",
        "Vienna",
    ),
    (
        "International Organization for Migration (IOM)",
        K.INTERNATIONAL_ORGANISATION,
        "CH",
        "Geneva",
    ),
    ("Flemish ICT Employers' Federation (demo)", K.EMPLOYERS_ASSOCIATION, "BE", "Brussels"),
    ("Tunis Digital Training Institute (demo)", K.TRAINING_PROVIDER, "TN", "Tunis"),
    ("Prizren Vocational Training Centre (demo)", K.TRAINING_PROVIDER, "XK", "Prizren"),
    ("Bavarian Crafts Employers' Association (demo)", K.EMPLOYERS_ASSOCIATION, "DE", "Munich"),
    ("Spanish Public Universities Consortium (demo)", K.TRAINING_PROVIDER, "ES", "Madrid"),
    ("Ontario Fruit and Vegetable Growers (demo)", K.EMPLOYERS_ASSOCIATION, "CA", "Leamington"),
    ("Essex County Greenhouses (demo)", K.EMPLOYER, "CA", "Leamington"),
]

DG_HOME = "European Commission, Directorate-General for Migration and Home Affairs"
ICMPD = "International Centre for Migration Policy Development (ICMPD)"
BE_LABOUR = "Federal Public Service Employment, Labour and Social Dialogue"
MA_LABOUR = "Ministry of Economic Inclusion, Small Business, Employment and Skills"
ENABEL = "Enabel, Belgian development agency"
DE_LABOUR = "Federal Ministry of Labour and Social Affairs"


@dataclass(frozen=True)
class Member:
    organisation: str
    role: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


# Members of both Moroccan-Belgian ICT partnerships (PALIM and its follow-up).
MA_MINISTRY = Member(MA_LABOUR, R.PARTNER_GOVERNMENT, "Youssef El Amrani", OFFICER_MA)
CASABLANCA_ACADEMY = Member(
    "ICT Skills Academy Casablanca (demo)", R.TRAINING_PROVIDER, "Salma Bennani", COUNSELLOR
)
BRUSSELS_SOFTWARE_HOUSE = Member(
    "Brussels Software House (demo)", R.EMPLOYER, "Pieter Janssens", EMPLOYER
)


@dataclass(frozen=True)
class Target:
    year: int
    train: int
    home: int
    away: int
    women: int | None


@dataclass(frozen=True)
class Cost:
    kind: str
    group: str
    amount: str
    payer: str | None  # an organisation's name; None: the migrants themselves
    description: str
    currency: str = "EUR"
    quantity: int | None = None  # per trainee when set, otherwise a lump sum
    occurred_on: date | None = None


@dataclass
class DemoPartnership:
    actor: str
    data: dict[str, Any]
    status: str
    lead: str | None = None  # for partnerships the administrator registers for a government
    members: list[Member] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    costs: list[Cost] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)  # ISCO-08 unit group codes


ALL_SAFEGUARDS = dict.fromkeys(Partnership.SAFEGUARD_FIELDS, True)

PARTNERSHIPS: list[DemoPartnership] = [
    DemoPartnership(
        actor=OFFICER_BE,
        status=S.CONCLUDED,
        data={
            "title": "PALIM: ICT talent for Morocco and Flanders",
            "kind": Partnership.Kind.PILOT,
            "instrument": Partnership.Instrument.MOU,
            "summary": (
                "An EU pilot project on legal migration linking Morocco's growing ICT sector with "
                "the shortage of qualified ICT workers in Flanders. Moroccan graduates receive "
                "technical and soft-skills training in Morocco; about half are then coached into "
                "jobs in Morocco and the other half prepare for jobs in Belgium. Enabel supports "
                "the Belgian and Moroccan authorities and strengthens employment and training "
                "services in Morocco so that both countries benefit from the mobility."
            ),
            "origin_countries": ["MA"],
            "destination_countries": ["BE"],
            "signed_on": date(2019, 2, 15),
            "start_on": date(2019, 3, 1),
            "end_on": date(2021, 6, 30),
            "sectors": ["ict"],
            "gcm_objectives": [5, 18, 23],
            "sdg_targets": ["4.4", "8.8", "10.7", "17.17"],
            "covers_high_skill": True,
            "tracks": Partnership.Track.BOTH,
            "target_away_share": 50,
            "safeguards": {
                "employer_pays_recruitment": True,
                "rights_information": True,
                "anti_discrimination": True,
                "monitoring_plan": True,
            },
            "publish_costs": True,
        },
        occupations=["2512", "2513", "2514"],
        members=[
            MA_MINISTRY,
            Member(
                "ANAPEC, National Agency for the Promotion of Employment and Skills",
                R.PARTNER_GOVERNMENT,
                "Nadia Berrada",
                "n.berrada@anapec.demo.example.org",
            ),
            Member("Enabel, Belgian development agency", R.INTERNATIONAL_ORGANISATION),
            CASABLANCA_ACADEMY,
            BRUSSELS_SOFTWARE_HOUSE,
            Member(DG_HOME, R.FUNDER),
            Member(ICMPD, R.INTERNATIONAL_ORGANISATION),
        ],
        targets=[Target(2020, 60, 30, 30, 40), Target(2021, 60, 30, 30, 40)],
        costs=[
            Cost(COMMIT, G.TRAINING, "4500", DG_HOME, "Training in Morocco", quantity=120),
            Cost(SPEND, G.TRAINING, "498000", DG_HOME, "Two training cohorts, Casablanca"),
            Cost(SPEND, G.STAFFING, "185000", "Enabel, Belgian development agency", "Coordination"),
            Cost(
                SPEND,
                G.MIGRATION_VISA,
                "180",
                "Brussels Software House (demo)",
                "Single permit and visa fees",
                quantity=30,
            ),
            Cost(
                SPEND,
                G.MIGRATION_TRAVEL,
                "350",
                "Brussels Software House (demo)",
                "Flights to Brussels",
                quantity=30,
            ),
        ],
    ),
    DemoPartnership(
        actor=OFFICER_BE,
        status=S.NEGOTIATION,
        data={
            "title": "Belgium-Tunisia skills mobility partnership for ICT",
            "kind": Partnership.Kind.BILATERAL,
            "instrument": Partnership.Instrument.MOU,
            "summary": (
                "Paving the way for future labour migration between Tunisia and Belgium: the "
                "immigration office, the public employment services and employers' associations "
                "of both countries work together to assess labour market needs, streamline "
                "procedures and select candidates for ICT jobs in Belgium, with IOM."
            ),
            "origin_countries": ["TN"],
            "destination_countries": ["BE"],
            "sectors": ["ict"],
            "gcm_objectives": [5, 6, 18],
            "sdg_targets": ["8.8", "10.7"],
            "covers_medium_skill": True,
            "covers_high_skill": True,
            "tracks": Partnership.Track.AWAY,
            "safeguards": {"employer_pays_recruitment": True, "rights_information": True},
        },
        occupations=["2512", "2523", "3512"],
        members=[
            Member(
                "Ministry of Vocational Training and Employment",
                R.PARTNER_GOVERNMENT,
                "Amel Trabelsi",
                "a.trabelsi@mfpe.demo.example.org",
            ),
            Member(
                "ANETI, National Agency for Employment and Self-Employment", R.PARTNER_GOVERNMENT
            ),
            Member("International Organization for Migration (IOM)", R.INTERNATIONAL_ORGANISATION),
            Member("Flemish ICT Employers' Federation (demo)", R.EMPLOYERS_ASSOCIATION),
            Member("Tunis Digital Training Institute (demo)", R.TRAINING_PROVIDER),
        ],
        targets=[Target(2027, 40, 0, 40, 40), Target(2028, 60, 0, 60, 40)],
        costs=[
            Cost(COMMIT, G.TRAINING, "3000", BE_LABOUR, "Pre-departure ICT courses", quantity=40),
            Cost(
                COMMIT,
                G.MIGRATION_RECRUITMENT,
                "25000",
                "Flemish ICT Employers' Federation (demo)",
                "Selection and matching",
            ),
        ],
    ),
    DemoPartnership(
        actor=ADMIN,
        lead="Ministry of Economy and Innovation",
        status=S.ACTIVE,
        data={
            "title": "Digital Explorers: Nigerian ICT professionals in Lithuania",
            "kind": Partnership.Kind.PILOT,
            "instrument": Partnership.Instrument.MOU,
            "summary": (
                "A mobility scheme connecting talented Nigerian ICT professionals with the "
                "Lithuanian labour market through employment and internships. It opens career "
                "opportunities for Nigerian specialists and new markets for Lithuanian ICT "
                "companies, with long-term cooperation between the two countries in mind."
            ),
            "origin_countries": ["NG"],
            "destination_countries": ["LT"],
            "signed_on": date(2025, 1, 20),
            "start_on": date(2025, 3, 1),
            "end_on": date(2027, 12, 31),
            "sectors": ["ict"],
            "gcm_objectives": [5, 18, 23],
            "sdg_targets": ["4.4", "8.8", "10.7"],
            "covers_high_skill": True,
            "tracks": Partnership.Track.AWAY,
            "safeguards": {
                "employer_pays_recruitment": True,
                "rights_information": True,
                "grievance_mechanism": True,
                "monitoring_plan": True,
            },
            "publish_costs": True,
        },
        occupations=["2512", "2514", "2529"],
        members=[
            Member(
                "Federal Ministry of Labour and Employment",
                R.PARTNER_GOVERNMENT,
                "Chinedu Okafor",
                "c.okafor@labour.demo.example.org",
            ),
            Member("Lagos Digital Skills Centre (demo)", R.TRAINING_PROVIDER),
            Member("Vilnius Fintech Lab (demo)", R.EMPLOYER),
            Member(DG_HOME, R.FUNDER),
            Member(ICMPD, R.INTERNATIONAL_ORGANISATION),
        ],
        targets=[Target(2026, 60, 0, 45, 35), Target(2027, 80, 0, 60, 40)],
        costs=[
            Cost(COMMIT, G.TRAINING, "180000", DG_HOME, "Bootcamps and internships"),
            Cost(SPEND, G.TRAINING, "95000", DG_HOME, "First two bootcamps, Lagos"),
            Cost(
                SPEND,
                G.MIGRATION_VISA,
                "120",
                "Vilnius Fintech Lab (demo)",
                "National visa fees",
                quantity=25,
            ),
            Cost(
                SPEND,
                G.MIGRATION_TRAVEL,
                "650",
                "Vilnius Fintech Lab (demo)",
                "Flights Lagos-Vilnius",
                quantity=25,
            ),
            Cost(
                COMMIT,
                G.LIVING,
                "1200",
                "Ministry of Economy and Innovation",
                "Relocation and integration support",
                quantity=45,
            ),
        ],
    ),
    DemoPartnership(
        actor=OFFICER_DE,
        status=S.ACTIVE,
        data={
            "title": "Kosovo Skills Partnership for Mobility",
            "kind": Partnership.Kind.GLOBAL_SKILL_PARTNERSHIP,
            "instrument": Partnership.Instrument.MOC,
            "summary": (
                "Part of the BMZ-funded Migration & Diaspora Programme: vocational training to "
                "German standards, carried out in Kosovo and Germany, raises the standard of "
                "selected trades in Kosovo. Young professionals find better jobs in both "
                "countries, and those who return support the 'brain gain' of Kosovo."
            ),
            "origin_countries": ["XK"],
            "destination_countries": ["DE"],
            "signed_on": date(2025, 6, 12),
            "start_on": date(2025, 9, 1),
            "end_on": date(2028, 8, 31),
            "sectors": ["construction", "energy"],
            "gcm_objectives": [5, 18, 19, 23],
            "sdg_targets": ["4.3", "4.4", "8.8", "10.7"],
            "covers_medium_skill": True,
            "tracks": Partnership.Track.BOTH,
            "target_away_share": 40,
            "safeguards": {
                "employer_pays_recruitment": True,
                "social_protection_portability": True,
                "rights_information": True,
                "grievance_mechanism": True,
                "monitoring_plan": True,
            },
            "publish_costs": True,
        },
        occupations=["7411", "7126", "7212"],
        members=[
            Member(
                "Ministry of Finance, Labour and Transfers",
                R.PARTNER_GOVERNMENT,
                "Arben Krasniqi",
                "a.krasniqi@mflt.demo.example.org",
            ),
            Member("Federal Ministry for Economic Cooperation and Development (BMZ)", R.FUNDER),
            Member(
                "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
                R.INTERNATIONAL_ORGANISATION,
            ),
            Member("Prizren Vocational Training Centre (demo)", R.TRAINING_PROVIDER),
            Member("Bavarian Crafts Employers' Association (demo)", R.EMPLOYERS_ASSOCIATION),
        ],
        targets=[Target(2026, 100, 60, 40, 20), Target(2027, 120, 70, 50, 25)],
        costs=[
            Cost(
                COMMIT,
                G.TRAINING,
                "6000",
                "Federal Ministry for Economic Cooperation and Development (BMZ)",
                "Training on both tracks",
                quantity=100,
            ),
            Cost(
                SPEND,
                G.TRAINING,
                "210000",
                "Federal Ministry for Economic Cooperation and Development (BMZ)",
                "First cohort, Prizren",
            ),
            Cost(
                SPEND,
                G.STAFFING,
                "80000",
                "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
                "Programme coordination",
            ),
            Cost(
                COMMIT,
                G.MIGRATION_RECRUITMENT,
                "1000",
                "Bavarian Crafts Employers' Association (demo)",
                "Matching and recruitment",
                quantity=40,
            ),
            Cost(
                COMMIT,
                G.LIVING,
                "1800",
                "Bavarian Crafts Employers' Association (demo)",
                "German courses and housing",
                quantity=40,
            ),
        ],
    ),
    DemoPartnership(
        actor=OFFICER_DE,
        status=S.ACTIVE,
        data={
            "title": "Germany-Philippines nurse mobility agreement",
            "kind": Partnership.Kind.BILATERAL,
            "instrument": Partnership.Instrument.BLMA,
            "summary": (
                "Filipino nurses learn German and prepare for recognition of their "
                "qualifications before they leave, then work in German hospitals while their "
                "qualification is recognised. Employers bear recruitment, visa and travel costs; "
                "the Department of Migrant Workers oversees ethical recruitment."
            ),
            "origin_countries": ["PH"],
            "destination_countries": ["DE"],
            "signed_on": date(2025, 4, 10),
            "start_on": date(2025, 7, 1),
            "sectors": ["health_care"],
            "gcm_objectives": [5, 6, 18, 22],
            "sdg_targets": ["3.c", "8.8", "10.7"],
            "covers_high_skill": True,
            "tracks": Partnership.Track.AWAY,
            "safeguards": ALL_SAFEGUARDS,
        },
        occupations=["2221", "3221"],
        members=[
            Member(
                "Department of Migrant Workers",
                R.PARTNER_GOVERNMENT,
                "Maria Santos",
                "m.santos@dmw.demo.example.org",
            ),
            Member("Manila Nursing Language School (demo)", R.TRAINING_PROVIDER),
            Member(
                "Health Professions Recognition Office (demo)",
                R.RECOGNITION_AUTHORITY,
                "Jonas Fischer",
                "recognition@demo.example.org",
            ),
            Member("Rhein Care Hospital Group (demo)", R.EMPLOYER),
        ],
        targets=[Target(2026, 150, 0, 120, 70), Target(2027, 200, 0, 170, 70)],
        costs=[
            Cost(
                SPEND,
                G.TRAINING,
                "3500",
                "Rhein Care Hospital Group (demo)",
                "German to B2 in Manila",
                quantity=80,
            ),
            Cost(
                SPEND,
                G.MIGRATION_RECRUITMENT,
                "2000",
                "Rhein Care Hospital Group (demo)",
                "Ethical recruitment and placement",
                quantity=80,
            ),
            Cost(
                SPEND,
                G.MIGRATION_VISA,
                "75",
                "Rhein Care Hospital Group (demo)",
                "Visa fees",
                quantity=80,
            ),
            Cost(
                COMMIT,
                G.LIVING,
                "1000",
                "Rhein Care Hospital Group (demo)",
                "First month's housing",
                quantity=120,
            ),
        ],
    ),
    DemoPartnership(
        actor=ADMIN,
        lead="Ministry of Inclusion, Social Security and Migration",
        status=S.DRAFT,
        data={
            "title": "Young Generations as Change Agents (YGCA)",
            "kind": Partnership.Kind.PILOT,
            "instrument": Partnership.Instrument.MOU,
            "summary": (
                "A study mobility scheme between Morocco and Spain: Moroccan post-graduates "
                "strengthen their skills through a master's degree in Spain. Selected students "
                "then launch their own projects on return to Morocco, contributing to key social "
                "and economic sectors and to their communities of origin. This edition is being "
                "prepared."
            ),
            "origin_countries": ["MA"],
            "destination_countries": ["ES"],
            "sectors": ["education", "other"],
            "gcm_objectives": [5, 18, 19, 23],
            "sdg_targets": ["4.3", "4.b", "10.7"],
            "covers_high_skill": True,
            "tracks": Partnership.Track.AWAY,
            "safeguards": {"rights_information": True, "monitoring_plan": True},
        },
        occupations=["2421", "2422", "2631"],
        members=[
            MA_MINISTRY,
            Member("Spanish Public Universities Consortium (demo)", R.TRAINING_PROVIDER),
            Member(DG_HOME, R.FUNDER),
            Member(ICMPD, R.INTERNATIONAL_ORGANISATION),
        ],
        targets=[Target(2027, 25, 0, 25, 50), Target(2028, 30, 0, 30, 50)],
        costs=[
            Cost(COMMIT, G.TRAINING, "12000", DG_HOME, "Master's tuition", quantity=25),
            Cost(
                COMMIT,
                G.LIVING,
                "9000",
                "Ministry of Inclusion, Social Security and Migration",
                "Scholarship for living costs",
                quantity=25,
            ),
            Cost(
                COMMIT,
                G.RETURN,
                "5000",
                "Ministry of Inclusion, Social Security and Migration",
                "Seed grants for projects on return",
                quantity=10,
            ),
        ],
    ),
    DemoPartnership(
        actor=ADMIN,
        lead="Municipality of Milan",
        status=S.ACTIVE,
        data={
            "title": (
                "MeNTOR 2: Mediterranean Network for Training Orientation to Regular Migration"
            ),
            "kind": Partnership.Kind.CITY_TO_CITY,
            "instrument": Partnership.Instrument.MOU,
            "summary": (
                "A city-to-city partnership between Milan and Turin and Tunis, Sfax, Beni Mellal "
                "and Tangier. Young people from Morocco and Tunisia do traineeships in companies "
                "in Lombardy and Piedmont under article 27 of the Italian immigration rules, "
                "with coaching on job search and starting a business during and after their "
                "stay. The second edition expands the traineeships and supports start-ups in "
                "the cities of origin, in line with GCM objective 5."
            ),
            "origin_countries": ["MA", "TN"],
            "destination_countries": ["IT"],
            "cities": [
                CityInput("Milan", "IT", "destination"),
                CityInput("Turin", "IT", "destination"),
                CityInput("Tunis", "TN", "origin"),
                CityInput("Sfax", "TN", "origin"),
                CityInput("Beni Mellal", "MA", "origin"),
                CityInput("Tangier", "MA", "origin"),
            ],
            "signed_on": date(2025, 10, 1),
            "start_on": date(2026, 1, 15),
            "end_on": date(2027, 12, 31),
            "sectors": ["hospitality", "manufacturing"],
            "gcm_objectives": [5, 18, 19, 23],
            "sdg_targets": ["4.4", "8.6", "10.7"],
            "covers_low_skill": True,
            "covers_medium_skill": True,
            "tracks": Partnership.Track.AWAY,
            "safeguards": {
                "employer_pays_recruitment": True,
                "rights_information": True,
                "monitoring_plan": True,
            },
            "publish_costs": True,
        },
        occupations=["5120", "7223", "3322"],
        members=[
            Member("City of Turin", R.LOCAL_GOVERNMENT),
            Member("Municipality of Tunis", R.LOCAL_GOVERNMENT),
            Member("Municipality of Sfax", R.LOCAL_GOVERNMENT),
            Member("Municipality of Beni Mellal", R.LOCAL_GOVERNMENT),
            Member("Municipality of Tangier", R.LOCAL_GOVERNMENT),
            Member(DG_HOME, R.FUNDER),
            Member(ICMPD, R.INTERNATIONAL_ORGANISATION),
        ],
        targets=[Target(2026, 25, 0, 25, 40), Target(2027, 25, 0, 25, 50)],
        costs=[
            Cost(
                SPEND,
                G.TRAINING,
                "3200",
                "Municipality of Milan",
                "Traineeships and coaching",
                quantity=25,
            ),
            Cost(SPEND, G.MIGRATION_TRAVEL, "450", DG_HOME, "Travel to Italy", quantity=25),
            Cost(COMMIT, G.LIVING, "2400", "City of Turin", "Stipends and housing", quantity=25),
            Cost(COMMIT, G.RETURN, "4000", DG_HOME, "Start-up grants on return", quantity=20),
        ],
    ),
    DemoPartnership(
        actor=ADMIN,
        lead="Secretariat of Labour and Social Welfare",
        status=S.ACTIVE,
        data={
            "title": "Canada-Mexico bilateral labour migration agreement: seasonal agriculture",
            "kind": Partnership.Kind.BILATERAL,
            "instrument": Partnership.Instrument.BLMA,
            "summary": (
                "A bilateral labour migration agreement that governs seasonal work by Mexican "
                "workers on Canadian farms to overcome skills shortages, with a skills module: "
                "pre-departure orientation, health and safety training and recognition of "
                "experience across seasons. Employers pay travel and work permit costs."
            ),
            "origin_countries": ["MX"],
            "destination_countries": ["CA"],
            "signed_on": date(2024, 11, 20),
            "start_on": date(2025, 1, 1),
            "sectors": ["agriculture_food"],
            "gcm_objectives": [5, 6, 7, 22],
            "sdg_targets": ["8.8", "10.7", "10.c"],
            "covers_low_skill": True,
            "covers_medium_skill": True,
            "tracks": Partnership.Track.AWAY,
            "safeguards": {**ALL_SAFEGUARDS, "family_rights": False},
        },
        occupations=["6111", "6121", "9211"],
        members=[
            Member(
                "Employment and Social Development Canada",
                R.PARTNER_GOVERNMENT,
                "Emily Tremblay",
                "e.tremblay@esdc.demo.example.org",
            ),
            Member("Ontario Fruit and Vegetable Growers (demo)", R.EMPLOYERS_ASSOCIATION),
            Member("Essex County Greenhouses (demo)", R.EMPLOYER),
        ],
        targets=[Target(2026, 300, 0, 300, 10), Target(2027, 350, 0, 350, 12)],
        costs=[
            Cost(
                COMMIT,
                G.TRAINING,
                "450000",
                "Secretariat of Labour and Social Welfare",
                "Pre-departure orientation",
                currency="MXN",
            ),
            Cost(
                SPEND,
                G.MIGRATION_TRAVEL,
                "1100",
                "Essex County Greenhouses (demo)",
                "Return flights",
                currency="CAD",
                quantity=120,
            ),
            Cost(
                SPEND,
                G.MIGRATION_VISA,
                "155",
                "Ontario Fruit and Vegetable Growers (demo)",
                "Work permit fees",
                currency="CAD",
                quantity=300,
            ),
            # Shows the employer-pays check at work: a migration cost charged to the workers.
            Cost(
                SPEND,
                G.MIGRATION_VISA,
                "85",
                None,
                "Biometrics fee paid by workers at the visa centre (to be reimbursed)",
                currency="CAD",
                quantity=40,
            ),
        ],
    ),
    # The partnership the Casablanca web-developer bootcamp trains for (training.demo).
    DemoPartnership(
        actor=OFFICER_BE,
        status=Partnership.Status.ACTIVE,
        data={
            "title": "Morocco-Belgium ICT talent partnership (PALIM follow-up)",
            "kind": Partnership.Kind.GLOBAL_SKILL_PARTNERSHIP,
            "instrument": Partnership.Instrument.MOU,
            "summary": (
                "An illustrative follow-up to the PALIM pilot: Moroccan graduates train as "
                "web developers in Casablanca, then about half take jobs in Morocco (home "
                "track) and half prepare for jobs with Flemish and Brussels employers (away "
                "track). Enabel and the Moroccan ministry share the cost of each trainee; "
                "employers pay the migration costs of those who move."
            ),
            "origin_countries": ["MA"],
            "destination_countries": ["BE"],
            "signed_on": date(2024, 9, 16),
            "start_on": date(2024, 10, 1),
            "end_on": date(2028, 12, 31),
            "sectors": ["ict"],
            "gcm_objectives": [5, 18, 23],
            "sdg_targets": ["4.4", "8.8", "10.7"],
            "covers_medium_skill": True,
            "covers_high_skill": True,
            "tracks": Partnership.Track.BOTH,
            "target_away_share": 50,
            "safeguards": {
                "employer_pays_recruitment": True,
                "rights_information": True,
                "anti_discrimination": True,
                "monitoring_plan": True,
            },
            "publish_costs": True,
        },
        occupations=["2512", "2513"],
        members=[
            MA_MINISTRY,
            Member(
                "ANAPEC, National Agency for the Promotion of Employment and Skills",
                R.PARTNER_GOVERNMENT,
            ),
            Member(ENABEL, R.FUNDER),
            CASABLANCA_ACADEMY,
            BRUSSELS_SOFTWARE_HOUSE,
        ],
        targets=[
            Target(2025, 30, 12, 12, 40),
            Target(2026, 40, 15, 15, 40),
            Target(2027, 40, 15, 15, 45),
        ],
        # Training costs reach the ledger from the bootcamp's funding lines, as each cohort starts.
        costs=[
            Cost(
                CostEntry.Kind.EXPENDITURE,
                CostGroup.STAFFING,
                "60000",
                ENABEL,
                "Job coaching in Casablanca and Brussels",
            ),
            Cost(
                CostEntry.Kind.COMMITMENT,
                CostGroup.MIGRATION_VISA,
                "180",
                "Brussels Software House (demo)",
                "Single permit and visa fees",
                quantity=15,
            ),
        ],
    ),
]

PATHS: dict[str, list[str]] = {
    S.DRAFT: [],
    S.NEGOTIATION: ["start_negotiation"],
    S.ACTIVE: ["start_negotiation", "activate"],
    S.CONCLUDED: ["start_negotiation", "activate", "conclude"],
}


def _organisations() -> dict[str, Organisation]:
    """Every organisation the partnerships name, by name (the extra ones created if missing)."""
    for name, kind, country, city in EXTRA_ORGANISATIONS:
        if not Organisation.objects.filter(name__iexact=name, country_id=country).exists():
            organisation_create(actor=None, name=name, kind=kind, country_code=country, city=city)
    named = {spec.lead for spec in PARTNERSHIPS if spec.lead}
    named |= {m.organisation for spec in PARTNERSHIPS for m in spec.members}
    named |= {c.payer for spec in PARTNERSHIPS for c in spec.costs if c.payer}
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=named)}
    missing = named - set(by_name)
    if missing:
        raise LookupError(f"Seed the demo organisations first (accounts.demo): {sorted(missing)}")
    return by_name


def _create(spec: DemoPartnership, actor: User, orgs: dict[str, Organisation]) -> Partnership:
    occupations = dict(
        Occupation.objects.filter(
            code__in=spec.occupations, level=Occupation.Level.UNIT
        ).values_list("code", "pk")
    )
    missing = set(spec.occupations) - set(occupations)
    if missing:
        raise LookupError(f"ISCO-08 unit groups not loaded: {sorted(missing)}")
    data = PartnershipInput(
        **spec.data, occupations=[occupations[code] for code in spec.occupations]
    )
    lead = orgs[spec.lead].pk if spec.lead else None
    partnership = partnership_create(actor=actor, data=data, lead_organisation_id=lead)
    pk = partnership.pk
    for m in spec.members:
        member_add(
            actor=actor,
            partnership_id=pk,
            data=MemberInput(
                organisation_id=orgs[m.organisation].pk,
                role=m.role,
                contact_name=m.contact_name,
                contact_email=m.contact_email,
                contact_phone=m.contact_phone,
                joined_on=spec.data.get("signed_on"),
            ),
        )
    for t in spec.targets:
        annual_target_set(
            actor=actor,
            partnership_id=pk,
            year=t.year,
            people_to_train=t.train,
            home_track_placements=t.home,
            away_track_placements=t.away,
            min_women_share=t.women,
        )
    for c in spec.costs:
        cost_entry_record(
            actor=actor,
            partnership_id=pk,
            data=CostInput(
                kind=c.kind,
                cost_group=c.group,
                currency=c.currency,
                unit_amount=Decimal(c.amount),
                payer_id=orgs[c.payer].pk if c.payer else None,
                paid_by_migrants=c.payer is None,
                basis=PER_TRAINEE if c.quantity else CostEntry.Basis.LUMP_SUM,
                quantity=c.quantity or 1,
                description=c.description,
                occurred_on=c.occurred_on or spec.data.get("start_on"),
            ),
        )
    for action in PATHS[spec.status]:
        partnership_apply_action(actor=actor, partnership_id=pk, action=action, reason="Demo data")
    partnership.refresh_from_db()
    return partnership


@transaction.atomic
def seed() -> list[Partnership]:
    """Create the demo partnerships that do not exist yet (by title); return all of them."""
    orgs = _organisations()
    users = {u.email: u for u in User.objects.filter(email__in=[ADMIN, OFFICER_BE, OFFICER_DE])}
    existing = {
        p.title: p
        for p in Partnership.objects.filter(title__in=[s.data["title"] for s in PARTNERSHIPS])
    }
    return [
        existing.get(spec.data["title"]) or _create(spec, users[spec.actor], orgs)
        for spec in PARTNERSHIPS
    ]
