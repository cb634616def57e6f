from __future__ import annotations

import pytest

from accounts.models import Membership, Organisation, Role, User
from accounts.navigation import nav_items_for
from accounts.permissions import can_manage_organisation, requires_mfa, user_roles
from accounts.services import membership_grant, organisation_create
from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from audit.models import AuditEvent
from core.errors import DomainValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (Organisation.Kind.NATIONAL_GOVERNMENT, Role.GOVERNMENT_OFFICER),
        (Organisation.Kind.LOCAL_GOVERNMENT, Role.GOVERNMENT_OFFICER),
        (Organisation.Kind.RECOGNITION_AUTHORITY, Role.RECOGNITION_OFFICER),
        (Organisation.Kind.TRAINING_PROVIDER, Role.TRAINING_PROVIDER),
        (Organisation.Kind.EMPLOYER, Role.EMPLOYER),
        (Organisation.Kind.RECRUITMENT_AGENCY, Role.EMPLOYER),
        (Organisation.Kind.TRADE_UNION, Role.PARTNER),
        (Organisation.Kind.DIASPORA, Role.PARTNER),
    ],
)
def test_member_gets_the_role_of_their_organisation_kind(kind: str, role: Role) -> None:
    user = MembershipFactory.create(organisation=OrganisationFactory.create(kind=kind)).user
    assert user_roles(user) == {role}


def test_user_without_organisation_is_a_migrant() -> None:
    assert user_roles(UserFactory.create()) == {Role.MIGRANT}


def test_inactive_membership_gives_no_role() -> None:
    membership = MembershipFactory.create(is_active=False)
    assert user_roles(membership.user) == {Role.MIGRANT}


def test_superuser_is_administrator(admin_user: User) -> None:
    assert Role.ADMIN in user_roles(admin_user)


def test_officers_and_admins_need_mfa_but_migrants_and_employers_do_not(
    government_officer: User,
    recognition_officer: User,
    migrant: User,
    employer_staff: User,
    admin_user: User,
) -> None:
    assert requires_mfa(government_officer)
    assert requires_mfa(recognition_officer)
    assert requires_mfa(admin_user)
    assert not requires_mfa(migrant)
    assert not requires_mfa(employer_staff)


def test_only_administrators_see_the_administration_link() -> None:
    admin_labels = [str(i.label) for i in nav_items_for(frozenset({Role.ADMIN}))]
    migrant_labels = [str(i.label) for i in nav_items_for(frozenset({Role.MIGRANT}))]
    assert "Administration" in admin_labels
    assert "Administration" not in migrant_labels


def test_manager_can_manage_own_organisation_but_not_another() -> None:
    membership = MembershipFactory.create(role=Membership.Role.MANAGER)
    assert can_manage_organisation(membership.user, membership.organisation)
    assert not can_manage_organisation(membership.user, OrganisationFactory.create())
    staff = MembershipFactory.create(
        organisation=membership.organisation, role=Membership.Role.STAFF
    )
    assert not can_manage_organisation(staff.user, membership.organisation)


def test_organisation_create_validates_country_and_duplicates(admin_user: User) -> None:
    org = organisation_create(
        actor=admin_user, name="Ministry of Labour", kind="national_government", country_code="ng"
    )
    assert org.country_id == "NG"
    assert AuditEvent.objects.for_target(org).get().action == "accounts.organisation.created"
    with pytest.raises(DomainValidationError, match="already exists"):
        organisation_create(
            actor=admin_user,
            name="ministry of labour",
            kind="national_government",
            country_code="NG",
        )
    with pytest.raises(DomainValidationError, match="not an ISO 3166-1"):
        organisation_create(actor=admin_user, name="X", kind="employer", country_code="ZZ")


def test_membership_grant_changes_role_and_audits_each_change(admin_user: User) -> None:
    user, org = UserFactory.create(), OrganisationFactory.create()
    membership_grant(actor=admin_user, user=user, organisation=org, role="viewer")
    membership_grant(actor=admin_user, user=user, organisation=org, role="viewer")
    membership_grant(actor=admin_user, user=user, organisation=org, role="manager")
    membership = Membership.objects.get(user=user, organisation=org)
    assert membership.role == "manager"
    events = AuditEvent.objects.for_target(membership).order_by("id")
    assert [(e.from_state, e.to_state) for e in events] == [("", "viewer"), ("viewer", "manager")]


def test_email_is_unique_regardless_of_case() -> None:
    User.objects.create_user("Amina@Example.org", "a-long-test-password")
    assert User.objects.get_by_natural_key("AMINA@example.org").email == "amina@example.org"
    with pytest.raises(Exception, match=r"(?i)unique"):
        User.objects.create_user("amina@example.ORG", "another-long-password")
