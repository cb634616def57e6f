"""Migrant profiles and what hangs on them, for tests, built through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from migrants.models import (
    ConsentGrant,
    DisabilityInformation,
    LanguageSkill,
    MigrantProfile,
    Qualification,
    QualificationDocument,
)
from migrants.services import (
    ConsentInput,
    ProfileInput,
    consent_grant,
    education_add,
    experience_add,
    language_set,
    profile_create_by_counsellor,
    profile_create_for_self,
    profile_handover_claim,
    profile_handover_start,
    qualification_add,
    qualification_document_upload,
    skill_set,
)
from migrants.services.profiles import disability_set
from taxonomy.models import Occupation, Skill
from tests import hostile_files

# A clean one-page PDF, as a scanned diploma would be uploaded.
DIPLOMA_PDF = hostile_files.pdf()


def profile_input(**overrides: Any) -> ProfileInput:
    values: dict[str, Any] = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "date_of_birth": date(1998, 4, 12),
        "sex": MigrantProfile.Sex.FEMALE,
        "nationality": "MA",
        "country_of_residence": "MA",
        "phone": "+212612345678",
        "contact_email": "amina.haddad@example.org",
        "contact_language": "fr",
        "preferred_destinations": ["BE", "DE"],
        "available_from": date(2027, 1, 1),
    }
    values.update(overrides)
    return ProfileInput(**values)


def migrant_with_profile(**overrides: Any) -> tuple[User, MigrantProfile]:
    user: User = UserFactory.create()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, profile_create_for_self(user=user, data=profile_input(**overrides))


def counsellor(kind: str = Organisation.Kind.TRAINING_PROVIDER, country: str = "MA") -> User:
    """A staff member of a new organisation of ``kind`` (a counsellor by default)."""
    organisation = OrganisationFactory.create(kind=kind, country_id=country)
    return MembershipFactory.create(organisation=organisation).user


def organisation_of(user: User) -> Organisation:
    return user.memberships.get().organisation


def registered_in_person(actor: User, **overrides: Any) -> MigrantProfile:
    return profile_create_by_counsellor(
        actor=actor, organisation_id=organisation_of(actor).pk, data=profile_input(**overrides)
    )


def grant(owner: User, profile: MigrantProfile, purpose: str, **recipient: Any) -> ConsentGrant:
    """The consent ``owner`` gives for ``profile`` (``organisation_id=``, ``country=``...)."""
    return consent_grant(
        actor=owner, profile_id=profile.pk, data=ConsentInput(purpose=purpose, **recipient)
    )


def speaks(
    owner: User, profile: MigrantProfile, language: str, level: str, **overrides: Any
) -> LanguageSkill:
    """``profile`` speaks ``language`` at ``level`` (understanding, speaking and writing), unless
    ``overrides`` say otherwise (``writing=``, ``certificate_name=``...)."""
    levels = {"understanding": level, "speaking": level, "writing": level}
    return language_set(
        actor=owner, profile_id=profile.pk, language=language, **{**levels, **overrides}
    )


def record_disability(
    owner: User, profile: MigrantProfile, description: str, notes: str = ""
) -> DisabilityInformation:
    """The disability the owner records on ``profile``, with an accommodation needed."""
    details: dict[str, Any] = {"description": description, "needs_accommodation": True}
    return disability_set(actor=owner, profile_id=profile.pk, accommodation_notes=notes, **details)


# The qualification most tests hang their checks on: a Philippine nursing degree.
NURSING_DEGREE: dict[str, Any] = {
    "title": "BSc Nursing",
    "institution": "University of Santo Tomas",
    "country": "PH",
    "isced_level": 6,
}


def qualification(owner: User, profile: MigrantProfile, **overrides: Any) -> Qualification:
    """A qualification on ``profile``: the nursing degree unless overridden."""
    return qualification_add(actor=owner, profile_id=profile.pk, **{**NURSING_DEGREE, **overrides})


def document(
    owner: User,
    qualification: Qualification,
    name: str = "diploma.pdf",
    content: bytes = DIPLOMA_PDF,
) -> QualificationDocument:
    return qualification_document_upload(
        actor=owner,
        profile_id=qualification.profile_id,
        qualification_id=qualification.pk,
        upload=SimpleUploadedFile(name, content),
    )


def shared_with_authority(owner: User, qualification: Qualification) -> User:
    """A recognition officer whose authority the owner shared ``qualification`` with."""
    officer = counsellor(kind=Organisation.Kind.RECOGNITION_AUTHORITY, country="DE")
    grant(
        owner,
        qualification.profile,
        ConsentGrant.Purpose.RECOGNITION_SHARE,
        organisation_id=organisation_of(officer).pk,
        qualification_id=qualification.pk,
    )
    return officer


def fill_profile(user: User, profile: MigrantProfile, **entries: dict[str, Any]) -> Qualification:
    """One entry of each kind (education, a skill, a language, experience, a qualification),
    each changed by ``entries[<kind>]``; returns the qualification."""
    tig = Skill.objects.get(preferred_label="perform tungsten inert gas welding")
    welder = Occupation.objects.get(code="7212")
    adds: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
        "education": (
            education_add,
            {
                "isced_level": 6,
                "institution": "Université Hassan II",
                "country": "MA",
                "field_code": "061",
            },
        ),
        "skill": (skill_set, {"skill_id": tig.pk, "proficiency": "advanced"}),
        "language": (
            language_set,
            {"language": "fr", "understanding": "c1", "speaking": "B2", "writing": "B2"},
        ),
        "experience": (
            experience_add,
            {
                "occupation_id": welder.pk,
                "country": "MA",
                "started_on": date(2019, 1, 1),
                "ended_on": date(2021, 1, 1),
            },
        ),
    }
    for kind, (add, values) in adds.items():
        add(actor=user, profile_id=profile.pk, **{**values, **entries.get(kind, {})})
    return qualification(
        user,
        profile,
        **{
            "title": "Technicien spécialisé",
            "institution": "OFPPT",
            "country": "MA",
            "isced_level": 5,
            **entries.get("qualification", {}),
        },
    )


def claimed_by_new_account(profile: MigrantProfile, staff: User) -> User:
    """A new verified account that took over ``profile``, registered by ``staff``, with the
    handover code they gave."""
    user: User = UserFactory.create()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    code = profile_handover_start(actor=staff, profile_id=profile.pk)
    profile_handover_claim(user=user, code=code)
    return user
