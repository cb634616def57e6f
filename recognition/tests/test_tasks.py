from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification
from accounts.tests.factories import MembershipFactory
from audit.models import AuditEvent
from recognition.jobs import OVERDUE_ACTION, REMINDER_ACTION, deadlines_check
from recognition.models import RecognitionRequest
from recognition.tasks import deadlines_check_task
from recognition.tests.factories import make_request
from smp_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def _days_ago(days: int) -> Any:
    return timezone.now() - timedelta(days=days)


def _events(request: RecognitionRequest, action: str) -> list[dict[str, Any]]:
    return list(
        AuditEvent.objects.for_target(request)
        .filter(action=action)
        .order_by("pk")
        .values_list("data", flat=True)
    )


def test_overdue_requests_get_one_event_a_day_and_their_officer_is_told_after_commit(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    # Not acknowledged 40 days after submission (30 allowed), nobody assigned yet.
    unacknowledged, _applicant, officer_a = make_request(S.SUBMITTED)
    colleague = MembershipFactory.create(organisation=unacknowledged.authority).user
    viewer = MembershipFactory.create(organisation=unacknowledged.authority, role="viewer").user
    RecognitionRequest.objects.filter(pk=unacknowledged.pk).update(submitted_at=_days_ago(40))
    # Under assessment for 130 days (120 allowed), assigned to the officer who screened it.
    undecided, _applicant, officer_b = make_request(S.ASSESSMENT)
    RecognitionRequest.objects.filter(pk=undecided.pk).update(file_complete_at=_days_ago(130))
    # Decided long ago and waiting for information: neither is overdue.
    make_request(S.CLOSED)
    waiting, _applicant, _officer = make_request(S.INFORMATION_REQUESTED)
    RecognitionRequest.objects.filter(pk=waiting.pk).update(
        submitted_at=_days_ago(200), file_complete_at=_days_ago(190)
    )
    Notification.objects.all().delete()
    today = timezone.localdate()

    with django_capture_on_commit_callbacks() as callbacks:
        counts = deadlines_check(today=today)
    assert counts == {"checked": 3, "overdue": 2, "due_soon": 0, "notifications": 3}
    assert not Notification.objects.exists()  # only once the check's transaction commits
    for callback in callbacks:
        callback()

    assert _events(unacknowledged, OVERDUE_ACTION) == [
        {
            "date": today.isoformat(),
            "which": "acknowledgement",
            "due": (timezone.localdate(_days_ago(40)) + timedelta(days=30)).isoformat(),
        }
    ]
    assert [e["which"] for e in _events(undecided, OVERDUE_ACTION)] == ["decision"]
    assert undecided.assigned_officer_id == officer_b.pk
    assert list(Notification.objects.filter(user=officer_b).values_list("title", flat=True)) == [
        f"{undecided.reference} is overdue: the decision was due on "
        f"{timezone.localdate(_days_ago(130)) + timedelta(days=120)}"
    ]
    # Nobody assigned: every officer of the authority who can act, not its viewers.
    told = set(
        Notification.objects.filter(title__startswith=unacknowledged.reference).values_list(
            "user_id", flat=True
        )
    )
    assert told == {officer_a.pk, colleague.pk}
    assert viewer.pk not in told

    # The same day again (a retry, a second beat): nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = deadlines_check(today=today)
    assert again == {"checked": 3, "overdue": 0, "due_soon": 0, "notifications": 0}
    assert len(_events(unacknowledged, OVERDUE_ACTION)) == 1
    assert Notification.objects.count() == 3

    # Still overdue the next day: one more event each.
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = deadlines_check(today=today + timedelta(days=1))
    assert tomorrow["overdue"] == 2
    assert len(_events(undecided, OVERDUE_ACTION)) == 2
    assert Notification.objects.count() == 6


def test_requests_due_within_the_week_get_one_reminder_a_day(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    to_acknowledge, _applicant, officer_a = make_request(S.SUBMITTED)
    RecognitionRequest.objects.filter(pk=to_acknowledge.pk).update(submitted_at=_days_ago(25))
    to_decide, _applicant, officer_b = make_request(S.RESUBMITTED)
    # File complete 120 days ago but the clock stood still for 10 of them: due in 10 days.
    RecognitionRequest.objects.filter(pk=to_decide.pk).update(
        file_complete_at=_days_ago(120), stopped_days=10
    )
    not_yet, _applicant, _officer = make_request(S.ASSESSMENT)
    Notification.objects.all().delete()
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        counts = deadlines_check(today=today)
    assert counts == {"checked": 3, "overdue": 0, "due_soon": 1, "notifications": 1}
    assert [e["which"] for e in _events(to_acknowledge, REMINDER_ACTION)] == ["acknowledgement"]
    assert not _events(to_decide, REMINDER_ACTION)
    assert not _events(not_yet, REMINDER_ACTION)
    assert list(Notification.objects.values_list("user_id", "title")) == [
        (
            officer_a.pk,
            f"{to_acknowledge.reference}: acknowledgement due on "
            f"{timezone.localdate(_days_ago(25)) + timedelta(days=30)}",
        )
    ]

    # Five days later the decision is due soon too, and the acknowledgement is due that day.
    later = today + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        counts = deadlines_check(today=later)
        assert deadlines_check(today=later)["due_soon"] == 0  # once a day
    assert counts == {"checked": 3, "overdue": 0, "due_soon": 2, "notifications": 2}
    assert [e["which"] for e in _events(to_decide, REMINDER_ACTION)] == ["decision"]
    assert Notification.objects.filter(user=officer_b).count() == 1
    assert len(_events(to_acknowledge, REMINDER_ACTION)) == 2


def test_the_task_runs_the_check() -> None:
    request, _applicant, _officer = make_request(S.SUBMITTED)
    RecognitionRequest.objects.filter(pk=request.pk).update(submitted_at=_days_ago(31))
    result = deadlines_check_task.apply().get()
    assert result["overdue"] == 1
    assert len(_events(request, OVERDUE_ACTION)) == 1


def test_the_beat_schedule_runs_the_check_daily_at_six_utc() -> None:
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == deadlines_check_task.name
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] == crontab(hour=6, minute=0)
    assert settings.CELERY_TIMEZONE == "UTC"
    assert deadlines_check_task.name == "recognition.tasks.deadlines_check_task"
    assert deadlines_check_task.name in celery_app.tasks
    assert celery_app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_the_check_does_not_query_per_request_that_needs_nothing(
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[Any]],
) -> None:
    for _ in range(5):
        make_request(S.ASSESSMENT)
    with django_assert_max_num_queries(2):
        assert deadlines_check()["checked"] == 5
