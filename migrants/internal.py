"""The migrants app's trusted entry points, for other apps' services only.

These record on a profile what another app has already decided (a training certificate, a
recognition decision, a provider's participant file) and check no user-facing permission: the
caller has. Views, API views and forms never import this module (a test holds them to it); they
go through ``migrants.services``. Besides the functions, other apps plug in here: the hook
registries of ``migrants.hooks`` and the signals of ``migrants.signals``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record, audit_record_many
from core.errors import DomainValidationError
from migrants.hooks import (
    ERASURE_HOOKS,
    QUALIFICATION_REMOVAL_HOOKS,
    ExportContext,
    register_erasure_hook,
    register_export_section,
    register_passport_source,
)
from migrants.models import (
    ConsentGrant,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    new_pseudonym,
)
from migrants.permissions import intake_organisation_for
from migrants.services.duplicates import DUPLICATE_CHUNK, flags_record, lookalikes
from migrants.services.entries import qualification_record
from migrants.services.profiles import (
    CURRENT_NOTICE_VERSION,
    ProfileInput,
    counselling_consent,
    normalize_name,
    profile_values,
)
from migrants.signals import person_placed, profile_changed
from taxonomy.models import Country, Language

__all__ = [
    "ERASURE_HOOKS",
    "QUALIFICATION_REMOVAL_HOOKS",
    "ExportContext",
    "duplicates_flag_many",
    "person_placed",
    "profile_changed",
    "profiles_register_imported",
    "qualification_issue",
    "qualifications_blank",
    "register_erasure_hook",
    "register_export_section",
    "register_passport_source",
    "skills_raise_evidence",
]

ERASED = "[erased]"
# Evidence only ever rises, weakest first.
EVIDENCE_ORDER = list(ProfileSkill.Evidence.values)


# --- Verified items issued by training and recognition -----------------------------------------
@transaction.atomic
def qualification_issue(
    *,
    actor: User,
    profile: MigrantProfile,
    title: str,
    institution: str,
    country: str,
    isced_level: int,
    source: str,
    awarded_on: date | None = None,
) -> Qualification:
    """A qualification issued (not declared): it shows as verified on the profile."""
    if source == Qualification.Source.DECLARED or source not in Qualification.Source.values:
        raise ValueError(f"qualification_issue is for issued qualifications, not {source!r}")
    return qualification_record(
        actor=actor,
        profile=profile,
        title=title,
        institution=institution,
        country=country,
        isced_level=isced_level,
        awarded_on=awarded_on,
        source=source,
    )


@transaction.atomic
def skills_raise_evidence(
    *,
    actor: User,
    profile: MigrantProfile,
    skill_ids: list[int],
    evidence: str,
    proficiency: str = ProfileSkill.Proficiency.INTERMEDIATE,
) -> int:
    """Raise each skill's evidence to ``evidence`` (never lower it); add the skills not yet on the
    profile at ``proficiency``. Returns how many entries changed."""
    rank = EVIDENCE_ORDER.index(evidence)
    existing = {s.skill_id: s for s in ProfileSkill.objects.filter(profile=profile)}
    changed: list[ProfileSkill] = []
    created: list[ProfileSkill] = []
    for skill_id in dict.fromkeys(skill_ids):
        entry = existing.get(skill_id)
        if entry is None:
            created.append(
                ProfileSkill(
                    profile=profile, skill_id=skill_id, proficiency=proficiency, evidence=evidence
                )
            )
        elif EVIDENCE_ORDER.index(entry.evidence) < rank:
            entry.evidence = evidence
            changed.append(entry)
    ProfileSkill.objects.bulk_create(created)
    ProfileSkill.objects.bulk_update(changed, ["evidence"])
    if created or changed:
        audit_record(
            actor=actor,
            action="migrants.skill_evidence.raised",
            target=profile,
            data={"evidence": evidence, "added": len(created), "raised": len(changed)},
        )
        profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    return len(created) + len(changed)


def qualifications_blank(*, qualification_ids: Collection[int]) -> int:
    """Blank what identifies qualifications that another app's records keep (title, institution,
    award date), for an erasure: the rows stay, as those records protect them, but no longer
    name the person's studies. Returns how many were blanked."""
    return Qualification.objects.filter(pk__in=list(qualification_ids)).update(
        title=ERASED, institution=ERASED, awarded_on=None
    )


# --- Erasure --------------------------------------------------------------------------------------
def personal_values(profile: MigrantProfile, user: User | None, *more: str) -> list[str]:
    """What names or reaches the person (and ``more``), to scrub from copies of it on erasure:
    longest first, so a full name goes before its parts; none shorter than three characters,
    which would blank unrelated words."""
    values = [
        f"{profile.given_names} {profile.family_name}",
        profile.given_names,
        profile.family_name,
        profile.phone,
        profile.contact_email,
        *more,
    ]
    if user is not None:
        values += [user.full_name, user.email]
    return sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=len, reverse=True)


