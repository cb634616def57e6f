"""Typed domain errors that services raise and both interfaces (HTML and API) translate.

A service never returns an HTTP response; it raises one of these. The API's exception handler
turns them into 400/409 responses, and HTML views show their message to the user.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of all business-rule errors. ``message`` is safe to show to the user."""

    code = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DomainValidationError(DomainError):
    """The input breaks a business rule (HTTP 400)."""

    code = "invalid"


class InvalidTransition(DomainError):
    """The object cannot move to the requested state from the state it is in (HTTP 409)."""

    code = "invalid_transition"


class ConflictError(DomainError):
    """Someone else changed the object first (HTTP 409)."""

    code = "conflict"


class InUseError(DomainError):
    """The object cannot be removed while another record depends on it (HTTP 409); the message
    names that record."""

    code = "in_use"


class StaleVersion(ConflictError):
    """The caller changed an older copy of the record than the one stored: someone else saved
    it since (HTTP 412 when the API's If-Match named that copy; on a form, its version field)."""

    code = "stale"
