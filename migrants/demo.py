"""Demo migrants: about 200 people across the seed corridors of the GFMD 2020 paper (Morocco,
Tunisia, Nigeria, Kosovo, the Philippines, Mexico, Bangladesh, Sri Lanka and Nepal), plus a full
profile for the demo login migrant@demo.example.org (Amina Haddad, Morocco, ICT).

Everyone is invented: names are common given and family names of each country drawn at random,
phone numbers are in each country's mobile format but not real subscriptions, e-mail addresses are
on demo.example.org. Institutions named are real schools and training bodies of each country, used
only as plausible places to have studied. The people are generated from a fixed seed, so every run
produces the same ones; the generation does not read the database.

About 70% signed up themselves (a login ``migrant.NNNN@demo.example.org`` with the demo password);
about 30% were registered in person by the demo training provider's counsellor
(provider@demo.example.org) and have no login yet. Profiles, consents and disability information
go through the services, so each profile has its audit history and consent ledger; the generated
people's education, skills, languages, experience and qualifications are inserted in bulk (see
``_Entries``), Amina's one by one through the services. Idempotent: a demo migrant is recognised
by its contact e-mail, which is its login's address; existing ones are left alone.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from django.db import transaction

from accounts.internal import demo_login_ensure
from accounts.models import Organisation, User
from audit.services import audit_record
from core.demo import AMINA, COUNSELLOR, SECTORS
from migrants.models import (
    ConsentGrant,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    WorkExperience,
)
from migrants.services import (
    ConsentInput,
    ProfileInput,
    consent_grant,
    consent_withdraw,
    disability_set,
    education_add,
    experience_add,
    language_set,
    profile_create_by_counsellor,
    profile_create_for_self,
    qualification_add,
    skill_set,
)
from partnerships.models import Partnership
from partnerships.selectors import public_partnership_list
from taxonomy.models import ConceptSource, Occupation, Skill

SEED = 20261122
EMAIL = "migrant.{:04d}@demo.example.org"
# Dates are generated relative to a fixed day, so the people do not change with the calendar.
ANCHOR = date(2026, 6, 30)

CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]
MS = MigrantProfile.MigrationStatus
TRACK = MigrantProfile.TrackInterest
P = ProfileSkill.Proficiency
SELF = ProfileSkill.Evidence.SELF_DECLARED
ASSESSED = ProfileSkill.Evidence.ASSESSED
T = TypeVar("T")


@dataclass(frozen=True)
class Corridor:
    country: str
    count: int
    female: list[str]
    male: list[str]
    family: list[str]
    phone_prefix: str  # country code and mobile prefix
    phone_digits: int  # digits after the prefix
    native: list[tuple[str, int]]  # ISO 639-1 code, weight
    foreign: list[tuple[str, float, int, int]]  # code, probability, lowest and highest CEFR index
    contact: list[str]
    destinations: list[str]
    sectors: list[tuple[str, int]]
    women_share: float
    cities: list[str]
    universities: list[str]
    vocational: list[str]
    schools: list[str]
    two_surnames: bool = False


# Name lists are tables: kept packed, not one name a line.
# fmt: off
CORRIDORS: list[Corridor] = [
    Corridor(
        country="MA",
        count=36,
        female=[
            "Fatima Zahra", "Khadija", "Salma", "Imane", "Sanae", "Hajar", "Meryem", "Nadia",
            "Loubna", "Siham", "Ghizlane", "Hind", "Zineb", "Kawtar", "Asmae", "Oumaima",
        ],
        male=[
            "Youssef", "Mohamed", "Hamza", "Omar", "Ayoub", "Mehdi", "Anas", "Rachid", "Karim",
            "Soufiane", "Hicham", "Adil", "Ilyas", "Othmane", "Zakaria", "Badr",
        ],
        family=[
            "El Amrani", "Benali", "Alaoui", "Bennani", "Tazi", "El Idrissi", "Chraibi",
            "Berrada", "Ouazzani", "El Fassi", "Lahlou", "Benjelloun", "Ait Ouali", "Bouzid",
            "Zerouali", "El Khatib", "Naciri", "Belhaj", "Ait Benhaddou", "Moussaoui",
        ],
        phone_prefix="+2126",
        phone_digits=8,
        native=[("ar", 1)],
        foreign=[("fr", 0.9, 2, 4), ("en", 0.5, 1, 3), ("es", 0.15, 0, 2), ("de", 0.1, 0, 2)],
        contact=["fr", "fr", "ar"],
        destinations=["BE", "DE", "ES", "FR", "IT", "NL"],
        sectors=[
            ("ict", 4),
            ("hospitality", 2),
            ("construction", 2),
            ("manufacturing_welding", 1),
            ("agriculture_food", 1),
            ("health_care", 1),
        ],
        women_share=0.45,
        cities=["Casablanca", "Rabat", "Marrakech", "Fès", "Tangier", "Agadir", "Beni Mellal"],
        universities=[
            "Université Hassan II de Casablanca",
            "Université Mohammed V de Rabat",
            "Université Cadi Ayyad",
            "École Nationale Supérieure d'Informatique et d'Analyse des Systèmes",
        ],
        vocational=[
            "OFPPT, Institut Spécialisé de Technologie Appliquée",
            "OFPPT, Institut Spécialisé dans les Métiers de l'Hôtellerie et du Tourisme",
            "ICT Skills Academy Casablanca (demo)",
        ],
        schools=["Lycée Ibn Khaldoun", "Lycée Moulay Idriss", "Lycée Al Khawarizmi"],
    ),
    Corridor(
        country="TN",
        count=22,
        female=[
            "Ines", "Amira", "Rania", "Syrine", "Yasmine", "Mariem", "Sonia", "Olfa", "Rim",
            "Emna", "Nour", "Asma",
        ],
        male=[
            "Mohamed Amine", "Ahmed", "Skander", "Wassim", "Aymen", "Oussama", "Bilel", "Firas",
            "Haythem", "Nizar", "Sami", "Slim",
        ],
        family=[
            "Ben Salah", "Trabelsi", "Ben Ali", "Jebali", "Gharbi", "Hammami", "Mejri", "Dridi",
            "Chaabane", "Ayari", "Sassi", "Mansouri", "Khelifi", "Ben Youssef", "Jaziri",
        ],
        phone_prefix="+2162",
        phone_digits=7,
        native=[("ar", 1)],
        foreign=[("fr", 0.95, 3, 5), ("en", 0.6, 1, 4), ("it", 0.25, 0, 3), ("de", 0.15, 0, 2)],
        contact=["fr", "ar"],
        destinations=["BE", "DE", "IT", "FR"],
        sectors=[("ict", 3), ("manufacturing_welding", 2), ("hospitality", 2), ("health_care", 1)],
        women_share=0.45,
        cities=["Tunis", "Sfax", "Sousse", "Bizerte", "Monastir", "Nabeul"],
        universities=[
            "Université de Tunis El Manar",
            "Université de Sfax",
            "École Supérieure des Communications de Tunis",
        ],
        vocational=[
            "ATFP, Centre Sectoriel de Formation",
            "Tunis Digital Training Institute (demo)",
        ],
        schools=["Lycée Pilote de Tunis", "Lycée Bourguiba de Sfax"],
    ),
    Corridor(
        country="NG",
        count=26,
        female=[
            "Chiamaka", "Ngozi", "Aisha", "Funmilayo", "Blessing", "Adaeze", "Zainab", "Chioma",
            "Temitope", "Halima", "Ifeoma", "Folake",
        ],
        male=[
            "Chinedu", "Emeka", "Tunde", "Ibrahim", "Obinna", "Segun", "Musa", "Chukwuemeka",
            "Babajide", "Uchenna", "Yusuf", "Kelechi",
        ],
        family=[
            "Okafor", "Adeyemi", "Okonkwo", "Bello", "Eze", "Nwosu", "Adebayo", "Ogunleye",
            "Abubakar", "Okeke", "Balogun", "Chukwu", "Olawale", "Danjuma", "Afolabi",
        ],
        phone_prefix="+23480",
        phone_digits=8,
        native=[("yo", 3), ("ig", 3), ("ha", 2)],
        foreign=[("en", 1.0, 4, 5), ("fr", 0.1, 0, 2), ("de", 0.1, 0, 2)],
        contact=["en"],
        destinations=["LT", "DE", "GB", "CA", "BE"],
        sectors=[("ict", 5), ("health_care", 2), ("teaching", 1), ("transport", 1)],
        women_share=0.4,
        cities=["Lagos", "Abuja", "Ibadan", "Enugu", "Port Harcourt", "Kano"],
        universities=[
            "University of Lagos",
            "Obafemi Awolowo University",
            "University of Nigeria, Nsukka",
            "Ahmadu Bello University",
        ],
        vocational=["Yaba College of Technology", "Lagos Digital Skills Centre (demo)"],
        schools=["King's College Lagos", "Federal Government College Enugu"],
    ),
    Corridor(
        country="XK",
        count=20,
        female=[
            "Arta", "Blerta", "Drita", "Fjolla", "Vlora", "Albulena", "Donika", "Edona",
            "Liridona", "Teuta", "Besa",
        ],
        male=[
            "Arben", "Besnik", "Driton", "Fatmir", "Gentrit", "Labinot", "Valon", "Ilir",
            "Kushtrim", "Florent", "Blerim", "Agon",
        ],
        family=[
            "Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Hoxha", "Kastrati", "Bytyqi",
            "Rexhepi", "Hasani", "Aliu", "Kryeziu", "Ahmeti", "Zeqiri",
        ],
        phone_prefix="+38344",
        phone_digits=6,
        native=[("sq", 1)],
        foreign=[("de", 0.7, 0, 3), ("en", 0.7, 1, 4), ("sr", 0.2, 1, 3)],
        contact=["sq", "sq", "en"],
        destinations=["DE", "AT", "CH"],
        sectors=[
            ("construction", 4),
            ("manufacturing_welding", 2),
            ("health_care", 1),
            ("ict", 1),
            ("transport", 1),
        ],
        women_share=0.25,
        cities=["Pristina", "Prizren", "Peja", "Gjakova", "Mitrovica", "Ferizaj"],
        universities=["University of Prishtina", "University of Prizren"],
        vocational=[
            "Prizren Vocational Training Centre (demo)",
            "Vocational Training Centre Pristina",
        ],
        schools=["Sami Frashëri Gymnasium", "Xhavit Ahmeti Technical School"],
    ),
    Corridor(
        country="PH",
        count=28,
        female=[
            "Maria Cristina", "Jocelyn", "Rowena", "Analyn", "Mary Joy", "Kristine", "Rhea",
            "Jennifer", "Angelica", "Precious", "Lovely", "Charmaine",
        ],
        male=[
            "Juan Carlos", "Mark Anthony", "Jomar", "Rodel", "John Paul", "Ramil", "Arnel",
            "Joel", "Christian", "Jerome", "Renato", "Noel",
        ],
        family=[
            "Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz",
            "Villanueva", "Ramos", "Aquino", "Castillo", "Navarro", "Soriano", "Manalo",
        ],
        phone_prefix="+639",
        phone_digits=9,
        native=[("tl", 1)],
        foreign=[("en", 1.0, 3, 5), ("de", 0.35, 0, 3), ("ja", 0.1, 0, 2)],
        contact=["en", "en", "tl"],
        destinations=["DE", "JP", "CA", "GB", "SA"],
        sectors=[("health_care", 5), ("domestic_work", 2), ("hospitality", 2), ("transport", 1)],
        women_share=0.7,
        cities=["Manila", "Quezon City", "Cebu City", "Davao City", "Iloilo City", "Baguio"],
        universities=[
            "University of Santo Tomas",
            "University of the Philippines Manila",
            "Cebu Doctors' University",
            "West Visayas State University",
        ],
        vocational=[
            "TESDA Regional Training Center",
            "Manila Nursing Language School (demo)",
        ],
        schools=["Manila Science High School", "Cebu City National High School"],
    ),
    Corridor(
        country="MX",
        count=20,
        female=[
            "María Guadalupe", "Ana Laura", "Alejandra", "Verónica", "Daniela", "Fernanda",
            "Rosa Isela", "Claudia", "Itzel", "Yesenia", "Mariana",
        ],
        male=[
            "José Luis", "Miguel Ángel", "Jesús", "Francisco", "Alejandro", "Ricardo", "Eduardo",
            "Jorge", "Luis Fernando", "Ramón", "Héctor", "Juan Manuel",
        ],
        family=[
            "Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez",
            "Sánchez", "Ramírez", "Flores", "Torres", "Morales", "Vázquez", "Jiménez", "Ruiz",
        ],
        phone_prefix="+5255",
        phone_digits=8,
        native=[("es", 1)],
        foreign=[("en", 0.6, 0, 3), ("fr", 0.15, 0, 2)],
        contact=["es"],
        destinations=["CA", "US", "ES"],
        sectors=[
            ("agriculture_food", 5),
            ("construction", 2),
            ("hospitality", 1),
            ("transport", 1),
        ],
        women_share=0.3,
        cities=["Puebla", "Morelia", "Oaxaca", "Guadalajara", "Mexico City", "Zacatecas"],
        universities=[
            "Universidad Nacional Autónoma de México",
            "Universidad Autónoma Chapingo",
            "Benemérita Universidad Autónoma de Puebla",
        ],
        vocational=["CONALEP", "Centro de Bachillerato Tecnológico Agropecuario"],
        schools=["Escuela Secundaria Técnica", "Telesecundaria"],
        two_surnames=True,
    ),
    Corridor(
        country="BD",
        count=16,
        female=[
            "Nusrat", "Fatema", "Sharmin", "Tahmina", "Farzana", "Sadia", "Rokeya", "Nasrin",
            "Sumaiya",
        ],
        male=[
            "Rakibul", "Abdul Karim", "Rafiqul", "Shahidul", "Mahmudul", "Tanvir", "Arif",
            "Kamrul", "Sabbir", "Nazmul", "Mizanur", "Jahid",
        ],
        family=[
            "Hossain", "Rahman", "Islam", "Ahmed", "Khan", "Chowdhury", "Uddin", "Sarker",
            "Miah", "Haque", "Talukder", "Bhuiyan", "Alam",
        ],
        phone_prefix="+88017",
        phone_digits=8,
        native=[("bn", 1)],
        foreign=[("en", 0.8, 1, 3), ("ar", 0.25, 0, 1), ("hi", 0.2, 1, 3), ("it", 0.1, 0, 2)],
        contact=["bn", "bn", "en"],
        destinations=["IT", "MY", "AE", "SA", "DE"],
        sectors=[
            ("construction", 3),
            ("manufacturing_welding", 2),
            ("hospitality", 1),
            ("domestic_work", 1),
            ("transport", 1),
        ],
        women_share=0.25,
        cities=["Dhaka", "Chattogram", "Sylhet", "Khulna", "Rajshahi", "Cumilla"],
        universities=["University of Dhaka", "Bangladesh University of Engineering and Technology"],
        vocational=[
            "Bangladesh-Korea Technical Training Centre",
            "Technical Training Centre Cumilla",
        ],
        schools=["Dhaka Residential Model College", "Sylhet Government Pilot High School"],
    ),
    Corridor(
        country="LK",
        count=16,
        female=[
            "Nimali", "Dilani", "Kavindya", "Tharushi", "Sanduni", "Ishara", "Anusha",
            "Chathurika", "Kavitha", "Tharshini",
        ],
        male=[
            "Kasun", "Nuwan", "Chaminda", "Dinesh", "Lahiru", "Tharindu", "Ruwan", "Sampath",
            "Isuru", "Suresh", "Rajkumar",
        ],
        family=[
            "Perera", "Fernando", "Silva", "Jayasinghe", "Bandara", "Wickramasinghe",
            "Gunawardena", "Herath", "Dissanayake", "Wijesinghe", "Sivakumar", "Nadarajah",
            "Ratnayake",
        ],
        phone_prefix="+9477",
        phone_digits=7,
        native=[("si", 3), ("ta", 1)],
        foreign=[("en", 0.85, 2, 4), ("ar", 0.15, 0, 1), ("ko", 0.1, 0, 2), ("ja", 0.1, 0, 2)],
        contact=["en", "si"],
        destinations=["IT", "AE", "JP", "KR", "QA"],
        sectors=[
            ("domestic_work", 3),
            ("health_care", 2),
            ("hospitality", 2),
            ("construction", 1),
        ],
        women_share=0.55,
        cities=["Colombo", "Kandy", "Galle", "Kurunegala", "Jaffna", "Negombo"],
        universities=["University of Colombo", "University of Peradeniya"],
        vocational=[
            "Vocational Training Authority",
            "Sri Lanka Institute of Tourism and Hotel Management",
        ],
        schools=["Ananda College", "Visakha Vidyalaya", "Jaffna Hindu College"],
    ),
    Corridor(
        country="NP",
        count=16,
        female=[
            "Sita", "Anjali", "Sunita", "Pooja", "Srijana", "Sabina", "Kamala", "Bimala",
            "Sarita", "Manisha",
        ],
        male=[
            "Ram", "Bikash", "Suman", "Rajesh", "Prakash", "Dipendra", "Santosh", "Nabin",
            "Roshan", "Bishal", "Hari", "Krishna",
        ],
        family=[
            "Shrestha", "Thapa", "Gurung", "Tamang", "Rai", "Magar", "Sharma", "Adhikari",
            "Karki", "Bhandari", "Poudel", "Khadka", "Limbu", "Maharjan", "Basnet",
        ],
        phone_prefix="+97798",
        phone_digits=8,
        native=[("ne", 1)],
        foreign=[("hi", 0.6, 2, 4), ("en", 0.7, 1, 3), ("ja", 0.15, 0, 2), ("ko", 0.15, 0, 2)],
        contact=["ne", "ne", "en"],
        destinations=["JP", "MY", "AE", "QA", "DE", "KR"],
        sectors=[
            ("construction", 3),
            ("hospitality", 2),
            ("agriculture_food", 1),
            ("manufacturing_welding", 1),
            ("domestic_work", 1),
            ("transport", 1),
        ],
        women_share=0.3,
        cities=["Kathmandu", "Pokhara", "Biratnagar", "Butwal", "Dharan", "Chitwan"],
        universities=["Tribhuvan University", "Kathmandu University", "Pokhara University"],
        vocational=["CTEVT Technical School", "Balaju School of Engineering and Technology"],
        schools=["Budhanilkantha School", "Shree Janapriya Secondary School"],
    ),
]
# fmt: on


# Where people of the corridors live while abroad, for experience entries there.
ABROAD_CITIES: dict[str, list[str]] = {
    "BE": ["Brussels", "Antwerp"],
    "DE": ["Berlin", "Munich", "Cologne"],
    "ES": ["Madrid", "Almería"],
    "FR": ["Paris", "Lyon"],
    "IT": ["Milan", "Turin"],
    "NL": ["Rotterdam"],
    "LT": ["Vilnius"],
    "GB": ["London", "Manchester"],
    "CA": ["Leamington", "Toronto"],
    "AT": ["Vienna"],
    "CH": ["Zurich"],
    "JP": ["Tokyo", "Osaka"],
    "SA": ["Riyadh", "Jeddah"],
    "US": ["Fresno"],
    "MY": ["Kuala Lumpur"],
    "AE": ["Dubai", "Abu Dhabi"],
    "KR": ["Seoul"],
    "QA": ["Doha"],
}

CERTIFICATES: dict[str, list[tuple[str, list[str]]]] = {
    "de": [("Goethe-Zertifikat {level}", [""]), ("telc Deutsch {level}", [""])],
    "en": [("IELTS General Training", ["5.5", "6.0", "6.5", "7.0"]), ("TOEIC", ["785", "870"])],
    "fr": [("DELF {level}", [""])],
    "es": [("DELE {level}", [""])],
    "it": [("CILS {level}", [""])],
    "ja": [("JLPT", ["N4", "N5"])],
    "ko": [("TOPIK I", ["Level 2"])],
}

DISABILITIES: list[tuple[str, bool, str]] = [
    ("Hearing loss in the left ear; uses a hearing aid.", True, "Written instructions help."),
    ("Type 1 diabetes, well controlled.", True, "Regular short breaks for meals."),
    ("Partial loss of vision in one eye.", False, ""),
    ("Limited grip strength in the right hand after an accident.", True, "No heavy lifting."),
]


# A person's entries. Their fields are the arguments of the service that adds each
# (``education_add``, ``language_set``, ``experience_add``, ``qualification_add``): the demo
# login's entries go through those one by one, the others are built as rows (``_Entries``).
@dataclass(frozen=True)
class EducationSpec:
    isced_level: int
    institution: str
    country: str
    field_code: str | None
    start_year: int
    end_year: int


@dataclass(frozen=True)
class LanguageSpec:
    language: str
    understanding: str
    speaking: str
    writing: str
    certificate_name: str = ""
    certificate_score: str = ""
    certificate_date: date | None = None


@dataclass(frozen=True)
class ExperienceSpec:
    occupation: str  # ISCO-08 unit group
    country: str
    started_on: date
    ended_on: date | None
    employer: str


@dataclass(frozen=True)
class QualificationSpec:
    title: str
    institution: str
    country: str
    isced_level: int
    field_code: str
    awarded_on: date


@dataclass
class DemoMigrant:
    index: int
    email: str
    in_person: bool
    profile: ProfileInput
    occupations: list[str]  # preferred, as ISCO-08 unit groups
    education: list[EducationSpec] = field(default_factory=list)
    skills: list[tuple[str, str, str]] = field(default_factory=list)  # label, proficiency, evidence
    languages: list[LanguageSpec] = field(default_factory=list)
    experience: list[ExperienceSpec] = field(default_factory=list)
    qualifications: list[QualificationSpec] = field(default_factory=list)
    destinations_consented: list[str] = field(default_factory=list)
    partnership_pool: bool = False
    statistics: bool = False
    statistics_withdrawn: bool = False
    disability: tuple[str, bool, str] | None = None


def _weighted(rng: random.Random, options: list[tuple[T, int]]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _levels(rng: random.Random, low: int, high: int) -> tuple[str, str, str]:
    """Understanding, speaking, writing: people usually understand best and write least well."""
    understanding = rng.randint(low, high)
    speaking = max(0, understanding - rng.choice([0, 0, 1]))
    writing = max(0, speaking - rng.choice([0, 1]))
    return CEFR[understanding], CEFR[speaking], CEFR[writing]


def _phone(rng: random.Random, corridor: Corridor, index: int) -> str:
    # The last four digits are the person's number in the demo, so phones never collide.
    middle = "".join(str(rng.randint(0, 9)) for _ in range(corridor.phone_digits - 4))
    return f"{corridor.phone_prefix}{middle}{index:04d}"


def _person(
    rng: random.Random, index: int, corridor: Corridor, skills: dict[str, list[str]]
) -> DemoMigrant:
    female = rng.random() < corridor.women_share
    given = rng.choice(corridor.female if female else corridor.male)
    family = rng.choice(corridor.family)
    if corridor.two_surnames:
        family = f"{family} {rng.choice([f for f in corridor.family if f != family])}"
    age = rng.choices(range(20, 50), weights=[4] * 10 + [3] * 10 + [1] * 10)[0]
    born = date(ANCHOR.year - age, rng.randint(1, 12), rng.randint(1, 28))
    sex = MigrantProfile.Sex.FEMALE if female else MigrantProfile.Sex.MALE
    if rng.random() < 0.03:
        sex = MigrantProfile.Sex.UNDISCLOSED
    sector = _weighted(rng, corridor.sectors)
    spec = SECTORS[sector]
    destinations = rng.sample(corridor.destinations, rng.choice([1, 1, 2]))
    status = _weighted(rng, [(MS.PROSPECTIVE, 70), (MS.ABROAD, 15), (MS.RETURNED, 15)])
    residence = rng.choice(destinations) if status == MS.ABROAD else corridor.country
    returned_from = rng.choice(corridor.destinations) if status == MS.RETURNED else None
    email = EMAIL.format(index)
    person = DemoMigrant(
        index=index,
        email=email,
        in_person=rng.random() < 0.3,
        occupations=rng.sample(spec.occupations[:4], rng.choice([1, 1, 2])),
        profile=ProfileInput(
            given_names=given,
            family_name=family,
            date_of_birth=born,
            sex=sex,
            nationality=corridor.country,
            country_of_residence=residence,
            phone=_phone(rng, corridor, index),
            contact_email=email,
            contact_language=rng.choice(corridor.contact),
            migration_status=status,
            returned_from=returned_from,
            preferred_destinations=destinations,
            available_from=date(ANCHOR.year + rng.choice([0, 1, 1, 2]), rng.randint(1, 12), 1),
            track_interest=_weighted(rng, [(TRACK.AWAY, 60), (TRACK.BOTH, 30), (TRACK.HOME, 10)]),
        ),
    )

    # Education: the highest level reached, and the school before it for half the graduates.
    level = _weighted(rng, spec.levels)
    end_year = min(born.year + 16 + level + rng.randint(0, 3), ANCHOR.year - 1)
    duration = {1: 6, 2: 3, 3: 3, 4: 2, 5: 2, 6: 3, 7: 2}[level]
    if level >= 5:
        institution = rng.choice(corridor.universities)
    elif level >= 3:
        institution = rng.choice(corridor.vocational)
    else:
        institution = rng.choice(corridor.schools)
    person.education.append(
        EducationSpec(
            isced_level=level,
            institution=institution,
            country=corridor.country,
            field_code=rng.choice(spec.fields) if level >= 3 else None,
            start_year=end_year - duration,
            end_year=end_year,
        )
    )
    if level >= 5 and rng.random() < 0.5:
        person.education.append(
            EducationSpec(
                isced_level=3,
                institution=rng.choice(corridor.schools),
                country=corridor.country,
                field_code=None,
                start_year=end_year - duration - 3,
                end_year=end_year - duration,
            )
        )

    # Experience: up to three jobs, the most recent first, working back from the anchor date.
    months_worked = 0
    cursor = ANCHOR.year * 12 + ANCHOR.month - 1
    for job in range(_weighted(rng, [(0, 15), (1, 40), (2, 30), (3, 15)])):
        months = rng.randint(8, 48)
        start = cursor - months
        if start < end_year * 12 + 6:
            break  # not before they left school
        country = corridor.country
        if status == MS.ABROAD and job == 0:
            country = residence
        elif status == MS.RETURNED and job == 1 and returned_from is not None:
            country = returned_from
        place = rng.choice(ABROAD_CITIES.get(country, corridor.cities))
        person.experience.append(
            ExperienceSpec(
                occupation=rng.choice(spec.occupations[:3]),
                country=country,
                started_on=_month(start),
                ended_on=None if job == 0 and rng.random() < 0.4 else _month(cursor),
                employer=rng.choice(spec.employers).format(city=place),
            )
        )
        months_worked += months
        cursor = start - rng.randint(1, 8)

    # Skills: several of the sector's starter skills and one transversal skill.
    strength = [P.BASIC, P.INTERMEDIATE, P.ADVANCED, P.EXPERT]
    base = min(3, months_worked // 36 + (1 if level >= 5 else 0))
    labels = [*rng.sample(skills[sector], rng.randint(2, 7)), rng.choice(skills["transversal"])]
    person.skills = [
        (
            label,
            strength[max(0, min(3, base + rng.choice([-1, 0, 0, 1])))],
            _weighted(rng, [(SELF, 85), (ASSESSED, 15)]),
        )
        for label in labels
    ]

    # Languages: the mother tongue and up to two others.
    native = _weighted(rng, corridor.native)
    person.languages.append(LanguageSpec(native, "C2", "C2", "C2"))
    foreign = [f for f in corridor.foreign if f[0] != native and rng.random() < f[1]][:2]
    for code, _probability, low, high in foreign:
        understanding, speaking, writing = _levels(rng, low, high)
        certificate: dict[str, Any] = {}
        if code in CERTIFICATES and CEFR.index(speaking) >= 2 and rng.random() < 0.4:
            name, scores = rng.choice(CERTIFICATES[code])
            certificate = {
                "certificate_name": name.format(level=speaking),
                "certificate_score": rng.choice(scores),
                "certificate_date": date(ANCHOR.year - rng.randint(0, 3), rng.randint(1, 12), 1),
            }
        person.languages.append(LanguageSpec(code, understanding, speaking, writing, **certificate))

    # Qualifications: up to two at or below the level of education reached.
    fitting = [q for q in spec.qualifications if q[1] <= max(level, 2)]
    for title, q_level in rng.sample(fitting, min(len(fitting), rng.choice([0, 1, 1, 2]))):
        person.qualifications.append(
            QualificationSpec(
                title=title,
                institution=rng.choice(
                    corridor.universities if q_level >= 5 else corridor.vocational
                ),
                country=corridor.country,
                isced_level=q_level,
                field_code=spec.fields[0],
                awarded_on=date(min(end_year + rng.randint(0, 2), ANCHOR.year - 1), 7, 1),
            )
        )

    # Consent: most want employers of the countries they prefer to find them.
    if rng.random() < 0.85:
        person.destinations_consented = destinations
    person.partnership_pool = rng.random() < 0.4
    person.statistics = rng.random() < 0.5
    person.statistics_withdrawn = person.statistics and rng.random() < 0.1
    if rng.random() < 0.04:
        person.disability = rng.choice(DISABILITIES)
    return person


def demo_migrants(skills: dict[str, list[str]]) -> list[DemoMigrant]:
    """The generated people, the same on every call for the same starter skills
    (``skills``: the starter skill labels of each sector, sorted)."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
    people: list[DemoMigrant] = []
    for corridor in CORRIDORS:
        for _ in range(corridor.count):
            people.append(_person(rng, len(people) + 1, corridor, skills))
    # The last Moroccan is registered in person although they had signed up themselves as the
    # third: the officers' duplicate queue has a case to review.
    first, twin = people[2], people[CORRIDORS[0].count - 1]
    first.in_person, twin.in_person = False, True
    twin.profile.given_names = first.profile.given_names
    twin.profile.family_name = first.profile.family_name
    twin.profile.date_of_birth = first.profile.date_of_birth
    twin.profile.sex = first.profile.sex
    return people


