"""Programmes, cohorts and enrolments for tests, built through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from migrants.models import ConsentGrant, MigrantProfile
from migrants.tests.factories import grant, migrant_with_profile, registered_in_person
from partnerships.models import Partnership, PartnershipMember
from partnerships.tests.factories import add_member, government_officer_of, make_partnership
from taxonomy.models import Occupation, Skill
from training.imports import COLUMNS, import_upload, import_validate
from training.models import Cohort, Enrolment, ParticipantImport, Programme
from training.services import (
    CohortInput,
    ProgrammeInput,
    cohort_apply_action,
    cohort_create,
    enrolment_add,
    enrolment_apply_action,
    funding_line_set,
    programme_apply_action,
    programme_create,
)

ES = Enrolment.Status


@dataclass
class Setting:
    """A provider in a partnership with a government officer, and a certifying programme."""

    provider: Organisation
    staff: User
    officer: User
    partnership: Partnership
    programme: Programme


def provider_staff_of(country: str = "MA") -> User:
    organisation = OrganisationFactory.create(
        kind=Organisation.Kind.TRAINING_PROVIDER, country_id=country
    )
    return MembershipFactory.create(organisation=organisation).user


def programme_input(provider: Organisation, **overrides: Any) -> ProgrammeInput:
    values: dict[str, Any] = {
        "provider_id": provider.pk,
        "title": "Full-stack web developer bootcamp",
        "kind": Programme.Kind.VOCATIONAL,
        "location_country": "MA",
        "hours": 600,
        "language": "fr",
        "occupation_ids": list(Occupation.objects.filter(code="2512").values_list("pk", flat=True)),
        "skill_ids": list(Skill.objects.order_by("pk").values_list("pk", flat=True)[:3]),
        "certification_title": "Certified web developer",
        "certification_isced_level": 4,
        "awarding_body": "OFPPT",
        "tracks": Programme.Tracks.BOTH,
        "cost_per_trainee": Decimal("3000.00"),
        "currency": "EUR",
    }
    values.update(overrides)
    return ProgrammeInput(**values)


def make_setting(**programme: Any) -> Setting:
    officer = government_officer_of("BE")
    partnership = make_partnership(officer, status=Partnership.Status.ACTIVE)
    staff = provider_staff_of()
    provider = staff.memberships.get().organisation
    add_member(partnership, officer, provider, PartnershipMember.Role.TRAINING_PROVIDER)
    created = programme_create(
        actor=staff,
        data=programme_input(provider, partnership_id=partnership.pk, **programme),
    )
    programme_apply_action(actor=staff, programme_id=created.pk, action="publish")
    created.refresh_from_db()
    return Setting(provider, staff, officer, partnership, created)


def fund(setting: Setting, amount: str = "2000.00") -> None:
    government = setting.officer.memberships.get().organisation
    funding_line_set(
        actor=setting.staff,
        programme_id=setting.programme.pk,
        payer_id=government.pk,
        amount_per_trainee=Decimal(amount),
    )


def make_cohort(setting: Setting, *, status: str = Cohort.Status.RECRUITING, **data: Any) -> Cohort:
    values: dict[str, Any] = {
        "code": "WEB-2027-01",
        "starts_on": date(2027, 1, 10),
        "ends_on": date(2027, 6, 30),
        "capacity": 20,
    }
    values.update(data)
    cohort = cohort_create(
        actor=setting.staff, programme_id=setting.programme.pk, data=CohortInput(**values)
    )
    if status != Cohort.Status.PLANNED:
        cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="open_recruitment")
    cohort.refresh_from_db()
    return cohort


def participant(setting: Setting, **profile: Any) -> MigrantProfile:
    return registered_in_person(setting.staff, **profile)


def consented_migrant(setting: Setting, **profile: Any) -> tuple[User, MigrantProfile]:
    """A migrant with an account (Youssef unless ``profile`` says otherwise) who shares their
    profile with the provider for counselling."""
    values = {"given_names": "Youssef", "phone": "+212600007777", "contact_email": "y@example.org"}
    user, person = migrant_with_profile(**{**values, **profile})
    grant(user, person, ConsentGrant.Purpose.COUNSELLING, organisation_id=setting.provider.pk)
    return user, person


def participants(setting: Setting, n: int, start: int = 0) -> list[MigrantProfile]:
    """``n`` participants registered by the provider, "Person<i> Tester" from ``i = start``,
    women and men in turn."""
    return [
        participant(
            setting,
            given_names=f"Person{i}",
            family_name="Tester",
            phone=f"+2126100{i:05d}",
            contact_email=f"person{i}@example.org",
            sex="female" if i % 2 else "male",
        )
        for i in range(start, start + n)
    ]


PATH: dict[str, list[str]] = {
    ES.APPLIED: [],
    ES.SELECTED: ["select"],
    ES.ENROLLED: ["select", "enrol"],
    ES.NOT_SELECTED: ["reject"],
}


def enrol(
    setting: Setting, cohort: Cohort, profile: MigrantProfile, status: str = ES.ENROLLED, **kw: Any
) -> Enrolment:
    enrolment = enrolment_add(actor=setting.staff, cohort_id=cohort.pk, profile_id=profile.pk, **kw)
    for action in PATH.get(status, []):
        enrolment_apply_action(
            actor=setting.staff, enrolment_id=enrolment.pk, action=action, reason="test"
        )
    enrolment.refresh_from_db()
    return enrolment


def certified(
    setting: Setting, cohort: Cohort, profile: MigrantProfile, track: str = "away"
) -> Enrolment:
    """``profile`` enrolled in ``cohort``, which starts if it has not, then completed and
    certified, through the services."""
    enrolment = enrol(setting, cohort, profile, track=track)
    if cohort.status != Cohort.Status.IN_TRAINING:
        cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
        cohort.refresh_from_db()
    for action in ("complete", "certify"):
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action=action)
    enrolment.refresh_from_db()
    return enrolment


def cohort_in(setting: Setting, status: str, code: str = "WEB-2027-01") -> Cohort:
    """A cohort moved to ``status`` through the services; one trainee (named after the cohort)
    takes it into training and, for a completed cohort, completes."""
    CS = Cohort.Status
    cohort = make_cohort(
        setting, code=code, status=CS.PLANNED if status == CS.PLANNED else CS.RECRUITING
    )
    staff = setting.staff
    if status in (CS.IN_TRAINING, CS.COMPLETED):
        enrolment = enrol(setting, cohort, participant(setting, given_names=code), track="home")
        cohort_apply_action(actor=staff, cohort_id=cohort.pk, action="start")
        if status == CS.COMPLETED:
            enrolment_apply_action(actor=staff, enrolment_id=enrolment.pk, action="complete")
            cohort_apply_action(actor=staff, cohort_id=cohort.pk, action="complete")
    if status == CS.CANCELLED:
        cohort_apply_action(actor=staff, cohort_id=cohort.pk, action="cancel", reason="test")
    cohort.refresh_from_db()
    assert cohort.status == status
    return cohort


def participant_file(*rows: dict[str, str]) -> bytes:
    """A participant file in the template's columns, a line per row (columns not given empty)."""
    lines = [",".join(COLUMNS), *(",".join(row.get(c, "") for c in COLUMNS) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def checked_import(staff: User, cohort: Cohort, name: str, content: bytes) -> ParticipantImport:
    """A participant file uploaded by ``staff`` to ``cohort`` and checked, not yet imported."""
    uploaded = import_upload(
        actor=staff, cohort_id=cohort.pk, upload=SimpleUploadedFile(name, content)
    )
    return import_validate(uploaded.pk)
