"""Demo organisations and one login per role, modelled on the GFMD 2020 papers' examples.

Names of public bodies are the real institutions the seed papers mention; providers,
authorities and employers marked "(demo)" are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.internal import demo_login_ensure, demo_organisation_ensure
from accounts.models import Membership, Organisation
from accounts.services import membership_grant
from core.demo import (
    ADMIN,
    AMINA,
    COUNSELLOR,
    EMPLOYER,
    OFFICER_BE,
    OFFICER_DE,
    OFFICER_MA,
)

K = Organisation.Kind
ORGANISATIONS: list[tuple[str, str, str, str]] = [
    # name, kind, country, city
    (
        "Federal Public Service Employment, Labour and Social Dialogue",
        K.NATIONAL_GOVERNMENT,
        "BE",
        "",
    ),
    ("Enabel, Belgian development agency", K.INTERNATIONAL_ORGANISATION, "BE", "Brussels"),
    (
        "Ministry of Economic Inclusion, Small Business, Employment and Skills",
        K.NATIONAL_GOVERNMENT,
        "MA",
        "",
    ),
    (
        "ANAPEC, National Agency for the Promotion of Employment and Skills",
        K.NATIONAL_GOVERNMENT,
        "MA",
        "Casablanca",
    ),
    ("Federal Ministry of Labour and Social Affairs", K.NATIONAL_GOVERNMENT, "DE", "Berlin"),
    ("Department of Migrant Workers", K.NATIONAL_GOVERNMENT, "PH", "Manila"),
    ("Federal Ministry of Labour and Employment", K.NATIONAL_GOVERNMENT, "NG", "Abuja"),
    ("Ministry of Economy and Innovation", K.NATIONAL_GOVERNMENT, "LT", "Vilnius"),
    ("Municipality of Milan", K.LOCAL_GOVERNMENT, "IT", "Milan"),
    ("Municipality of Tunis", K.LOCAL_GOVERNMENT, "TN", "Tunis"),
    ("ICT Skills Academy Casablanca (demo)", K.TRAINING_PROVIDER, "MA", "Casablanca"),
    ("Lagos Digital Skills Centre (demo)", K.TRAINING_PROVIDER, "NG", "Lagos"),
    ("Manila Nursing Language School (demo)", K.TRAINING_PROVIDER, "PH", "Manila"),
    ("Health Professions Recognition Office (demo)", K.RECOGNITION_AUTHORITY, "DE", "Bonn"),
    ("Belgian Qualifications Recognition Centre (demo)", K.RECOGNITION_AUTHORITY, "BE", "Brussels"),
    ("Brussels Software House (demo)", K.EMPLOYER, "BE", "Brussels"),
    ("Vilnius Fintech Lab (demo)", K.EMPLOYER, "LT", "Vilnius"),
    ("Rhein Care Hospital Group (demo)", K.EMPLOYER, "DE", "Cologne"),
    ("Construction Workers' Union (demo)", K.TRADE_UNION, "BE", "Brussels"),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    organisation: str | None
    role_note: str


LOGINS: list[DemoLogin] = [
    DemoLogin(ADMIN, "Portal Administrator", None, "administrator"),
    DemoLogin(
        OFFICER_BE,
        "Lotte Peeters",
        "Federal Public Service Employment, Labour and Social Dialogue",
        "government officer (Belgium, destination)",
    ),
    DemoLogin(
        OFFICER_MA,
        "Youssef El Amrani",
        "Ministry of Economic Inclusion, Small Business, Employment and Skills",
        "government officer (Morocco, origin)",
    ),
    DemoLogin(
        OFFICER_DE,
        "Katrin Weber",
        "Federal Ministry of Labour and Social Affairs",
        "government officer (Germany, destination)",
    ),
    DemoLogin(
        "recognition@demo.example.org",
        "Jonas Fischer",
        "Health Professions Recognition Office (demo)",
        "recognition officer (Germany)",
    ),
    DemoLogin(
        COUNSELLOR,
        "Salma Bennani",
        "ICT Skills Academy Casablanca (demo)",
        "training provider (Morocco)",
    ),
    DemoLogin(
        EMPLOYER,
        "Pieter Janssens",
        "Brussels Software House (demo)",
        "employer (Belgium)",
    ),
    DemoLogin(AMINA, "Amina Haddad", None, "migrant (Morocco)"),
]


@transaction.atomic
def seed() -> list[DemoLogin]:
    by_name: dict[str, Organisation] = {}
    for name, kind, country, city in ORGANISATIONS:
        by_name[name] = demo_organisation_ensure(name=name, kind=kind, country=country, city=city)
    for spec in LOGINS:
        user = demo_login_ensure(
            email=spec.email,
            full_name=spec.full_name,
            superuser=spec.role_note == "administrator",
        )
        if spec.organisation:
            membership_grant(
                actor=None,
                user=user,
                organisation=by_name[spec.organisation],
                role=Membership.Role.MANAGER,
            )
    return LOGINS