def amina() -> DemoMigrant:
    """The demo login's own profile: a Moroccan software developer aiming for Belgium."""
    return DemoMigrant(
        index=0,
        email=AMINA,
        in_person=False,
        occupations=["2512", "2514"],
        profile=ProfileInput(
            given_names="Amina",
            family_name="Haddad",
            date_of_birth=date(1998, 4, 12),
            sex=MigrantProfile.Sex.FEMALE,
            nationality="MA",
            country_of_residence="MA",
            phone="+212612345678",
            contact_email=AMINA,
            contact_language="fr",
            preferred_destinations=["BE", "DE"],
            available_from=date(2027, 1, 1),
            track_interest=TRACK.BOTH,
        ),
        education=[
            EducationSpec(6, "Université Hassan II de Casablanca", "MA", "061", 2016, 2019),
            EducationSpec(3, "Lycée Al Khawarizmi, Casablanca", "MA", None, 2013, 2016),
        ],
        skills=[
            ("Python (computer programming)", P.ADVANCED, ASSESSED),
            ("SQL", P.ADVANCED, SELF),
            ("JavaScript", P.INTERMEDIATE, SELF),
            ("web programming", P.ADVANCED, SELF),
            ("debug software", P.ADVANCED, SELF),
            ("Git", P.INTERMEDIATE, SELF),
            ("work in teams", P.ADVANCED, SELF),
        ],
        languages=[
            LanguageSpec("ar", "C2", "C2", "C2"),
            LanguageSpec("fr", "C1", "C1", "B2", "DELF B2", "", date(2018, 6, 1)),
            LanguageSpec("en", "B2", "B1", "B1"),
        ],
        experience=[
            ExperienceSpec("2512", "MA", date(2021, 3, 1), None, "Casablanca Fintech Startup"),
            ExperienceSpec(
                "2514", "MA", date(2019, 9, 1), date(2021, 2, 1), "Atlas Digital Services"
            ),
        ],
        qualifications=[
            QualificationSpec(
                title="Licence professionnelle en développement informatique",
                institution="Université Hassan II de Casablanca",
                country="MA",
                isced_level=6,
                field_code="061",
                awarded_on=date(2019, 7, 15),
            )
        ],
        destinations_consented=["BE", "DE"],
        statistics=True,
    )


