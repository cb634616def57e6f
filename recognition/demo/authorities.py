"""Part of the recognition demo (see ``recognition.demo``): the authorities and their officers."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.internal import (
    demo_login_ensure,
    demo_membership_ensure,
    demo_organisation_ensure,
)
from accounts.models import Membership, Organisation, User
from recognition.models import AuthorityProfile
from taxonomy.models import Occupation

K = Organisation.Kind


# --- Authorities and their officers -----------------------------------------------------------
@dataclass(frozen=True)
class DemoAuthority:
    key: str  # its country
    name: str
    city: str
    academic: bool
    vocational: bool
    regulated: list[str]  # ISCO-08 unit groups
    days_to_acknowledge: int
    days_to_decide: int
    officers: list[tuple[str, str, str]]  # e-mail, name, role; the first does most of the work
    appeal_route: str
    appeal_route_court: str


AUTHORITIES = [
    DemoAuthority(
        key="DE",
        name="Health Professions Recognition Office (demo)",
        city="Bonn",
        academic=False,
        vocational=False,
        regulated=["2221", "2222", "5321"],
        days_to_acknowledge=30,
        days_to_decide=120,
        officers=[
            ("recognition@demo.example.org", "Jonas Fischer", Membership.Role.MANAGER),
            ("recognition.de@demo.example.org", "Miriam Hoffmann", Membership.Role.STAFF),
        ],
        appeal_route=(
            "Objection (Widerspruch) in writing to the Health Professions Recognition Office "
            "within one month of notification."
        ),
        appeal_route_court="Action before the administrative court of Cologne within one month.",
    ),
    DemoAuthority(
        key="BE",
        name="Belgian Qualifications Recognition Centre (demo)",
        city="Brussels",
        academic=True,
        vocational=True,
        regulated=[],
        days_to_acknowledge=30,
        days_to_decide=120,
        officers=[("recognition.be@demo.example.org", "Sofie Claes", Membership.Role.MANAGER)],
        appeal_route="Request for review to the Centre's appeal board within 30 days.",
        appeal_route_court="Appeal to the Council of State within 60 days.",
    ),
    DemoAuthority(
        key="LT",
        name="Lithuanian Qualifications Recognition Centre (demo)",
        city="Vilnius",
        academic=True,
        vocational=False,
        regulated=[],
        days_to_acknowledge=14,
        days_to_decide=60,
        officers=[
            ("recognition.lt@demo.example.org", "Rūta Jankauskienė", Membership.Role.MANAGER)
        ],
        appeal_route=(
            "Complaint to the Administrative Disputes Commission within one month of receipt."
        ),
        appeal_route_court="Appeal to the Regional Administrative Court within one month.",
    ),
]


@dataclass
class SeededAuthority:
    spec: DemoAuthority
    organisation: Organisation
    officers: list[User]


def seed_authorities() -> dict[str, SeededAuthority]:
    occupations = dict(
        Occupation.objects.filter(
            code__in=[c for a in AUTHORITIES for c in a.regulated], level=Occupation.Level.UNIT
        ).values_list("code", "pk")
    )
    result: dict[str, SeededAuthority] = {}
    for spec in AUTHORITIES:
        organisation = demo_organisation_ensure(
            name=spec.name, kind=K.RECOGNITION_AUTHORITY, country=spec.key, city=spec.city
        )
        profile, _created = AuthorityProfile.objects.get_or_create(
            organisation=organisation,
            defaults={
                "academic": spec.academic,
                "vocational": spec.vocational,
                "days_to_acknowledge": spec.days_to_acknowledge,
                "days_to_decide": spec.days_to_decide,
            },
        )
        profile.regulated_occupations.add(*[occupations[c] for c in spec.regulated])
        officers = []
        for email, name, role in spec.officers:
            officer = demo_login_ensure(email=email, full_name=name)
            demo_membership_ensure(user=officer, organisation=organisation, role=role)
            officers.append(officer)
        result[spec.key] = SeededAuthority(spec, organisation, officers)
    return result
