"""Actuals reported by other apps reach a partnership's targets table (page and API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employers.models import Interest
from employers.tests.factories import employer_staff_of, interest_in, open_vacancy
from partnerships.models import Indicator, Partnership, PartnershipMember
from partnerships.selectors import ACTUALS_PROVIDERS, partnership_actuals
from partnerships.tests.factories import (
    add_member,
    government_officer_of,
    make_partnership,
    set_target,
)
from tests.clients import ApiClientFor, ClientFor

pytestmark = pytest.mark.django_db


def _hire_through(partnership: Partnership) -> None:
    assert partnership.created_by is not None
    employer = employer_staff_of()
    organisation = employer.memberships.get().organisation
    add_member(partnership, partnership.created_by, organisation, PartnershipMember.Role.EMPLOYER)
    vacancy = open_vacancy(employer, partnership_id=partnership.pk, positions=1)
    interest_in(Interest.Status.HIRED, vacancy, n=3)


@pytest.fixture
def partnership_with_a_hire() -> Partnership:
    officer = government_officer_of()
    partnership = make_partnership(officer, status=Partnership.Status.ACTIVE)
    set_target(officer, partnership, people_to_train=20, away_track_placements=10)
    _hire_through(partnership)
    return partnership


def test_officer_sees_hires_recorded_by_employers_in_the_targets_table_page(
    partnership_with_a_hire: Partnership, client_for: ClientFor
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
    partnership_with_a_hire: Partnership, api_client_for: ApiClientFor
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