# --- Bulk registration (training participant imports) -----------------------------------------
def _preloaded_lookups(
    rows: list[ProfileInput],
) -> tuple[Callable[[str | None, str], Country | None], Callable[[str], Language | None]]:
    """Country and language lookups for ``rows`` in two queries, with the one-by-one lookups'
    errors."""
    country_codes = {
        code.strip().upper()
        for data in rows
        for code in (data.nationality, data.country_of_residence, data.returned_from)
        if code
    }
    countries = {c.code: c for c in Country.objects.filter(pk__in=country_codes)}
    language_codes = {data.contact_language.lower() for data in rows if data.contact_language}
    languages = {lang.code: lang for lang in Language.objects.filter(pk__in=language_codes)}

    def country(code: str | None, field_name: str) -> Country | None:
        if not code:
            return None
        found = countries.get(code.strip().upper())
        if found is None:
            raise DomainValidationError(
                _("Unknown country code %(c)s.") % {"c": code}, field=field_name
            )
        return found

    def language(code: str) -> Language | None:
        return languages.get(code.lower())

    return country, language


def _unused_pseudonyms(count: int) -> list[str]:
    chosen: set[str] = set()
    while len(chosen) < count:
        fresh = {new_pseudonym() for _ in range(count - len(chosen))} - chosen
        taken = set(
            MigrantProfile.objects.filter(pseudonym__in=fresh).values_list("pseudonym", flat=True)
        )
        chosen |= fresh - taken
    return list(chosen)


@transaction.atomic
def profiles_register_imported(
    *,
    actor: User,
    organisation_id: int,
    rows: list[ProfileInput],
    notice_version: str = CURRENT_NOTICE_VERSION,
) -> list[MigrantProfile]:
    """Register many migrants at once from a training provider's participant file, with the
    counselling consent the provider collected recorded on the ``import`` channel.

    The same field rules as one registration (``profile_values``), in a fixed number of queries
    whatever the number of rows. Preferences (destinations, occupations) are not imported.
    People who look like existing profiles (``lookalikes``) are flagged for the officers'
    duplicate review by ``duplicates_flag_task`` once this has committed: never merged, and never
    told to the provider, who matched the rows only against the people it counsels."""
    from migrants.tasks import duplicates_flag_task

    organisation = intake_organisation_for(actor, organisation_id)
    if any(data.preferred_destinations or data.preferred_occupations for data in rows):
        raise ValueError("profiles_register_imported does not import preferences")
    country, language = _preloaded_lookups(rows)
    now = timezone.now()
    profiles = []
    for data, pseudonym in zip(rows, _unused_pseudonyms(len(rows)), strict=True):
        values = profile_values(data, country=country, language=language)
        profile = MigrantProfile(
            pseudonym=pseudonym,
            registered_by_organisation=organisation,
            created_at=now,
            **values,
        )
        profile.normalized_name = normalize_name(profile.given_names, profile.family_name)
        profiles.append(profile)
    MigrantProfile.objects.bulk_create(profiles, batch_size=500)
    ConsentGrant.objects.bulk_create(
        [
            counselling_consent(
                profile,
                organisation,
                actor=actor,
                notice_version=notice_version,
                channel=ConsentGrant.Channel.IMPORT,
                granted_at=now,
            )
            for profile in profiles
        ],
        batch_size=500,
    )
    audit_record_many(
        actor=actor,
        action="migrants.profile.imported",
        targets=profiles,
        data_for=lambda _profile: {
            "organisation": organisation.pk,
            "notice_version": notice_version,
            "channel": ConsentGrant.Channel.IMPORT.value,
        },
    )
    profile_ids = [profile.pk for profile in profiles]
    if profile_ids:
        transaction.on_commit(lambda: duplicates_flag_task.delay(profile_ids))
    return profiles


def duplicates_flag_many(*, profile_ids: Sequence[int]) -> int:
    """Flag likely duplicates of many new profiles at once (a participant import's), for the
    officers' review. Run after the import has committed (``duplicates_flag_task``), so the
    import's outcome and duration say nothing about who else is on the portal. One transaction
    per chunk: a run stopped halfway keeps what it flagged, and a re-run adds only the rest.
    Returns the number of new flags."""
    created = 0
    for start in range(0, len(profile_ids), DUPLICATE_CHUNK):
        with transaction.atomic():
            chunk = list(
                MigrantProfile.objects.filter(
                    pk__in=profile_ids[start : start + DUPLICATE_CHUNK],
                    state=MigrantProfile.State.ACTIVE,
                ).select_related("user")
            )
            created += len(flags_record(lookalikes(chunk)))
    return created
