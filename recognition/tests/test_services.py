from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.utils import timezone

from accounts.models import Notification, User
from audit.models import AuditEvent
from core.errors import ConflictError, DomainValidationError, InvalidTransition
from migrants.models import ConsentGrant
from migrants.permissions import qualifications_visible_to
from migrants.tests.factories import counsellor, migrant_with_profile
from recognition.models import Decision, RecognitionRequest
from recognition.permissions import can_decide_recognition, is_applicant
from recognition.selectors import recognition_finder, request_deadlines
from recognition.services import (
    RECOGNITION_LIFECYCLE,
    DecisionInput,
    decision_revoke,
    request_appeal,
    request_ask_information,
    request_decide,
    request_resubmit,
    request_start_screening,
    request_submit,
    request_withdraw,
)
from recognition.tests.factories import (
    APPLICANT_MOVES,
    AUTHORITY_MOVES,
    authority,
    make_request,
    partial_decision,
    take_step,
)
from taxonomy.models import Occupation

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status


# The procedure (Directive 2005/36/EC and the ENIC-NARIC practice, see recognition.models),
# written out here rather than read from the declaration, so a wrong declaration fails these
# tests: each move, the statuses it starts from and where it leads from each.
BEFORE_DECISION = (
    S.DRAFT,
    S.SUBMITTED,
    S.SCREENING,
    S.INFORMATION_REQUESTED,
    S.RESUBMITTED,
    S.ASSESSMENT,
)
MOVES: dict[str, dict[str, str]] = {
    "submit": {S.DRAFT: S.SUBMITTED},
    "resubmit": {S.INFORMATION_REQUESTED: S.RESUBMITTED},
    "withdraw": dict.fromkeys(BEFORE_DECISION, S.WITHDRAWN),
    "appeal": {S.DECIDED: S.APPEALED},
    "start_screening": {S.SUBMITTED: S.SCREENING, S.RESUBMITTED: S.SCREENING},
    "ask_information": dict.fromkeys((S.SCREENING, S.ASSESSMENT), S.INFORMATION_REQUESTED),
    "start_assessment": dict.fromkeys((S.SCREENING, S.RESUBMITTED), S.ASSESSMENT),
    "decide": {S.ASSESSMENT: S.DECIDED, S.APPEALED: S.APPEAL_DECIDED},
    "close": dict.fromkeys((S.DECIDED, S.APPEAL_DECIDED), S.CLOSED),
}
LEGAL = {
    (move, source): target for move, steps in MOVES.items() for source, target in steps.items()
}


def test_the_declared_lifecycle_is_the_agreed_one() -> None:
    declared = {
        move.name: (set(RECOGNITION_LIFECYCLE.sources(move)), set(move.targets))
        for move in RECOGNITION_LIFECYCLE.moves
    }
    assert declared == {name: (set(steps), set(steps.values())) for name, steps in MOVES.items()}
    sides = {move.name: move.allowed for move in RECOGNITION_LIFECYCLE.moves}
    assert {name for name, allowed in sides.items() if allowed is is_applicant} == set(
        APPLICANT_MOVES
    )
    assert {name for name, allowed in sides.items() if allowed is can_decide_recognition} == set(
        AUTHORITY_MOVES
    )


@pytest.mark.parametrize(("step", "source"), sorted(LEGAL))
def test_every_allowed_transition_moves_and_is_audited(step: str, source: str) -> None:
    request, applicant, officer = make_request(source)
    take_step(step, request, applicant, officer)
    request.refresh_from_db()
    assert request.status == LEGAL[(step, source)]
    event = AuditEvent.objects.for_target(request).order_by("-id").first()
    assert event is not None
    assert (event.from_state, event.to_state) == (source, request.status)


@pytest.mark.parametrize(
    ("step", "source"),
    sorted(
        (s, st)
        for s in MOVES
        for st in S.values
        if (s, st) not in LEGAL and not (st == S.DRAFT and s in AUTHORITY_MOVES)
    ),
)
def test_every_illegal_transition_is_refused_and_changes_nothing(step: str, source: str) -> None:
    request, applicant, officer = make_request(source)
    with pytest.raises((InvalidTransition, ConflictError)):
        take_step(step, request, applicant, officer)
    request.refresh_from_db()
    assert request.status == source


def test_submitting_shares_only_that_qualification_with_the_authority() -> None:
    request, _applicant, officer = make_request(S.SUBMITTED)
    grant = ConsentGrant.objects.get(purpose="recognition_share")
    assert (grant.organisation_id, grant.qualification_id) == (
        request.authority_id,
        request.qualification_id,
    )
    assert list(qualifications_visible_to(officer, request.applicant)) == [request.qualification]


