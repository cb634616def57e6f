"""Part of the recognition demo (see ``recognition.demo``): the paths of steps and their dates."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from recognition.demo.authorities import DemoAuthority
from recognition.models import RecognitionRequest

S = RecognitionRequest.Status


# --- Paths and dates --------------------------------------------------------------------------
PATHS: dict[str, list[list[str]]] = {
    S.DRAFT: [[]],
    S.SUBMITTED: [["submit"]],
    S.SCREENING: [["submit", "screen"], ["submit", "screen", "ask", "resubmit", "screen"]],
    S.INFORMATION_REQUESTED: [["submit", "screen", "ask"], ["submit", "screen", "assess", "ask"]],
    S.RESUBMITTED: [
        ["submit", "screen", "ask", "resubmit"],
        ["submit", "screen", "assess", "ask", "resubmit"],
    ],
    S.ASSESSMENT: [
        ["submit", "screen", "assess"],
        ["submit", "screen", "assess"],
        ["submit", "screen", "ask", "resubmit", "assess"],
    ],
    S.DECIDED: [
        ["submit", "screen", "assess", "decide"],
        ["submit", "screen", "ask", "resubmit", "assess", "decide"],
    ],
    S.APPEALED: [["submit", "screen", "assess", "decide", "appeal"]],
    S.APPEAL_DECIDED: [["submit", "screen", "assess", "decide", "appeal", "appeal_decide"]],
    S.CLOSED: [
        ["submit", "screen", "assess", "decide", "close"],
        ["submit", "screen", "ask", "resubmit", "assess", "decide", "close"],
        ["submit", "screen", "assess", "decide", "appeal", "appeal_decide", "close"],
    ],
    S.WITHDRAWN: [
        ["withdraw"],
        ["submit", "withdraw"],
        ["submit", "screen", "withdraw"],
        ["submit", "screen", "ask", "withdraw"],
    ],
}


def _gap(step: str, rules: DemoAuthority, rng: random.Random) -> int:
    """Days between the step before and ``step``."""
    low, high = {
        "submit": (0, 6),
        "screen": (1, rules.days_to_acknowledge + 5),
        "ask": (3, 30),
        "resubmit": (4, 40),
        "assess": (3, 25),
        "decide": (max(10, rules.days_to_decide // 4), rules.days_to_decide + 20),
        "appeal": (3, 25),
        "appeal_decide": (20, 80),
        "close": (31, 45),
        "withdraw": (2, 40),
    }[step]
    return rng.randint(low, high)


def _tail(status: str, rules: DemoAuthority, stopped: int, rng: random.Random) -> int:
    """How many days ago the last step was. Requests waiting for acknowledgement or a decision
    are spread so that some are due within the week and some overdue."""
    ack, decide = rules.days_to_acknowledge, rules.days_to_decide + stopped
    due = {str(S.SUBMITTED): ack, str(S.ASSESSMENT): decide}.get(status)
    if due is not None:
        kind = rng.random()
        if kind < 0.35:
            return rng.randint(due + 1, due + 45)  # overdue
        if kind < 0.6:
            return rng.randint(due - 6, due)  # due within the week
        return rng.randint(0, due - 8)
    ranges: dict[str, tuple[int, int]] = {
        S.DRAFT: (0, 30),
        S.SCREENING: (0, 20),
        S.INFORMATION_REQUESTED: (1, 45),
        S.RESUBMITTED: (0, 12),
        S.DECIDED: (1, 25),
        S.APPEALED: (1, 40),
        S.APPEAL_DECIDED: (1, 28),
        S.CLOSED: (1, 300),
        S.WITHDRAWN: (1, 150),
    }
    low, high = ranges[status]
    return rng.randint(low, high)


def step_times(
    status: str, path: list[str], rules: DemoAuthority, now: datetime, rng: random.Random
) -> list[datetime]:
    """A time for "create" and for each step of ``path``, in order, the last ending ``_tail``
    days ago, at office hours."""
    steps = ["create", *path]
    gaps = [_gap(step, rules, rng) for step in steps[1:]]
    stopped = sum(g for step, g in zip(steps[1:], gaps, strict=True) if step == "resubmit")
    days_ago = [_tail(status, rules, stopped, rng)]
    for gap in reversed(gaps):
        days_ago.insert(0, days_ago[0] + gap)
    today = timezone.localdate(now)
    times = [
        datetime.combine(
            today - timedelta(days=d),
            time(rng.randint(7, 17), rng.randint(0, 59)),
            tzinfo=timezone.get_current_timezone(),
        )
        for d in days_ago
    ]
    # Strictly in order and not in the future.
    latest = now - timedelta(minutes=5)
    for i in reversed(range(len(times))):
        if times[i] >= latest:
            times[i] = latest - timedelta(minutes=rng.randint(10, 120))
        latest = times[i]
    return times