# --- Writing them -----------------------------------------------------------------------------
@dataclass
class _Context:
    """What the people refer to by label or code, loaded once per run."""

    counsellor: User
    organisation_id: int
    skill_ids: dict[str, int]
    occupation_ids: dict[str, int]
    partnership_by_origin: dict[str, int]


def _starter_skills() -> dict[str, list[str]]:
    """Starter skill labels per family (the ``starter-<family>`` collection: a key of
    ``SECTORS``, or ``transversal``)."""
    by_family: dict[str, list[str]] = {}
    starter = Skill.objects.filter(
        source=ConceptSource.STARTER, collections__code__startswith="starter-"
    ).order_by("preferred_label", "pk")
    for label, collection in starter.values_list("preferred_label", "collections__code"):
        by_family.setdefault(collection.removeprefix("starter-"), []).append(label)
    return by_family


def _context() -> _Context:
    counsellor = User.objects.get(email=COUNSELLOR)
    membership = counsellor.memberships.get(organisation__kind=Organisation.Kind.TRAINING_PROVIDER)
    partnership_by_origin: dict[str, int] = {}
    active = public_partnership_list().filter(status=Partnership.Status.ACTIVE).order_by("pk")
    for partnership in active:
        for country in partnership.origin_countries.all():
            partnership_by_origin.setdefault(country.code, partnership.pk)
    return _Context(
        counsellor=counsellor,
        organisation_id=membership.organisation_id,
        # Starter skills keep their label when an ESCO import links them (source becomes
        # "esco"), so look them up by label among all skills with a starter sector.
        skill_ids=dict(Skill.objects.exclude(sector="").values_list("preferred_label", "pk")),
        occupation_ids=dict(
            Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", "pk")
        ),
        partnership_by_origin=partnership_by_origin,
    )


