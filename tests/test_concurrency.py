"""Twenty people acting on one record at the same instant: one succeeds, the others are refused
with a conflict (409), one audit event is written and the record ends as one success leaves it.

Each attempt runs in a thread of its own, on a database connection of its own, and a barrier
releases the twenty together so they really collide on the row locks. SQLite has no row locks
(it serialises whole transactions), so these run on PostgreSQL, as CI does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from core.errors import ConflictError, DomainError, InvalidTransition
from employers.models import Interest
from employers.services import interest_respond
from employers.tests.factories import interest_in, open_vacancy
from migrants.models import ConsentGrant
from recognition.models import Decision, RecognitionRequest
from recognition.services import DecisionInput, request_decide
from recognition.tests.factories import make_request, partial_decision
from tests.clients import ApiClientFor
from training.models import Enrolment
from training.services import enrolment_add, enrolment_apply_action
from training.tests.factories import enrol, make_cohort, make_setting, participant

pytestmark = [
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite has no row locks; CI runs this on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("starter_taxonomy"),
]

ATTEMPTS = 20
# The refusals a caller who lost the race may get: both answer 409 (core.api.exceptions).
CONFLICTS = (ConflictError, InvalidTransition)


@dataclass
class Race:
    """What the simultaneous attempts returned (or raised), one per attempt."""

    outcomes: list[Any]

    @property
    def successes(self) -> list[Any]:
        return [o for o in self.outcomes if not isinstance(o, BaseException)]

    @property
    def conflicts(self) -> list[DomainError]:
        return [o for o in self.outcomes if isinstance(o, CONFLICTS)]

    def assert_one_winner(self) -> None:
        others = [o for o in self.outcomes if isinstance(o, BaseException)]
        unexpected = [repr(o) for o in others if not isinstance(o, CONFLICTS)]
        assert unexpected == [], "only typed conflicts may refuse the losers"
        assert (len(self.successes), len(self.conflicts)) == (1, ATTEMPTS - 1)


def race(attempt: Callable[[int], Any]) -> Race:
    """``attempt(0)`` ... ``attempt(19)``, each in a thread of its own, all released at once."""
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[Any] = [None] * ATTEMPTS

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = attempt(i)
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an attempt never finished"
    return Race(outcomes)


def audited(action: str, target: Any) -> int:
    return AuditEvent.objects.for_target(target).filter(action=action).count()


def test_twenty_decisions_at_once_on_one_request_record_one() -> None:
    request, _applicant, officer = make_request(RecognitionRequest.Status.ASSESSMENT)

    def decide(i: int) -> Decision:
        data = partial_decision() if i % 2 else DecisionInput(outcome="full")
        return request_decide(
            actor=User.objects.get(pk=officer.pk), request_id=request.pk, data=data
        )

    result = race(decide)

    result.assert_one_winner()
    assert list(Decision.objects.filter(request=request)) == result.successes
    request.refresh_from_db()
    assert request.status == RecognitionRequest.Status.DECIDED
    assert audited("recognition.request.decided", request) == 1


def _interest_awaiting_answer() -> tuple[Interest, User]:
    return interest_in(Interest.Status.INTEREST_SENT, open_vacancy())


def _accepted_once(interest: Interest) -> None:
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED
    assert audited("employers.interest.accepted", interest) == 1
    # The identity is shared once: one consent to this employer, the one the interest holds.
    grants = ConsentGrant.objects.filter(
        profile=interest.profile, purpose=ConsentGrant.Purpose.EMPLOYER_IDENTITY
    )
    assert list(grants.values_list("pk", flat=True)) == [interest.identity_consent_id]


def test_twenty_clicks_accepting_one_interest_accept_it_once() -> None:
    interest, candidate = _interest_awaiting_answer()

    result = race(
        lambda i: interest_respond(
            actor=User.objects.get(pk=candidate.pk), interest_id=interest.pk, accept=True
        )
    )

    result.assert_one_winner()
    _accepted_once(interest)


def test_twenty_api_calls_accepting_one_interest_answer_one_200_and_409s(
    api_client_for: ApiClientFor,
) -> None:
    interest, candidate = _interest_awaiting_answer()
    clients = [api_client_for(candidate) for _ in range(ATTEMPTS)]
    url = f"/api/v1/employers/me/interests/{interest.pk}/accept/"

    result = race(lambda i: clients[i].post(url, {}, format="json"))

    statuses = sorted(r.status_code for r in result.outcomes)
    assert statuses == [200] + [409] * (ATTEMPTS - 1)
    assert all("detail" in r.json() for r in result.outcomes if r.status_code == 409)
    _accepted_once(interest)


def _cohort_with_one_seat_left(applicants: int) -> tuple[Any, Any, list[Any]]:
    """A cohort of two places, one taken, and ``applicants`` people registered by its provider."""
    setting = make_setting()
    cohort = make_cohort(setting, capacity=2)
    people = [
        participant(
            setting,
            given_names=f"Seat{i}",
            family_name="Seeker",
            phone=f"+2126200000{i:02d}",
            contact_email=f"seat{i}@example.org",
        )
        for i in range(applicants + 1)
    ]
    enrol(setting, cohort, people[0], track="home")
    return setting, cohort, people[1:]


def _events(action: str, cohort: Any) -> int:
    return AuditEvent.objects.filter(action=action, data__cohort=cohort.pk).count()


def _last_seat_taken_once(cohort: Any, result: Race, action: str, events_before: int) -> None:
    result.assert_one_winner()
    assert all("full" in c.message for c in result.conflicts)
    seated = Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED)
    assert seated.count() == cohort.capacity == 2
    assert _events(action, cohort) == events_before + 1
    assert audited(action, result.successes[0]) == 1


def test_twenty_selections_for_the_last_seat_select_one() -> None:
    setting, cohort, people = _cohort_with_one_seat_left(ATTEMPTS)
    waiting = [
        enrol(setting, cohort, p, status=Enrolment.Status.APPLIED, track="home") for p in people
    ]
    staff_pk = setting.staff.pk
    before = _events("training.enrolment.selected", cohort)

    result = race(
        lambda i: enrolment_apply_action(
            actor=User.objects.get(pk=staff_pk), enrolment_id=waiting[i].pk, action="select"
        )
    )

    _last_seat_taken_once(cohort, result, "training.enrolment.selected", before)


def test_twenty_providers_adding_to_the_last_seat_add_one() -> None:
    setting, cohort, people = _cohort_with_one_seat_left(ATTEMPTS)
    staff_pk = setting.staff.pk
    before = _events("training.enrolment.added", cohort)

    result = race(
        lambda i: enrolment_add(
            actor=User.objects.get(pk=staff_pk),
            cohort_id=cohort.pk,
            profile_id=people[i].pk,
            track="home",
            status=Enrolment.Status.ENROLLED,
        )
    )

    _last_seat_taken_once(cohort, result, "training.enrolment.added", before)
