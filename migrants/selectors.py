from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation, Role
from accounts.permissions import AnyUser, active_memberships, has_role
from migrants.models import ConsentGrant, DuplicateFlag, MigrantProfile, WorkExperience
from migrants.permissions import profiles_counselled_by


@dataclass(frozen=True)
class Completeness:
    done: list[str]
    missing: list[str]

    @property
    def percent(self) -> int:
        total = len(self.done) + len(self.missing)
        return round(100 * len(self.done) / total) if total else 0


# The steps of the profile, in the order the pages walk through them.
STEPS = (
    "identity",
    "contact",
    "migration",
    "education",
    "skills",
    "languages",
    "experience",
    "qualifications",
)


def profile_completeness(*, profile: MigrantProfile) -> Completeness:
    checks = {
        "identity": bool(profile.date_of_birth and profile.nationality_id),
        "contact": bool(profile.phone or profile.contact_email),
        "migration": bool(profile.country_of_residence_id and profile.available_from),
        "education": profile.education.exists(),
        "skills": profile.skills.exists(),
        "languages": profile.languages.exists(),
        "experience": profile.experience.exists(),
        "qualifications": profile.qualifications.exists(),
    }
    return Completeness(
        done=[s for s in STEPS if checks[s]], missing=[s for s in STEPS if not checks[s]]
    )


def _merged_years(spans: list[tuple[date, date]]) -> float:
    spans.sort()
    days = 0
    current_start, current_end = spans[0]
    for start, end in spans[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            days += (current_end - current_start).days
            current_start, current_end = start, end
    days += (current_end - current_start).days
    return round(days / 365.25, 1)


def experience_years_by_occupation(
    *, profile: MigrantProfile, today: date | None = None
) -> dict[int, float]:
    """Total years per occupation, overlapping periods in the same occupation counted once."""
    return experience_years_for_profiles(profile_ids=[profile.pk], today=today).get(profile.pk, {})


def experience_years_for_profiles(
    *, profile_ids: list[int] | None, today: date | None = None
) -> dict[int, dict[int, float]]:
    """``experience_years_by_occupation`` for many profiles (None: every profile) in one query
    (pools, matching)."""
    today = today or timezone.localdate()
    periods: dict[int, dict[int, list[tuple[date, date]]]] = defaultdict(lambda: defaultdict(list))
    experience = WorkExperience.objects.all()
    if profile_ids is not None:
        experience = experience.filter(profile_id__in=profile_ids)
    rows = experience.values_list("profile_id", "occupation_id", "started_on", "ended_on")
    for profile_id, occupation_id, started_on, ended_on in rows:
        periods[profile_id][occupation_id].append((started_on, ended_on or today))
    return {
        profile_id: {occ: _merged_years(spans) for occ, spans in by_occ.items()}
        for profile_id, by_occ in periods.items()
    }


def consent_list_for_profile(*, profile: MigrantProfile) -> QuerySet[ConsentGrant]:
    return profile.consents.select_related(
        "partnership", "country", "organisation", "qualification"
    )


def duplicate_flag_list_for_user(*, user: AnyUser) -> QuerySet[DuplicateFlag]:
    """Open and past flags an officer may review: administrators all; government officers those
    about people of their country; counselling organisations those about two people they both
    counsel. Never a flag whose other side a counsellor cannot see: it would show them a stranger
    and tell them that the person they registered (or imported) already had a profile."""
    qs = DuplicateFlag.objects.select_related("profile", "other")
    if has_role(user, Role.ADMIN):
        return qs
    memberships = [m for m in active_memberships(user) if m.can_write]
    government_countries = [
        m.organisation.country_id
        for m in memberships
        if m.organisation.kind
        in (Organisation.Kind.NATIONAL_GOVERNMENT, Organisation.Kind.LOCAL_GOVERNMENT)
    ]
    counselled = profiles_counselled_by(user).values("pk")
    if not memberships:
        return qs.none()
    return qs.filter(
        Q(profile__nationality_id__in=government_countries)
        | Q(other__nationality_id__in=government_countries)
        | (Q(profile_id__in=counselled) & Q(other_id__in=counselled))
    )


# --- Recognition status, reported by the recognition app (registered in its ready()) ---------
# migrants must not import recognition; employers' pools and matching read it from here.
RecognitionStatusProvider = Callable[[list[int]], dict[int, str]]
RECOGNITION_STATUS_PROVIDERS: list[RecognitionStatusProvider] = []
RECOGNITION_ORDER = ["none", "pending", "partial", "full"]


def recognition_status_for(profile_ids: list[int]) -> dict[int, str]:
    """ "full", "partial", "pending" or "none" per profile: the strongest any provider reports."""
    best: dict[int, str] = {}
    for provider in RECOGNITION_STATUS_PROVIDERS:
        for pid, status in provider(profile_ids).items():
            if RECOGNITION_ORDER.index(status) > RECOGNITION_ORDER.index(best.get(pid, "none")):
                best[pid] = status
    return best
