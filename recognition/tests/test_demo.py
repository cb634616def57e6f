from __future__ import annotations

import pytest
from django.db.models import Count
from pytest_django.fixtures import Settings

from accounts.models import Notification, Organisation, User
from audit.models import AuditEvent
from demo.tests.support import seed_demo_twice
from migrants.models import Qualification
from recognition.models import (
    AuthorityProfile,
    CompensationMeasure,
    Decision,
    RecognitionRequest,
    RequestMessage,
)
from recognition.selectors import recognition_finder, request_deadlines
from taxonomy.models import Occupation

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status


# What seeding again must not add to.
COUNTED = (
    AuthorityProfile,
    RecognitionRequest,
    Decision,
    CompensationMeasure,
    RequestMessage,
    Qualification,
    User,
    Organisation,
    Notification,
    AuditEvent,
)


def test_seed_demo_creates_requests_in_every_state_at_three_authorities_once(
    settings: Settings,
) -> None:
    seed_demo_twice(settings, *COUNTED)

    requests = RecognitionRequest.objects.select_related("authority__recognition_profile")
    assert requests.count() >= 100
    assert set(requests.values_list("status", flat=True)) == set(S.values)
    assert set(requests.values_list("authority__country_id", flat=True)) == {"DE", "BE", "LT"}
    assert not Notification.objects.exists()  # the seed does not notify months-old steps

    deadlines = [request_deadlines(request=r) for r in requests]
    assert sum(d.acknowledge_overdue for d in deadlines) >= 3
    assert sum(d.decision_overdue for d in deadlines) >= 3
    assert sum(d.due_soon for d in deadlines) >= 3
    # Back-dated: submitted months ago, not all at the moment of seeding.
    submitted = requests.exclude(submitted_at=None).values_list("submitted_at", flat=True)
    assert len({s.date() for s in submitted if s is not None}) > 30

    outcomes = Decision.objects.values_list("outcome", flat=True)
    assert set(outcomes) == set(Decision.Outcome.values)
    partial = Decision.objects.filter(outcome="partial").annotate(n=Count("measures"))
    assert partial.exists() and not partial.filter(n=0).exists()
    assert Decision.objects.filter(stage="appeal").exists()

    officer = User.objects.get(email="recognition@demo.example.org")
    assert requests.filter(assigned_officer=officer, status__in=RecognitionRequest.OPEN_STATUSES)
    nursing = Occupation.objects.get(code="2221")
    found = recognition_finder(country="DE", occupation_id=nursing.pk)
    assert found.regulated and found.authority == officer.memberships.get().organisation
    lithuania = AuthorityProfile.objects.get(organisation__country_id="LT")
    assert lithuania.academic and not lithuania.regulated_occupations.exists()

    amina = requests.get(applicant__contact_email="migrant@demo.example.org")
    assert amina.status == S.INFORMATION_REQUESTED
    assert amina.authority.country_id == "BE"
