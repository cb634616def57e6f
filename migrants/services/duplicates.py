"""Possible duplicates: profiles that look like the same person, flagged for an officer's review
and never merged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_move, audit_record_many
from core.errors import DomainValidationError
from migrants.models import DuplicateFlag, MigrantProfile
from migrants.permissions import get_duplicate_flag_for_user

DUPLICATE_CHUNK = 500  # profiles per IN (...) look-up: well under every database's parameter limit


def lookalikes(profiles: Sequence[MigrantProfile]) -> dict[tuple[int, int], list[str]]:
    """(lower pk, higher pk) -> reasons, for every active profile that looks like one of
    ``profiles``: same normalised name and birth date, same phone, or same e-mail (a contact
    address or a login). A few IN queries per 500 profiles, never one per profile."""
    active = MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE)
    found: dict[tuple[int, int], list[str]] = {}

    def add(new_ids: Iterable[int], other_id: int, reason: str) -> None:
        for new_id in new_ids:
            if new_id != other_id:
                reasons = found.setdefault((min(new_id, other_id), max(new_id, other_id)), [])
                if reason not in reasons:
                    reasons.append(reason)

    for start in range(0, len(profiles), DUPLICATE_CHUNK):
        chunk = profiles[start : start + DUPLICATE_CHUNK]
        people: dict[tuple[str, date], list[int]] = defaultdict(list)
        phones: dict[str, list[int]] = defaultdict(list)
        emails: dict[str, list[int]] = defaultdict(list)
        for profile in chunk:
            if profile.normalized_name and profile.date_of_birth:
                people[(profile.normalized_name, profile.date_of_birth)].append(profile.pk)
            if profile.phone:
                phones[profile.phone].append(profile.pk)
            for email in (profile.contact_email, profile.user.email if profile.user else ""):
                if email:
                    emails[email.lower()].append(profile.pk)
        if people:
            for pk, name, birth in active.filter(
                normalized_name__in={name for name, _birth in people}, date_of_birth__isnull=False
            ).values_list("pk", "normalized_name", "date_of_birth"):
                if birth is not None:
                    add(people.get((name, birth), ()), pk, "name_and_birth_date")
        if phones:
            for pk, phone in active.filter(phone__in=list(phones)).values_list("pk", "phone"):
                add(phones[phone], pk, "phone")
        if emails:
            for pk, email in active.filter(contact_email__in=list(emails)).values_list(
                "pk", "contact_email"
            ):
                add(emails.get(email.lower(), ()), pk, "email")
            for pk, email in (
                active.annotate(login=Lower("user__email"))
                .filter(login__in=list(emails))
                .values_list("pk", "login")
            ):
                add(emails.get(email, ()), pk, "email")
    return found


def flags_record(found: dict[tuple[int, int], list[str]]) -> list[DuplicateFlag]:
    """Create the flags of ``found`` that do not exist yet (reviewed ones stay as reviewed)."""
    pairs = list(found)
    existing: set[tuple[int, int]] = set()
    for start in range(0, len(pairs), DUPLICATE_CHUNK):
        lows = {low for low, _high in pairs[start : start + DUPLICATE_CHUNK]}
        existing |= set(
            DuplicateFlag.objects.filter(profile_id__in=lows).values_list("profile_id", "other_id")
        )
    new = [pair for pair in pairs if pair not in existing]
    if not new:
        return []
    # A concurrent registration may have flagged a pair meanwhile: that one is kept.
    DuplicateFlag.objects.bulk_create(
        [
            DuplicateFlag(profile_id=low, other_id=high, reasons=found[(low, high)])
            for low, high in new
        ],
        batch_size=DUPLICATE_CHUNK,
        ignore_conflicts=True,
    )
    wanted = set(new)
    created = [
        flag
        for start in range(0, len(new), DUPLICATE_CHUNK)
        for flag in DuplicateFlag.objects.filter(
            profile_id__in={low for low, _high in new[start : start + DUPLICATE_CHUNK]}
        )
        if (flag.profile_id, flag.other_id) in wanted
    ]
    audit_record_many(
        actor=None,
        action="migrants.duplicate.flagged",
        targets=created,
        data_for=lambda flag: {"reasons": flag.reasons},
    )
    return created


def duplicates_flag(*, profile: MigrantProfile) -> list[DuplicateFlag]:
    """Flag likely duplicates of ``profile`` (see ``lookalikes``) for an officer's review; never
    merged. Returns the profile's flags for those pairs, new and old."""
    found = lookalikes([profile])
    flags_record(found)
    return [
        flag
        for flag in DuplicateFlag.objects.filter(Q(profile=profile) | Q(other=profile))
        if (flag.profile_id, flag.other_id) in found
    ]


@transaction.atomic
def duplicate_flag_review(*, actor: User, flag_id: int, status: str) -> DuplicateFlag:
    flag = get_duplicate_flag_for_user(actor, flag_id, lock=True)
    if status not in (DuplicateFlag.Status.DISMISSED, DuplicateFlag.Status.CONFIRMED):
        raise DomainValidationError(
            _("Choose 'different people' or 'same person'."), field="status"
        )
    flag.reviewed_by = actor
    flag.reviewed_at = timezone.now()
    fields = ["status", "reviewed_by", "reviewed_at"]
    audit_move(actor, flag, status, "migrants.duplicate.reviewed", update_fields=fields)
    return flag
