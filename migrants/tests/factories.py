"""Migrant profiles for tests, built through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.models import EmailAddress

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from migrants.models import MigrantProfile
from migrants.services import ProfileInput, profile_create_by_counsellor, profile_create_for_self


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
    organisation = OrganisationFactory.create(kind=kind, country_id=country)
    return MembershipFactory.create(organisation=organisation).user


def registered_in_person(actor: User, **overrides: Any) -> MigrantProfile:
    organisation_id = actor.memberships.get().organisation_id
    return profile_create_by_counsellor(
        actor=actor, organisation_id=organisation_id, data=profile_input(**overrides)
    )
