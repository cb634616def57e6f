"""Demo training: seeded through the services on top of the demo migrants, idempotent, and seen by
the people it is about."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.models import Notification, Organisation, User
from audit.models import AuditEvent
from core.demo import AMINA, DEMO_PASSWORD
from core.verification import verify_code
from demo.tests.support import row_counts
from migrants import demo as migrants_demo
from migrants.models import ConsentGrant, MigrantProfile, ProfileSkill, Qualification
from migrants.passport.selectors import passport_items
from partnerships import demo as partnerships_demo
from partnerships.models import CostEntry, Partnership, PartnershipMember
from training import demo as training_demo
from training.models import (
    Certificate,
    Cohort,
    Enrolment,
    FundingLine,
    OutcomeFollowUp,
    Programme,
    Track,
    TrackChange,
)
from training.selectors import (
    cohort_board,
    my_enrolments,
    partnership_training_actuals,
    programme_list_for_user,
)

pytestmark = pytest.mark.django_db
ES = Enrolment.Status
BOOTCAMP = "Full-stack web developer bootcamp"


# What seeding again must not add to.
COUNTED = (
    Programme,
    FundingLine,
    Cohort,
    Enrolment,
    TrackChange,
    OutcomeFollowUp,
    Certificate,
    CostEntry,
    Partnership,
    PartnershipMember,
    MigrantProfile,
    ConsentGrant,
    Qualification,
    ProfileSkill,
    User,
    Organisation,
    Notification,
    AuditEvent,
)


def _seed_layers_below() -> None:
    # The layers training builds on; the full `seed_demo` chain runs in the other apps' tests.
    accounts_demo.seed()
    partnerships_demo.seed()
    migrants_demo.seed()


@pytest.fixture
def seeded() -> None:
    _seed_layers_below()
    training_demo.seed()


def test_seeding_again_creates_nothing_and_nobody_was_notified(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Any]]],
) -> None:
    _seed_layers_below()
    with django_capture_on_commit_callbacks(execute=True):
        training_demo.seed()
    counts = row_counts(*COUNTED)

    training_demo.seed()

    assert row_counts(*COUNTED) == counts
    assert counts["Enrolment"] <= 300  # modest, so that `make run` stays quick
    assert not Notification.objects.exists()  # trainees are not told of months-old steps


def test_demo_enrolments_cover_every_status_track_and_follow_up(seeded: None) -> None:
    enrolments = Enrolment.objects.all()

    assert set(enrolments.values_list("status", flat=True)) == set(ES.values)
    assert set(enrolments.values_list("track", flat=True)) == set(Track.values)
    assert set(Cohort.objects.values_list("status", flat=True)) == set(Cohort.Status.values)
    closed = enrolments.filter(status__in=[ES.NOT_SELECTED, ES.DROPPED_OUT])
    assert closed.exists() and not closed.filter(reason="").exists()
    assert TrackChange.objects.exists()
    assert enrolments.filter(status=ES.ENROLLED, attendance_percent__isnull=False).exists()
    assert set(enrolments.values_list("assessment", flat=True)) >= set(Enrolment.Assessment.values)
    assert set(OutcomeFollowUp.objects.values_list("months", flat=True)) == {3, 6, 12}
    assert set(OutcomeFollowUp.objects.values_list("status", flat=True)) >= {
        OutcomeFollowUp.Status.EMPLOYED_ORIGIN,
        OutcomeFollowUp.Status.EMPLOYED_DESTINATION,
        OutcomeFollowUp.Status.UNEMPLOYED,
        OutcomeFollowUp.Status.UNKNOWN,
    }
    # Follow-ups are dated when they fell due, after the cohort ended.
    for outcome in OutcomeFollowUp.objects.select_related("enrolment__cohort"):
        assert outcome.recorded_at.date() > outcome.enrolment.cohort.ends_on


def test_the_bootcamp_feeds_its_partnership_ledger_and_targets(seeded: None) -> None:
    bootcamp = Programme.objects.select_related("partnership").get(title=BOOTCAMP)
    partnership = bootcamp.partnership
    assert partnership is not None and partnership.status == Partnership.Status.ACTIVE
    assert partnership.members.filter(
        organisation=bootcamp.provider, role=PartnershipMember.Role.TRAINING_PROVIDER
    ).exists()

    started = bootcamp.cohorts.filter(
        status__in=[Cohort.Status.IN_TRAINING, Cohort.Status.COMPLETED]
    )
    funders = bootcamp.funding.count()
    assert funders == 2 and started.count() == 2
    for cohort in started:
        assert cohort.posted_costs.count() == funders, cohort.code
    actuals = partnership_training_actuals(partnership)
    trained = [year for year in actuals.values() if year["people_trained"]]
    assert trained
    assert any(y["home_track_placements"] and y["away_track_placements"] for y in trained)


def test_demo_migrant_has_a_certificate_anyone_can_verify(seeded: None) -> None:
    amina = MigrantProfile.objects.get(user__email=AMINA)

    certified = [e for e in my_enrolments(profile=amina) if e.status == ES.CERTIFIED]

    assert len(certified) == 1
    certificate = certified[0].certificate
    document = verify_code(certificate.verification_code)
    assert document is not None and document.valid
    assert (document.kind, document.title) == ("training_certificate", certificate.title)
    page = Client().get(reverse("verify", args=[certificate.verification_code]))
    assert page.status_code == 200
    assert certificate.title in page.content.decode()
    passport = {item.verify_code for item in passport_items(amina)}
    assert certificate.verification_code in passport
    assert amina.qualifications.filter(
        title=certificate.title, source=Qualification.Source.TRAINING
    ).exists()
    assert amina.skills.filter(evidence=ProfileSkill.Evidence.CERTIFIED).exists()
    assert certified[0].outcomes.count() == 3


def test_demo_provider_sees_its_programmes_and_cohorts_in_every_status(seeded: None) -> None:
    provider = User.objects.get(email="provider@demo.example.org")
    kosovo_staff = User.objects.get(email="provider.xk@demo.example.org")

    titles = {p.title for p in programme_list_for_user(user=provider, params={})}
    board = cohort_board(user=provider, params={})

    assert titles == {BOOTCAMP, "Cloud and DevOps bootcamp"}
    assert all(board[status] for status in Cohort.Status.values)
    kosovo = {p.title for p in programme_list_for_user(user=kosovo_staff, params={})}
    assert kosovo == {"Building services installer: electrical and plumbing (German standard)"}
    assert Client().login(email=kosovo_staff.email, password=DEMO_PASSWORD)