def _entries_through_services(person: DemoMigrant, actor: User, pk: int, ctx: _Context) -> None:
    """One entry at a time, as the pages do: each is validated and audited. An entry's fields
    are its service's arguments (a skill and an experience name theirs by label and code)."""
    for e in person.education:
        education_add(actor=actor, profile_id=pk, **asdict(e))
    for skill in person.skills:
        skill_set(actor=actor, profile_id=pk, **_skill_fields(skill, ctx))
    for lang in person.languages:
        language_set(actor=actor, profile_id=pk, **asdict(lang))
    for x in person.experience:
        experience_add(actor=actor, profile_id=pk, **_experience_fields(x, ctx))
    for q in person.qualifications:
        qualification_add(actor=actor, profile_id=pk, **asdict(q))


def _skill_fields(skill: tuple[str, str, str], ctx: _Context) -> dict[str, Any]:
    label, proficiency, evidence = skill
    return {"skill_id": ctx.skill_ids[label], "proficiency": proficiency, "evidence": evidence}


def _experience_fields(x: ExperienceSpec, ctx: _Context) -> dict[str, Any]:
    fields = asdict(x)
    fields["occupation_id"] = ctx.occupation_ids[fields.pop("occupation")]
    return fields


# An entry's fields that name reference data by its code, and the model's field for that code.
_CODE_FIELDS = {
    "country": "country_id",
    "isced_level": "isced_level_id",
    "field_code": "field_id",
    "language": "language_id",
    "understanding": "understanding_id",
    "speaking": "speaking_id",
    "writing": "writing_id",
}


