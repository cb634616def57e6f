"""The world the permission matrix (tests/test_permission_matrix.py) walks: two complete sides, A
and B, each with a person and every organisation that works on their case, and a record of every
kind the routes are about. A user of side A is a stranger to side B's records and the other way
round, so each route can be tried on an own and on a foreign record by the same kind of user.

Everything is built through the services, as the portal's users would build it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.services import api_token_create
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from employers.services.searches import saved_search_create
from employers.tests.factories import interest_in, open_vacancy, pool_candidate
from matching import internal as matching_internal
from migrants.models import ConsentGrant, MigrantProfile
from migrants.passport.selectors import passport_items
from migrants.passport.services import share_create
from migrants.services.duplicates import duplicates_flag
from migrants.tests.factories import document, fill_profile, grant, registered_in_person
from partnerships.models import Partnership, PartnershipMember
from partnerships.services.documents import document_upload
from partnerships.tests.factories import (
    add_member,
    government_officer_of,
    ledger_line,
    make_partnership,
)
from recognition.models import RecognitionRequest
from recognition.services.requests import message_post
from recognition.tests.factories import DECIDED, authority, take_step
from tests import hostile_files
from training.models import Enrolment
from training.tests.factories import (
    Setting,
    certified,
    checked_import,
    enrol,
    fund,
    make_cohort,
    participant_file,
    programme_input,
)

# The country each side's people and organisations are in.
ORIGIN = {"A": "MA", "B": "PH"}
DESTINATION = {"A": "BE", "B": "DE"}


@dataclass
class Side:
    """One side's users (by role) and records (by the name the matrix fills URLs with)."""

    name: str
    users: dict[str, User] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    sides: dict[str, Side]
    agency: User
    admin: User

    def user(self, role: str) -> User | None:
        """The user of ``role``: ``migrant`` (side A), ``other migrant`` (side B), ... or None
        for ``anonymous``."""
        if role == "anonymous":
            return None
        if role == "agency":
            return self.agency
        if role == "admin":
            return self.admin
        side, _, kind = role.partition(":")
        return self.sides[side].users[kind]


def _staff_of(kind: str, country: str, name: str) -> User:
    organisation = OrganisationFactory.create(kind=kind, country_id=country, name=name)
    return MembershipFactory.create(organisation=organisation).user