def test_each_side_acts_only_on_its_own_steps() -> None:
    request, applicant, officer = make_request(S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        request_start_screening(actor=applicant, request_id=request.pk)
    with pytest.raises(PermissionDenied):
        request_withdraw(actor=officer, request_id=request.pk)
    other_migrant, _ = migrant_with_profile(given_names="Other", phone="+63917000000")
    _other_org, other_officer = authority("BE")
    employer = counsellor(kind="employer", country="DE")
    for outsider in (other_migrant, other_officer, employer):
        with pytest.raises(Http404):
            request_start_screening(actor=outsider, request_id=request.pk)


def test_deadlines_follow_the_rules_and_the_clock_stops_while_waiting() -> None:
    request, applicant, officer = make_request(S.ASSESSMENT)
    day0 = timezone.localdate()
    deadlines = request_deadlines(request=request, today=day0)
    assert deadlines.acknowledge_due == day0 + timedelta(days=30)
    assert deadlines.decision_due == day0 + timedelta(days=120)

    request_ask_information(actor=officer, request_id=request.pk, message="Send the transcript")
    request.refresh_from_db()
    # Ten days of waiting for the applicant do not count...
    stopped = request_deadlines(request=request, today=day0 + timedelta(days=10))
    assert stopped.clock_stopped
    assert stopped.decision_due == day0 + timedelta(days=130)
    assert not stopped.decision_overdue
    # ...and once they answer ten days later, the due date has moved by exactly those ten days.
    RecognitionRequest.objects.filter(pk=request.pk).update(
        clock_stopped_at=request.clock_stopped_at - timedelta(days=10)  # type: ignore[operator]
    )
    request_resubmit(actor=applicant, request_id=request.pk, message="Transcript attached")
    request.refresh_from_db()
    assert request.stopped_days == 10
    after = request_deadlines(request=request, today=day0 + timedelta(days=125))
    assert after.decision_due == day0 + timedelta(days=130)
    assert not after.decision_overdue
    assert after.due_soon
    assert request_deadlines(request=request, today=day0 + timedelta(days=131)).decision_overdue


def test_acknowledgement_overdue_until_screening_starts() -> None:
    request, _applicant, officer = make_request(S.SUBMITTED)
    late = timezone.localdate() + timedelta(days=31)
    assert request_deadlines(request=request, today=late).acknowledge_overdue
    request_start_screening(actor=officer, request_id=request.pk)
    request.refresh_from_db()
    assert not request_deadlines(request=request, today=late).acknowledge_overdue


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"measures": []}, "compensation measure"),
        ({"substantial_differences": []}, "substantial differences"),
        ({"reasons": ""}, "reasons"),
        ({"appeal_deadline": None}, "appeal"),
        ({"eqf_level": 9}, "EQF"),
    ],
)
def test_decision_rules(changes: dict[str, Any], message: str) -> None:
    request, _applicant, officer = make_request(S.ASSESSMENT)
    data = partial_decision()
    for key, value in changes.items():
        setattr(data, key, value)
    with pytest.raises(DomainValidationError, match=message):
        request_decide(actor=officer, request_id=request.pk, data=data)
    assert not Decision.objects.exists()


def test_full_recognition_needs_no_appeal_route_and_cannot_be_appealed() -> None:
    request, applicant, officer = make_request(S.ASSESSMENT)
    request_decide(
        actor=officer,
        request_id=request.pk,
        data=DecisionInput(outcome="full", comparable_isced_level=6),
    )
    with pytest.raises(InvalidTransition, match="Only a partial"):
        request_appeal(actor=applicant, request_id=request.pk, reason="?")


def test_second_decision_is_a_conflict_and_the_first_stands() -> None:
    request, _applicant, officer = make_request(S.ASSESSMENT)
    first = request_decide(actor=officer, request_id=request.pk, data=partial_decision())
    with pytest.raises(ConflictError, match="decided meanwhile"):
        request_decide(actor=officer, request_id=request.pk, data=DecisionInput(outcome="full"))
    assert list(Decision.objects.all()) == [first]


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite has no row locks; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_record_exactly_one_decision(starter_taxonomy: None) -> None:
    request, _applicant, officer = make_request(S.ASSESSMENT)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def decide(outcome: str) -> None:
        data = partial_decision() if outcome == "partial" else DecisionInput(outcome="full")
        try:
            barrier.wait()
            request_decide(actor=User.objects.get(pk=officer.pk), request_id=request.pk, data=data)
            results.append("decided")
        except (ConflictError, InvalidTransition):
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(o,)) for o in ("partial", "full")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "decided"]
    assert Decision.objects.filter(request=request).count() == 1


def test_notifications_are_sent_only_after_commit(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    request, _applicant, officer = make_request(S.SUBMITTED)
    mail.outbox.clear()
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_start_screening(actor=officer, request_id=request.pk)
    assert Notification.objects.count() == before
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    notification = Notification.objects.latest("id")
    assert notification.user_id == request.applicant.user_id
    assert request.reference in notification.title
    assert request.applicant.user is not None
    assert mail.outbox[-1].to == [request.applicant.user.email]


def test_revoked_decision_is_no_longer_valid() -> None:
    request, _applicant, officer = make_request(S.DECIDED)
    decision = request.decisions.get()
    with pytest.raises(DomainValidationError):
        decision_revoke(actor=officer, decision_id=decision.pk, reason="")
    decision_revoke(actor=officer, decision_id=decision.pk, reason="Forged diploma")
    decision.refresh_from_db()
    assert not decision.is_valid
    with pytest.raises(InvalidTransition):
        decision_revoke(actor=officer, decision_id=decision.pk, reason="again")


def test_finder_names_the_competent_authority_or_says_not_regulated() -> None:
    organisation, _officer = authority("DE")
    nurse = Occupation.objects.get(code="2221")
    found = recognition_finder(country="de", occupation_id=nurse.pk)
    assert (found.authority, found.regulated) == (organisation, True)
    developer = Occupation.objects.get(code="2512")
    general = recognition_finder(country="DE", occupation_id=developer.pk)
    assert general.regulated is False
    assert general.authority == organisation  # also competent for vocational qualifications
    assert recognition_finder(country="NP", occupation_id=nurse.pk).authority is None


def test_authority_does_not_see_a_draft_before_it_is_submitted() -> None:
    from recognition.permissions import requests_visible_to

    request, applicant, officer = make_request(S.DRAFT)
    assert not requests_visible_to(officer).filter(pk=request.pk).exists()
    assert requests_visible_to(applicant).filter(pk=request.pk).exists()
    request_submit(actor=applicant, request_id=request.pk)
    assert requests_visible_to(officer).filter(pk=request.pk).exists()
