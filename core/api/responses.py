"""The error answers an API operation documents, named once: ``responses={200: ..., **NOT_FOUND}``.

A view whose refusal says something more precise (who may not, what status refuses) names it
with ``refusal(code, description)``; the shapes stay those of ``core.api.exceptions``.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from core.api.helpers import INVALID
from core.api.serializers import ErrorSerializer

Responses = dict[int, OpenApiResponse]


def refusal(code: int, description: str) -> Responses:
    """One documented error answer: 400 with field messages or a rule, else ``Error``."""
    return {code: OpenApiResponse(INVALID if code == 400 else ErrorSerializer, description)}


BAD = refusal(400, "Invalid input or a broken business rule")
FORBIDDEN = refusal(403, "Not for the caller's role, or a change by a read-only member")
NOT_FOUND = refusal(404, "No such record, or not visible to the caller")
CONFLICT = refusal(409, "Refused in the record's current status")
STALE = refusal(412, "The record changed since the version named in If-Match")
REFUSED = {**BAD, **FORBIDDEN, **NOT_FOUND}