def _side(name: str) -> Side:
    side = Side(name)
    origin, destination = ORIGIN[name], DESTINATION[name]
    tag = f"Side {name}"

    # The partnership, led by this side's government, with its provider and employer as members.
    officer = government_officer_of(destination, name=f"{tag} ministry")
    partnership = make_partnership(
        officer,
        status=Partnership.Status.ACTIVE,
        title=f"{tag} partnership",
        origin_countries=[origin],
        destination_countries=[destination],
    )
    provider_staff = _staff_of(Organisation.Kind.TRAINING_PROVIDER, origin, f"{tag} academy")
    provider = provider_staff.memberships.get().organisation
    add_member(partnership, officer, provider, PartnershipMember.Role.TRAINING_PROVIDER)
    employer = _staff_of(Organisation.Kind.EMPLOYER, destination, f"{tag} employer")
    add_member(
        partnership,
        officer,
        employer.memberships.get().organisation,
        PartnershipMember.Role.EMPLOYER,
    )
    member = partnership.members.get(organisation=provider)
    cost = ledger_line(officer, partnership, "100.00", officer.memberships.get().organisation_id)
    partnership_document = document_upload(
        actor=officer,
        partnership_id=partnership.pk,
        upload=SimpleUploadedFile("mou.pdf", hostile_files.pdf()),
        title="Memorandum",
        kind="agreement",
    )

    # The person: self-registered, a full profile, consent to the destination pool.
    person, profile = pool_candidate(
        n=1 if name == "A" else 2,
        destination=destination,
        given_names=f"Person{name}",
        nationality=origin,
        country_of_residence=origin,
    )
    qualification = fill_profile(person, profile)
    diploma = document(person, qualification)

    # Training: a published programme, funded; the person applied to one cohort and was
    # certified in another; a participant file checked and waiting to be confirmed.
    from training.services import programme_apply_action, programme_create

    programme = programme_create(
        actor=provider_staff,
        data=programme_input(provider, partnership_id=partnership.pk, title=f"{tag} bootcamp"),
    )
    programme_apply_action(actor=provider_staff, programme_id=programme.pk, action="publish")
    setting = Setting(provider, provider_staff, officer, partnership, programme)
    fund(setting)
    funding_line = programme.funding.get()
    cohort = make_cohort(setting, code=f"{name}-2027-01")
    grant(person, profile, ConsentGrant.Purpose.COUNSELLING, organisation_id=provider.pk)
    applied = enrol(setting, cohort, profile, status=Enrolment.Status.APPLIED, track="away")
    cohort_done = make_cohort(setting, code=f"{name}-2027-02")
    counselled = registered_in_person(provider_staff, given_names=f"Trainee{name}")
    certificate_holder = certified(setting, cohort_done, counselled)
    newcomer = {
        "given_names": "Nadia",
        "family_name": "Berrada",
        "date_of_birth": "1996-05-04",
        "sex": "female",
        "nationality": origin,
        "email": f"nadia.{name.lower()}@example.org",
        "track": "away",
    }
    participant_file_checked = checked_import(
        provider_staff, cohort, "people.csv", participant_file(newcomer)
    )

    # Recognition: the person's qualification before this side's authority, decided, with a
    # message; the counselling provider holds counselling consent for the counselled trainee.
    organisation, recognition_officer = authority(destination)
    organisation.name = f"{tag} recognition authority"
    organisation.save(update_fields=["name"])
    request = new_request_for(person, profile, qualification.pk, organisation)
    for step in DECIDED:
        take_step(step, request, person, recognition_officer)
    request.refresh_from_db()
    message = message_post(actor=person, request_id=request.pk, body="Thank you")
    decision = request.decisions.get()
    recognition_share = profile.consents.get(purpose=ConsentGrant.Purpose.RECOGNITION_SHARE)

    # Employers: an open vacancy in this side's destination, the person in its pipeline, a saved
    # search and a match run.
    vacancy = open_vacancy(employer, title=f"{tag} developer", destination_country=destination)
    interest, _ = interest_in("accepted", vacancy, candidate=(person, profile))
    search = saved_search_create(
        actor=employer, vacancy_id=vacancy.pk, name="French speakers", params={"language": "fr"}
    )
    run = matching_internal.vacancy_rematch(vacancy.pk)

    # The person's passport, shared by a link; a second registration with their phone number.
    keys = [item.key for item in passport_items(profile)][:1]
    share, token = share_create(
        actor=person,
        profile_id=profile.pk,
        item_keys=keys,
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    lookalike = registered_in_person(
        provider_staff, given_names=f"Person{name}", phone=profile.phone, family_name="Haddad"
    )
    flags = duplicates_flag(profile=lookalike)

    tokens = {}
    for role, user in (("migrant", person), ("provider", provider_staff), ("employer", employer)):
        tokens[role], _ = api_token_create(user=user, name=f"{role} phone")

    side.users = {
        "migrant": person,
        "officer": officer,
        "recognition": recognition_officer,
        "provider": provider_staff,
        "employer": employer,
    }
    skill_entry = profile.skills.first()
    side.records = {
        "partnership": partnership,
        "member": member,
        "cost": cost,
        "partnership_document": partnership_document,
        "profile": profile,
        "skill_entry": skill_entry,
        "qualification": qualification,
        "qualification_document": diploma,
        "consent": recognition_share,
        "share": share,
        "share_token": token,
        "programme": programme,
        "funding_line": funding_line,
        "cohort": cohort,
        "enrolment": applied,
        "certificate": certificate_holder.certificate,
        "participant_import": participant_file_checked,
        "request": request,
        "decision": decision,
        "message": message,
        "vacancy": vacancy,
        "interest": interest,
        "saved_search": search,
        "run": run,
        "duplicate_flag": flags[0] if flags else None,
        "counselled": counselled,
        "tokens": tokens,
    }
    return side


def new_request_for(
    person: User, profile: MigrantProfile, qualification_id: int, organisation: Organisation
) -> RecognitionRequest:
    """The person's draft request to ``organisation`` for their qualification."""
    from recognition.services.requests import RequestInput, request_create
    from taxonomy.models import Occupation

    return request_create(
        actor=person,
        data=RequestInput(
            qualification_id=qualification_id,
            destination_country=organisation.country_id,
            authority_id=organisation.pk,
            purpose="regulated_profession",
            target_occupation_id=Occupation.objects.get(code="2221").pk,
        ),
    )


def build_world() -> World:
    sides = {name: _side(name) for name in ("A", "B")}
    agency = _staff_of(Organisation.Kind.RECRUITMENT_AGENCY, "BE", "Licensed agency")
    admin = User.objects.create_superuser("matrix-admin@example.org", "a-long-admin-password")
    return World(sides, agency, admin)