def _model_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {_CODE_FIELDS.get(name, name): value for name, value in fields.items()}


@dataclass
class _Entries:
    """Entries of many generated people, written in one INSERT per table.

    Adding them one by one through the services checks permissions and writes an audit event
    per row: about 2,500 calls and two thirds of the run. The values are generated from the
    reference data just loaded, so they are valid by construction; each profile still gets one
    audit event saying what was added.
    """

    education: list[Education] = field(default_factory=list)
    skills: list[ProfileSkill] = field(default_factory=list)
    languages: list[LanguageSkill] = field(default_factory=list)
    experience: list[WorkExperience] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)

    def add(self, person: DemoMigrant, profile: MigrantProfile, ctx: _Context) -> None:
        self.education += [
            Education(profile=profile, **_model_fields(asdict(e))) for e in person.education
        ]
        self.skills += [
            ProfileSkill(profile=profile, **_skill_fields(skill, ctx)) for skill in person.skills
        ]
        self.languages += [
            LanguageSkill(profile=profile, **_model_fields(asdict(lang)))
            for lang in person.languages
        ]
        self.experience += [
            WorkExperience(profile=profile, **_model_fields(_experience_fields(x, ctx)))
            for x in person.experience
        ]
        self.qualifications += [
            Qualification(profile=profile, **_model_fields(asdict(q)))
            for q in person.qualifications
        ]
        audit_record(
            actor=None,
            action="migrants.demo_entries.added",
            target=profile,
            data={
                "education": len(person.education),
                "skills": len(person.skills),
                "languages": len(person.languages),
                "experience": len(person.experience),
                "qualifications": len(person.qualifications),
            },
        )

    def save(self) -> None:
        Education.objects.bulk_create(self.education)
        ProfileSkill.objects.bulk_create(self.skills)
        LanguageSkill.objects.bulk_create(self.languages)
        WorkExperience.objects.bulk_create(self.experience)
        Qualification.objects.bulk_create(self.qualifications)


