"""Demo partnerships: seeded through the services, idempotent, visible where they should be."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts import demo as accounts_demo
from accounts.models import Organisation
from audit.models import AuditEvent
from demo.tests.support import seed_demo_twice
from partnerships import demo as partnerships_demo
from partnerships.demo import PARTNERSHIPS, PATHS
from partnerships.models import (
    AnnualTarget,
    CostEntry,
    Partnership,
    PartnershipCity,
    PartnershipMember,
)
from partnerships.selectors import partnership_cost_summary
from partnerships.services import MOVE_EVENTS

pytestmark = pytest.mark.django_db

S = Partnership.Status
EXPECTED_STATUS = {
    "PALIM: ICT talent for Morocco and Flanders": S.CONCLUDED,
    "Belgium-Tunisia skills mobility partnership for ICT": S.NEGOTIATION,
    "Digital Explorers: Nigerian ICT professionals in Lithuania": S.ACTIVE,
    "Kosovo Skills Partnership for Mobility": S.ACTIVE,
    "Germany-Philippines nurse mobility agreement": S.ACTIVE,
    "Young Generations as Change Agents (YGCA)": S.DRAFT,
    "MeNTOR 2: Mediterranean Network for Training Orientation to Regular Migration": S.ACTIVE,
    "Canada-Mexico bilateral labour migration agreement: seasonal agriculture": S.ACTIVE,
    # Trained for by the Casablanca bootcamp of the training demo.
    "Morocco-Belgium ICT talent partnership (PALIM follow-up)": S.ACTIVE,
}


# What seeding again must not add to.
COUNTED = (
    Partnership,
    PartnershipMember,
    PartnershipCity,
    AnnualTarget,
    CostEntry,
    Organisation,
    AuditEvent,
)


@pytest.fixture
def seeded() -> None:
    # Only the layers these tests read; the full `seed_demo` (with 200 migrants) is run once, below.
    accounts_demo.seed()
    partnerships_demo.seed()


def test_seed_demo_twice_gives_the_same_partnerships(settings: SettingsWrapper) -> None:
    seed_demo_twice(settings, *COUNTED)


def test_seed_demo_creates_the_nine_partnerships_in_their_statuses(seeded: None) -> None:
    statuses = dict(Partnership.objects.values_list("title", "status"))

    assert statuses == EXPECTED_STATUS
    assert {spec.data["title"] for spec in PARTNERSHIPS} == set(EXPECTED_STATUS)


def test_every_demo_partnership_has_members_targets_and_costs(seeded: None) -> None:
    for partnership in Partnership.objects.all():
        roles = set(partnership.members.values_list("role", flat=True))
        assert PartnershipMember.Role.LEAD_GOVERNMENT in roles, partnership.title
        assert len(roles) >= 3, partnership.title
        assert partnership.targets.count() >= 2, partnership.title
        assert partnership.costs.exists(), partnership.title
        assert partnership.occupations.exists(), partnership.title
        assert partnership.gcm_objectives.exists(), partnership.title
        assert partnership.corridors.exists(), partnership.title
        # Moved through the lifecycle actions, each one in the history.
        steps = AuditEvent.objects.filter(
            target_id=str(partnership.pk), action__startswith="partnerships.partnership."
        ).exclude(action__in=["partnerships.partnership.created"])
        assert [e.action for e in steps.order_by("pk")] == [
            MOVE_EVENTS[move] for move in PATHS[partnership.status]
        ], partnership.title


def test_mentor_joins_cities_of_origin_and_destination(seeded: None) -> None:
    mentor = Partnership.objects.get(title__startswith="MeNTOR")

    cities = {(c.name, c.country_id, c.side) for c in mentor.cities.all()}

    assert mentor.kind == Partnership.Kind.CITY_TO_CITY
    assert cities == {
        ("Milan", "IT", "destination"),
        ("Turin", "IT", "destination"),
        ("Tunis", "TN", "origin"),
        ("Sfax", "TN", "origin"),
        ("Beni Mellal", "MA", "origin"),
        ("Tangier", "MA", "origin"),
    }
    assert set(mentor.corridors.values_list("origin_id", "destination_id")) == {
        ("MA", "IT"),
        ("TN", "IT"),
    }


def test_the_kosovo_partnership_trains_on_both_tracks(seeded: None) -> None:
    kosovo = Partnership.objects.get(title="Kosovo Skills Partnership for Mobility")

    assert kosovo.kind == Partnership.Kind.GLOBAL_SKILL_PARTNERSHIP
    assert kosovo.tracks == Partnership.Track.BOTH
    assert kosovo.target_away_share == 40


def test_the_employer_pays_check_flags_one_demo_cost(seeded: None) -> None:
    flagged = {
        p.title
        for p in Partnership.objects.all()
        if partnership_cost_summary(partnership=p).breaches
    }

    assert flagged == {"Canada-Mexico bilateral labour migration agreement: seasonal agriculture"}


def test_the_registry_lists_the_active_and_concluded_demo_partnerships(seeded: None) -> None:
    page = Client().get(reverse("registry:list")).content.decode()

    for title, status in EXPECTED_STATUS.items():
        if status in (S.ACTIVE, S.CONCLUDED):
            assert title in page, title
        else:
            assert title not in page, title
    assert "7 partnerships" in page
