"""The demo world that several apps' demo data share (each app seeds its own records in its
``demo`` module; ``demo/`` runs them in order).

Plain data: the published password of the demo logins, the logins other apps' demo data refer
to, and the sectors the demo people work in (keyed by their starter skill family, the
``starter-<family>`` collection). The kernel imports no app, so neither does this.
"""

from __future__ import annotations

from dataclasses import dataclass

# A documented demo login; seed_demo refuses to create it outside debug.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105

ADMIN = "admin@demo.example.org"
OFFICER_BE = "officer.be@demo.example.org"
OFFICER_MA = "officer.ma@demo.example.org"
OFFICER_DE = "officer.de@demo.example.org"
COUNSELLOR = "provider@demo.example.org"
EMPLOYER = "employer@demo.example.org"
# The demo migrant whom every app's demo data tells a story about.
AMINA = "migrant@demo.example.org"


@dataclass(frozen=True)
class DemoSector:
    """The people of one sector: what they did, studied and hold, and where they worked."""

    occupations: list[str]  # ISCO-08 unit groups, most common first
    fields: list[str]  # ISCED-F 2013 narrow fields
    levels: list[tuple[int, int]]  # ISCED 2011 level, weight
    qualifications: list[tuple[str, int]]  # title, ISCED level
    employers: list[str]  # "{city}" is filled in


# The demo people per sector; each key is a starter skill family.
SECTORS: dict[str, DemoSector] = {
    "ict": DemoSector(
        occupations=["2512", "2514", "2513", "2522", "2523", "3512", "3511", "2529", "2166"],
        fields=["061"],
        levels=[(6, 5), (5, 3), (7, 2), (4, 1)],
        qualifications=[
            ("Bachelor of Science in Computer Science", 6),
            ("Bachelor in Software Engineering", 6),
            ("Master in Information Systems", 7),
            ("Advanced Technician Diploma in Software Development", 5),
            ("Cisco Certified Network Associate (CCNA)", 5),
            ("AWS Certified Cloud Practitioner", 5),
            ("Certificate in Web Development", 4),
        ],
        employers=[
            "{city} Software Solutions",
            "Atlas Digital Services",
            "{city} Telecom",
            "Nova IT Consulting",
            "{city} Fintech Startup",
        ],
    ),
    "health_care": DemoSector(
        occupations=["2221", "3221", "5321", "5322", "2264"],
        fields=["091", "092"],
        levels=[(6, 4), (5, 2), (4, 2), (3, 1)],
        qualifications=[
            ("Bachelor of Science in Nursing", 6),
            ("Diploma in General Nursing and Midwifery", 5),
            ("Caregiving Certificate (National Certificate II)", 4),
            ("Certificate in Elderly Care", 4),
            ("Bachelor of Physiotherapy", 6),
        ],
        employers=[
            "{city} General Hospital",
            "{city} Medical Centre",
            "St. Luke's Clinic {city}",
            "{city} Home Care Services",
            "Regional Hospital {city}",
        ],
    ),
    "construction": DemoSector(
        occupations=["7112", "7411", "7126", "7115", "7114", "7123", "7122", "7131", "9313"],
        fields=["073", "071"],
        levels=[(3, 4), (2, 3), (4, 2), (5, 1)],
        qualifications=[
            ("Vocational Certificate in Masonry", 3),
            ("Vocational Certificate in Electrical Installation", 3),
            ("Plumbing and Sanitary Installation Certificate", 3),
            ("Diploma in Civil Engineering Technology", 5),
            ("Certificate in Carpentry and Joinery", 3),
            ("Scaffolding Safety Certificate", 2),
        ],
        employers=[
            "{city} Construction Company",
            "{city} Building Contractors",
            "Horizon Builders",
            "{city} Electrical Works",
            "Al Noor Contracting",
        ],
    ),
    "manufacturing_welding": DemoSector(
        occupations=["7212", "7223", "7233", "7213", "8121", "9329"],
        fields=["071", "072"],
        levels=[(3, 4), (4, 2), (2, 2), (5, 1)],
        qualifications=[
            ("Welder Qualification to ISO 9606-1", 3),
            ("Vocational Diploma in Mechanical Manufacturing", 4),
            ("CNC Machine Operator Certificate", 3),
            ("Industrial Maintenance Technician Diploma", 5),
        ],
        employers=[
            "{city} Steel Works",
            "{city} Automotive Components",
            "Precision Metal Industries",
            "{city} Shipyard",
        ],
    ),
    "agriculture_food": DemoSector(
        occupations=["9211", "6111", "6112", "6113", "6121", "8160", "7511"],
        fields=["081", "072"],
        levels=[(2, 4), (1, 2), (3, 3), (4, 1)],
        qualifications=[
            ("Certificate in Greenhouse Horticulture", 3),
            ("Agricultural Technician Certificate", 4),
            ("Food Hygiene and HACCP Certificate", 3),
            ("Tractor and Farm Machinery Operation Certificate", 2),
        ],
        employers=[
            "{city} Agricultural Cooperative",
            "Valle Verde Farms",
            "{city} Packing House",
            "Sunrise Greenhouses",
        ],
    ),
    "hospitality": DemoSector(
        occupations=["5120", "5131", "9412", "4224", "3434", "9112", "7512", "5132"],
        fields=["101"],
        levels=[(3, 4), (4, 2), (2, 2), (5, 2)],
        qualifications=[
            ("Diploma in Culinary Arts", 4),
            ("Technician Diploma in Hotel Management", 5),
            ("Certificate in Food and Beverage Service", 3),
            ("Certificate in Housekeeping", 3),
            ("Pastry and Bakery Certificate", 3),
        ],
        employers=[
            "Hotel {city} Palace",
            "{city} Beach Resort",
            "Restaurant Le Jardin {city}",
            "{city} Grand Hotel",
            "Café Central {city}",
        ],
    ),
    "transport": DemoSector(
        occupations=["8332", "8322", "8344", "9333", "4321", "8350"],
        fields=["104"],
        levels=[(3, 4), (2, 3), (4, 2)],
        qualifications=[
            ("Professional Driving Licence Category C/CE", 3),
            ("Forklift Operator Certificate", 2),
            ("Basic Safety Training for Seafarers (STCW)", 3),
            ("Certificate in Warehouse and Logistics Operations", 3),
        ],
        employers=[
            "{city} Logistics",
            "TransCargo {city}",
            "{city} Port Services",
            "Express Freight Lines",
        ],
    ),
    "domestic_work": DemoSector(
        occupations=["9111", "5311", "5322", "5152"],
        fields=["092", "101"],
        levels=[(2, 4), (3, 3), (4, 1)],
        qualifications=[
            ("Household Services Certificate (National Certificate II)", 3),
            ("Certificate in Childcare", 3),
            ("Certificate in Home-based Elderly Care", 3),
        ],
        employers=["Private household, {city}", "{city} Domestic Services Agency"],
    ),
    "teaching": DemoSector(
        occupations=["2341", "2330", "2353", "2320", "2342"],
        fields=["011", "023"],
        levels=[(6, 5), (7, 2)],
        qualifications=[
            ("Bachelor of Education", 6),
            ("Postgraduate Diploma in Education", 7),
            ("Certificate in Teaching English to Speakers of Other Languages (CELTA)", 5),
        ],
        employers=["{city} Secondary School", "{city} Language Institute", "{city} Primary School"],
    ),
}
