"""One way to verify a document the portal issued: recognition decisions and training
certificates alike carry an unguessable code, printed with a QR code, that anyone can check at
``/verify/<code>/`` (and ``.json``) without an account.

Apps register a *resolver* in their ``AppConfig.ready``: given a code, it returns the public
essentials of its document, or None. The public page asks each resolver in turn; codes are random
enough (144 bits) never to collide across apps.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def new_verification_code() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class VerifiedDocument:
    """What the public may know about an issued document: never a name (initials only), birth
    date, contact detail, file or the reasons of a decision."""

    kind: str  # "recognition_decision", "training_certificate"
    kind_label: str
    code: str
    valid: bool
    title: str  # what the document attests, e.g. the qualification or certification title
    issuer_name: str
    issuer_country: str
    issuer_country_name: str
    issued_on: date
    revoked_on: date | None
    holder_initials: str
    # Further (label, value) lines for the page, and the same facts keyed for the JSON.
    details: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "valid" if self.valid else "revoked"


Resolver = Callable[[str], VerifiedDocument | None]
RESOLVERS: list[Resolver] = []


def register_resolver(resolver: Resolver) -> None:
    if resolver not in RESOLVERS:
        RESOLVERS.append(resolver)


def verify_code(code: str) -> VerifiedDocument | None:
    if not code or len(code) > 64:
        return None
    for resolver in RESOLVERS:
        document = resolver(code)
        if document is not None:
            return document
    return None
