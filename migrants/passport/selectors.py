"""What a skills passport holds: its items from every source, and the owner's share links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from core.verification import VerifiedDocument
from migrants import hooks
from migrants.models import LanguageSkill, MigrantProfile, PassportShare

VALID = "valid"
REVOKED = "revoked"


@dataclass(frozen=True)
class PassportItem:
    """One verified item of a passport, as the owner's and the shared pages show it."""

    key: str  # stable: "<kind>:<id>", e.g. "certificate:12"
    kind: str  # "training_certificate", "recognition_decision", "language_test"
    kind_label: str
    title: str
    issuer: str
    issued_on: date | None
    status: str = VALID  # "valid" or "revoked"
    verify_code: str | None = None  # for the public /verify/<code>/ page
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.status == VALID

    @classmethod
    def from_document(cls, key: str, document: VerifiedDocument) -> PassportItem:
        """An item from the public essentials of a verifiable document."""
        return cls(
            key=key,
            kind=document.kind,
            kind_label=document.kind_label,
            title=document.title,
            issuer=document.issuer_name,
            issued_on=document.issued_on,
            status=document.status,
            verify_code=document.code,
            details=list(document.details),
        )


def language_items(profile: MigrantProfile) -> list[PassportItem]:
    """Language test results: the languages on the profile that name a certificate."""
    rows = (
        LanguageSkill.objects.filter(profile=profile)
        .exclude(certificate_name="")
        .select_related("language")
        .order_by("language__name", "pk")
    )
    items = []
    for row in rows:
        details = [
            (_("Understanding"), row.understanding_id),
            (_("Speaking"), row.speaking_id),
            (_("Writing"), row.writing_id),
        ]
        if row.certificate_score:
            details.append((_("Score"), row.certificate_score))
        details.append((_("Source"), _("Declared by the holder")))
        items.append(
            PassportItem(
                key=f"language:{row.pk}",
                kind="language_test",
                kind_label=_("Language test result"),
                title=f"{row.language.name} ({row.speaking_id})",
                issuer=row.certificate_name,
                issued_on=row.certificate_date,
                details=details,
            )
        )
    return items


def passport_items(profile: MigrantProfile) -> list[PassportItem]:
    """Every item of the person's passport, newest first: the profile's own language results,
    then the registered sources' (``hooks.PASSPORT_SOURCES``)."""
    sources = [language_items, *hooks.PASSPORT_SOURCES]
    items = [item for source in sources for item in source(profile)]
    undated = [item for item in items if item.issued_on is None]
    dated = [item for item in items if item.issued_on is not None]
    return sorted(dated, key=lambda item: item.issued_on or date.min, reverse=True) + undated


def share_list_for_profile(*, profile: MigrantProfile) -> list[PassportShare]:
    return list(PassportShare.objects.filter(profile=profile).order_by("-created_at", "-id"))
