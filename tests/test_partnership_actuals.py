"""Actuals reported by other apps reach a partnership's targets table (page and API)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from employers.services import (
    PlacementInput,
    interest_apply_action,
    interest_express,
    interest_hire,
    interest_respond,
    shortlist_add,
)
from employers.tests.factories import code_of, employer_staff_of, open_vacancy, pool_candidate
from partnerships.models import Indicator, Partnership, PartnershipMember
from partnerships.selectors import ACTUALS_PROVIDERS, partnership_actuals
from partnerships.services import MemberInput, annual_target_set, member_add
from partnerships.tests.factories import government_officer_of, make_partnership

pytestmark = pytest.mark.django_db


def _hire_through(partnership: Partnership) -> None:
    assert partnership.created_by is not None
    employer = employer_staff_of()
    organisation_id = employer.memberships.get().organisation_id
    member_add(
        actor=partnership.created_by,
        partnership_id=partnership.pk,
        data=MemberInput(organisation_id=organisation_id, role=PartnershipMember.Role.EMPLOYER),
    )
    vacancy = open_vacancy(employer, partnership_id=partnership.pk, positions=1)
    user, person = pool_candidate(n=3)
    interest = shortlist_add(
        actor=employer, vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, person)
    )
    interest_express(actor=employer, interest_id=interest.pk)
    interest_respond(actor=user, interest_id=interest.pk, accept=True)
    interest_apply_action(actor=employer, interest_id=interest.pk, action="interview")
    interest_apply_action(actor=employer, interest_id=interest.pk, action="offer")
    interest_hire(
        actor=employer, interest_id=interest.pk, data=PlacementInput(starts_on=date(2027, 3, 1))
    )


@pytest.fixture
def partnership_with_a_hire() -> Partnership:
    officer = government_officer_of()
    partnership = make_partnership(officer, status=Partnership.Status.ACTIVE)
    annual_target_set(
        actor=officer,
        partnership_id=partnership.pk,
        year=2027,
        people_to_train=20,
        home_track_placements=0,
        away_track_placements=10,
    )
    _hire_through(partnership)
    return partnership


def test_officer_sees_hires_recorded_by_employers_in_the_targets_table_page(
    partnership_with_a_hire: Partnership, client_for: Callable[[User], Client]
) -> None:
    officer = partnership_with_a_hire.created_by
    assert officer is not None
    page = client_for(officer).get(
        reverse("partnerships:detail", args=[partnership_with_a_hire.pk])
    )
    html = page.content.decode()
    assert "Hires recorded by employers on the portal" in html
    row = html[html.index("Hires recorded by employers on the portal") :]
    assert '<td class="numeric">1</td>' in row[: row.index("</tr>")]


def test_officer_sees_hires_recorded_by_employers_in_the_targets_api(
    partnership_with_a_hire: Partnership, api_client_for: Callable[[User], APIClient]
) -> None:
    officer = partnership_with_a_hire.created_by
    assert officer is not None
    rows = (
        api_client_for(officer)
        .get(f"/api/v1/partnerships/{partnership_with_a_hire.pk}/targets/")
        .json()
    )
    assert [(r["year"], r["actuals"].get("portal_placements")) for r in rows] == [(2027, 1)]


def test_every_registered_provider_reports_only_indicator_keys(
    partnership_with_a_hire: Partnership,
) -> None:
    assert len(ACTUALS_PROVIDERS) >= 2  # training and employers
    actuals = partnership_actuals(partnership_with_a_hire)
    assert actuals[2027][Indicator.PORTAL_PLACEMENTS] == 1
    assert all(isinstance(key, Indicator) for year in actuals.values() for key in year)


def test_the_targets_api_has_a_field_for_every_indicator() -> None:
    from partnerships.api.serializers import TargetActualsSerializer

    assert set(TargetActualsSerializer().fields) == set(Indicator.values)