def _create(
    person: DemoMigrant, user: User | None, ctx: _Context, entries: _Entries | None
) -> MigrantProfile:
    """Create one person through the services; their entries too unless ``entries`` collects
    them for a bulk insert."""
    data = replace(
        person.profile, preferred_occupations=[ctx.occupation_ids[c] for c in person.occupations]
    )
    if user is not None:
        profile = profile_create_for_self(user=user, data=data)
        actor, channel = user, ConsentGrant.Channel.WEB
    else:
        profile = profile_create_by_counsellor(
            actor=ctx.counsellor, organisation_id=ctx.organisation_id, data=data
        )
        actor, channel = ctx.counsellor, ConsentGrant.Channel.IN_PERSON
    pk = profile.pk
    if entries is None:
        _entries_through_services(person, actor, pk, ctx)
    else:
        entries.add(person, profile, ctx)
    if person.disability is not None:
        if user is None:
            # Special-category data: the counsellor may record it only with its own consent.
            consent_grant(
                actor=actor,
                profile_id=pk,
                data=ConsentInput(
                    purpose=ConsentGrant.Purpose.DISABILITY_SHARE,
                    organisation_id=ctx.organisation_id,
                    channel=channel,
                ),
            )
        description, needs, notes = person.disability
        disability_set(
            actor=actor,
            profile_id=pk,
            description=description,
            needs_accommodation=needs,
            accommodation_notes=notes,
        )
    consents = [
        ConsentInput(purpose=ConsentGrant.Purpose.POOL_DESTINATION, country=code, channel=channel)
        for code in person.destinations_consented
    ]
    partnership_id = ctx.partnership_by_origin.get(person.profile.nationality or "")
    if person.partnership_pool and partnership_id is not None:
        consents.append(
            ConsentInput(
                purpose=ConsentGrant.Purpose.POOL_PARTNERSHIP,
                partnership_id=partnership_id,
                channel=channel,
            )
        )
    if person.statistics:
        consents.append(ConsentInput(purpose=ConsentGrant.Purpose.STATISTICS, channel=channel))
    for consent in consents:
        grant = consent_grant(actor=actor, profile_id=pk, data=consent)
        if consent.purpose == ConsentGrant.Purpose.STATISTICS and person.statistics_withdrawn:
            consent_withdraw(actor=actor, profile_id=pk, consent_id=grant.pk)
    return profile


@transaction.atomic
def seed() -> list[MigrantProfile]:
    """Create the demo migrants that do not exist yet; return all of them."""
    people = [amina(), *demo_migrants(_starter_skills())]
    emails = [p.email for p in people]
    existing = set(
        MigrantProfile.objects.filter(contact_email__in=emails).values_list(
            "contact_email", flat=True
        )
    )
    missing = [p for p in people if p.email not in existing]
    if missing:
        ctx = _context()
        entries = _Entries()
        for person in missing:
            user = None
            if not person.in_person:
                user = demo_login_ensure(
                    email=person.email,
                    full_name=f"{person.profile.given_names} {person.profile.family_name}",
                )
            # The demo login's own profile is built entry by entry, with its full history.
            _create(person, user, ctx, None if person.email == AMINA else entries)
        entries.save()
    return list(MigrantProfile.objects.filter(contact_email__in=emails))
