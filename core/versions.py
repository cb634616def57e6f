"""Stale edits are refused: a change made from an older copy of a record must not silently undo
what someone else saved in between (optimistic concurrency).

A record's version is its ``updated_at`` (``core.models.TimeStamped``), which every save moves
on, so no column of its own is needed. The API sends it as the ``ETag`` of the record and honours
``If-Match`` (``core.api.views.if_match``); a form carries it in a hidden field
(``core.forms.VersionedForm``). The service compares it under the row lock with
``ensure_version``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from core.errors import StaleVersion

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Versioned(Protocol):
    """A record whose every save moves ``updated_at`` on (``core.models.TimeStamped``, or a
    model with its own ``auto_now`` field, such as a migrant's profile)."""

    @property
    def updated_at(self) -> datetime: ...


def version_of(record: Versioned) -> str:
    """The record's version: its last change, in microseconds (exact, unlike a float)."""
    return str((record.updated_at - _EPOCH) // timedelta(microseconds=1))


def ensure_version(record: Versioned, expected: str | None, message: str) -> None:
    """Refuse with ``message`` a change made from a copy other than the current one; a caller
    that names no version (``None``) changes whatever is current."""
    if expected is not None and expected != version_of(record):
        raise StaleVersion(message)
