"""How long participant files are kept, and what a person's erasure does to them.

A participant file holds the names, birth dates, e-mails and phones of many people, and its
check stores a preview of every row (``ParticipantImport.plan``) and an error report that can
quote cells (a header that was somebody's row). All three are personal data.

- **Retention** (``imports_purge``, every hour by ``imports_purge_task``): an import that has
  ended keeps neither file nor preview nor error report (its transitions clear the first two;
  this clears anything left over), and an unfinished import with no activity for
  ``settings.SMP_IMPORT_RETENTION_HOURS`` (48 by default) is ended: cancelled when it was
  waiting for its uploader (checked, or refused with errors), failed when its check or import
  never finished. Nothing is imported by either.
- **Erasure** (``participant_imports_erase``, a ``migrants.rights.ERASURE_HOOKS`` step): every
  unfinished import whose file or preview names the person, by the keys the import itself
  matches on (e-mail, phone, or name with date of birth; on any line, the header included), is
  cancelled and its file, preview and error report deleted. A file is one all-or-nothing upload
  of many people, so it is not edited row by row: the provider uploads it again. Error messages
  quoting the person and file names carrying their name are removed from every import. The
  uploader reads only that the file was deleted for data protection, not whom it concerned, and
  the audit event has no actor, so the erased person is not linked to the provider's file.

Pages and API then show the import as ended with its file deleted (``file_deleted``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_redact
from migrants.models import MigrantProfile
from migrants.services import normalize_name, normalize_phone
from training.imports import Unreadable, file_lines, import_end
from training.models import ImportRowError, ParticipantImport

IS = ParticipantImport.Status
UNFINISHED: tuple[str, ...] = (IS.VALIDATING, IS.INVALID, IS.READY, IS.IMPORTING)
WAITING: tuple[str, ...] = (IS.INVALID, IS.READY)  # for the uploader to confirm or fix


def _end(participant_import: ParticipantImport, *, status: str, failure: str, reason: str) -> None:
    """End a locked, unfinished import: its file, preview and error report are deleted."""
    action = f"training.import.{'cancelled' if status == IS.CANCELLED else 'failed'}"
    import_end(participant_import, status, action, failure=failure, data={"reason": reason})
    ImportRowError.objects.filter(participant_import=participant_import).delete()


# --- Retention --------------------------------------------------------------------------------
def imports_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the files, previews and error reports of ended imports, and end the imports
    abandoned for ``SMP_IMPORT_RETENTION_HOURS``. Safe to run at any time, and again."""
    hours: int = settings.SMP_IMPORT_RETENTION_HOURS
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    leftovers = ParticipantImport.objects.filter(status__in=ParticipantImport.ENDED).filter(
        Q(content__isnull=False) | ~Q(plan=[])
    )
    cleared = leftovers.update(content=None, plan=[])
    errors, _by_model = ImportRowError.objects.filter(
        participant_import__status__in=ParticipantImport.ENDED
    ).delete()
    abandoned = 0
    stale = ParticipantImport.objects.filter(status__in=UNFINISHED, updated_at__lt=cutoff)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # An import being run holds its row: it is active, not abandoned.
            locked = stale.select_for_update(skip_locked=True).filter(pk=pk).first()
            if locked is None:
                continue
            if locked.status in WAITING:
                status = IS.CANCELLED
                failure = _(
                    "Cancelled after %(hours)s hours without activity: nothing was imported and "
                    "the file was deleted. Upload it again to import it."
                ) % {"hours": hours}
            else:
                status = IS.FAILED
                failure = _(
                    "Stopped after %(hours)s hours without progress: nothing was imported and "
                    "the file was deleted. Upload it again to import it."
                ) % {"hours": hours}
            _end(locked, status=status, failure=failure, reason="abandoned")
            abandoned += 1
    return {"cleared": cleared, "abandoned": abandoned, "errors_deleted": errors}


# --- Erasure ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Person:
    """What identifies an erased person in a participant file: the keys the import matches on."""

    emails: frozenset[str]
    phone: str
    name: str  # normalised "given family"
    given: str
    family: str
    birth: str  # ISO date, or "" when the profile has none

    @classmethod
    def of(cls, profile: MigrantProfile) -> _Person:
        emails = {profile.contact_email, profile.user.email if profile.user else ""}
        return cls(
            emails=frozenset(e.strip().lower() for e in emails if e.strip()),
            phone=normalize_phone(profile.phone),
            name=profile.normalized_name
            or normalize_name(profile.given_names, profile.family_name),
            given=normalize_name(profile.given_names, ""),
            family=normalize_name(profile.family_name, ""),
            birth=profile.date_of_birth.isoformat() if profile.date_of_birth else "",
        )

    def strings(self) -> list[str]:
        """Values to look for in free text (error messages, file names); not too short, or
        unrelated text would match."""
        values = {*self.emails, self.phone, self.given, self.family, self.name}
        return sorted(v for v in values if len(v) >= 3)

    def named_in(self, cells: list[str]) -> bool:
        values = {cell.strip().lower() for cell in cells if cell.strip()}
        if self.emails & values:
            return True
        if self.phone and any(normalize_phone(value) == self.phone for value in values):
            return True
        names = {normalize_name(value, "") for value in values}
        named = bool(self.name) and (
            self.name in names or (self.given in names and self.family in names)
        )
        return named and (not self.birth or self.birth in values)

    def named_in_text(self, text: str) -> bool:
        """For a file that cannot be read as a table: any identifying value at all."""
        text = text.lower()
        return any(value in text for value in (*self.emails, self.phone, self.name) if value)


def _names(participant_import: ParticipantImport, person: _Person) -> bool:
    if any(person.named_in([str(v) for v in entry.values()]) for entry in participant_import.plan):
        return True
    if participant_import.content is None:
        return False
    try:
        return any(person.named_in(cells) for cells in file_lines(participant_import))
    except Unreadable:
        raw = bytes(participant_import.content)
        return person.named_in_text(raw.decode("utf-8", errors="ignore"))


def participant_imports_erase(profile: MigrantProfile, actor: User) -> None:
    """Run by ``migrants.rights.profile_erase`` inside its transaction, before the profile is
    blanked. See the module docstring."""
    person = _Person.of(profile)
    unfinished = ParticipantImport.objects.filter(status__in=UNFINISHED)
    for pk in unfinished.values_list("pk", flat=True):
        # Waits for an import being run: once it has ended, its file is gone anyway.
        locked = unfinished.select_for_update().filter(pk=pk).first()
        if locked is not None and _names(locked, person):
            _end(
                locked,
                status=IS.CANCELLED,
                failure=_(
                    "The file was deleted before it was imported, for data protection. Upload "
                    "it again to import it."
                ),
                reason="erasure",
            )
    strings = person.strings()
    if not strings:
        return
    quoting = Q()
    for value in strings:
        quoting |= Q(message__icontains=value)
    ImportRowError.objects.filter(quoting).delete()
    named_files = Q()
    for value in strings:
        named_files |= Q(file_name__icontains=value)
    replacements = dict.fromkeys(sorted(strings, key=len, reverse=True), "[redacted]")
    for participant_import in ParticipantImport.objects.filter(named_files).defer("content"):
        participant_import.file_name = (
            f"participants-{participant_import.pk}.{participant_import.file_format}"
        )
        participant_import.save(update_fields=["file_name"])
        # Its audit events carry the old name in their label.
        audit_redact(
            target=participant_import, label=str(participant_import), replacements=replacements
        )
