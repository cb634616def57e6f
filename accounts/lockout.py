"""Progressive delays after failed sign-ins, per e-mail address.

After ``SMP_LOGIN_FREE_FAILURES`` wrong passwords for one address, each further attempt must
wait 2, 4, 8... seconds, up to ``SMP_LOGIN_DELAY_MAX_SECONDS``; the count is forgotten after
``SMP_LOGIN_FAILURES_FORGOTTEN_AFTER_SECONDS`` without a failure, on a successful sign-in and on
a password reset. A fixed lock would let anyone who knows an address keep its owner out for
good; a delay only slows guessing, and the owner hears of it once per episode.

Counters live in the default cache, which production shares between processes (Redis), and
use only atomic cache operations (add, incr), so parallel attempts cannot slip past a delay.
Nothing here looks the address up: an unknown address is throttled exactly like a real one.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def _key(kind: str, login: str) -> str:
    digest = hashlib.sha256(login.strip().lower().encode()).hexdigest()
    return f"smp:login:{kind}:{digest}"


def login_delay_seconds(failures: int) -> int:
    """How long the next attempt waits after ``failures`` wrong passwords in a row."""
    over = failures - settings.SMP_LOGIN_FREE_FAILURES
    if over < 0:
        return 0
    return int(min(2 ** min(over + 1, 30), settings.SMP_LOGIN_DELAY_MAX_SECONDS))


def login_attempt_allowed(*, login: str) -> bool:
    """May ``login`` try a password now? Claims the attempt when a delay is in force."""
    failures = cache.get(_key("failures", login), 0)
    if failures < settings.SMP_LOGIN_FREE_FAILURES:
        return True
    # The gate key lives while the delay runs. Once it has gone, the first attempt to add it
    # again gets to try; parallel attempts find it in place and are refused.
    return bool(cache.add(_key("gate", login), 1, timeout=login_delay_seconds(failures)))


def login_failure_record(*, login: str) -> int:
    """Count one wrong password for ``login``; return the seconds the next attempt waits."""
    forget = settings.SMP_LOGIN_FAILURES_FORGOTTEN_AFTER_SECONDS
    failures_key = _key("failures", login)
    cache.add(failures_key, 0, timeout=forget)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # forgotten between add and incr
        cache.set(failures_key, 1, timeout=forget)
        failures = 1
    cache.touch(failures_key, forget)
    delay = login_delay_seconds(failures)
    if delay:
        cache.set(_key("gate", login), 1, timeout=delay)
        notified_key = _key("notified", login)
        if cache.add(notified_key, 1, timeout=forget):
            _notify_owner(login=login, failures=failures)
        else:
            cache.touch(notified_key, forget)
    return delay


def login_failures_clear(*, login: str) -> None:
    cache.delete_many([_key(kind, login) for kind in ("failures", "gate", "notified")])


def _notify_owner(*, login: str, failures: int) -> None:
    # The task looks the address up, so the sign-in request does the same work whether or not
    # an account has this address.
    from accounts.tasks import login_throttled_notify_task

    transaction.on_commit(
        lambda: login_throttled_notify_task.delay(login=login.strip().lower(), failures=failures)
    )
