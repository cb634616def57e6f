"""Every change to a migrant's data: check, save, audit. Reads go through selectors/permissions.

Audit events about a profile carry no personal data in ``data`` (field names, not values), so
erasure has little to redact and the history still shows what happened.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import active_memberships
from audit.services import audit_record, audit_record_many
from core.documents import atomic_with_files, document_file_store
from core.errors import DomainValidationError, InUseError
from core.uploads import SCANS, check_upload
from migrants.models import (
    ConsentGrant,
    DisabilityInformation,
    DuplicateFlag,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    QualificationDocument,
    WorkExperience,
    new_pseudonym,
)
from migrants.permissions import (
    can_manage_consents,
    can_view_disability,
    consent_purposes_for,
    consent_recipients_for,
    get_profile_for_user,
    intake_organisations_of,
)
from migrants.signals import profile_changed
from taxonomy.models import (
    CefrLevel,
    Country,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
    Skill,
)

CURRENT_NOTICE_VERSION = "2026-11"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
HANDOVER_DAYS = 30


def normalize_name(given_names: str, family_name: str) -> str:
    """Lower-case, accents removed, single spaces: 'Amína  EL-Idrissi' -> 'amina el-idrissi'."""
    text = unicodedata.normalize("NFKD", f"{given_names} {family_name}")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


@dataclass
class ProfileInput:
    given_names: str
    family_name: str
    date_of_birth: date | None = None
    sex: str = MigrantProfile.Sex.UNDISCLOSED
    nationality: str | None = None
    country_of_residence: str | None = None
    phone: str = ""
    contact_email: str = ""
    contact_language: str | None = None
    migration_status: str = MigrantProfile.MigrationStatus.PROSPECTIVE
    returned_from: str | None = None
    preferred_destinations: list[str] = field(default_factory=list)
    preferred_occupations: list[int] = field(default_factory=list)
    available_from: date | None = None
    track_interest: str = MigrantProfile.TrackInterest.BOTH


def _country(code: str | None, field_name: str) -> Country | None:
    if not code:
        return None
    country = Country.objects.filter(pk=code.strip().upper()).first()
    if country is None:
        raise DomainValidationError(
            _("Unknown country code %(c)s.") % {"c": code}, field=field_name
        )
    return country


def _required_country(code: str, field_name: str) -> Country:
    country = _country(code, field_name)
    if country is None:
        raise DomainValidationError(_("Choose a country."), field=field_name)
    return country


def _isced_level(level: int, field_name: str) -> IscedLevel:
    isced = IscedLevel.objects.filter(pk=level).first()
    if isced is None:
        raise DomainValidationError(_("Choose an ISCED 2011 level from 0 to 8."), field=field_name)
    return isced


def _isced_field(code: str | None, field_name: str) -> IscedField | None:
    if not code:
        return None
    found = IscedField.objects.filter(pk=code.strip()).first()
    if found is None:
        raise DomainValidationError(
            _("Unknown ISCED-F field code %(c)s.") % {"c": code}, field=field_name
        )
    return found


# Education years: as far back as a living person's schooling goes, and a few years ahead for
# the year someone expects to finish.
FIRST_EDUCATION_YEAR = 1920
YEARS_AHEAD = 10


def _check_year(year: int | None, field_name: str) -> None:
    last = timezone.localdate().year + YEARS_AHEAD
    if year is not None and not FIRST_EDUCATION_YEAR <= year <= last:
        raise DomainValidationError(
            _("Give a year from %(first)s to %(last)s.")
            % {"first": FIRST_EDUCATION_YEAR, "last": last},
            field=field_name,
        )


def _language(code: str) -> Language | None:
    return Language.objects.filter(pk=code.lower()).first()


def normalize_phone(phone: str) -> str:
    """Spaces and dashes removed: '+212 612-345678' -> '+212612345678'."""
    return phone.replace(" ", "").replace("-", "")


def is_international_phone(phone: str) -> bool:
    """A normalised phone number in the international (E.164) form."""
    return phone.startswith("+") and phone[1:].isdigit() and 8 <= len(phone) <= 16


def oldest_birth_date(today: date) -> date:
    """Profiles are for people aged up to about 100: born on or after this date."""
    return date(today.year - 100, 1, 1)


def _profile_values(
    data: ProfileInput,
    *,
    country: Callable[[str | None, str], Country | None] = _country,
    language: Callable[[str], Language | None] = _language,
) -> dict[str, Any]:
    """The field rules of a profile, in one place: validate ``data`` and return the values to
    store (many-to-many preferences aside). ``country`` and ``language`` look codes up; a bulk
    registration passes preloaded lookups instead of one query per code."""
    if not data.given_names.strip() or not data.family_name.strip():
        raise DomainValidationError(
            _("Give both given names and family name."), field="given_names"
        )
    if data.date_of_birth is not None:
        today = timezone.localdate()
        if data.date_of_birth > today or data.date_of_birth < oldest_birth_date(today):
            raise DomainValidationError(_("Check the date of birth."), field="date_of_birth")
    if data.sex not in MigrantProfile.Sex.values:
        raise DomainValidationError(_("Choose one of the options."), field="sex")
    if data.migration_status not in MigrantProfile.MigrationStatus.values:
        raise DomainValidationError(_("Choose one of the options."), field="migration_status")
    if data.track_interest not in MigrantProfile.TrackInterest.values:
        raise DomainValidationError(_("Choose one of the options."), field="track_interest")
    phone = normalize_phone(data.phone)
    if phone and not is_international_phone(phone):
        raise DomainValidationError(
            _("Use the international format, e.g. +212612345678."), field="phone"
        )
    returned_from = country(data.returned_from, "returned_from")
    if data.migration_status == MigrantProfile.MigrationStatus.RETURNED and returned_from is None:
        raise DomainValidationError(
            _("Say which country you returned from."), field="returned_from"
        )
    contact_language = None
    if data.contact_language:
        contact_language = language(data.contact_language)
        if contact_language is None:
            raise DomainValidationError(_("Unknown language."), field="contact_language")
    return {
        "given_names": data.given_names.strip(),
        "family_name": data.family_name.strip(),
        "date_of_birth": data.date_of_birth,
        "sex": data.sex,
        "nationality": country(data.nationality, "nationality"),
        "country_of_residence": country(data.country_of_residence, "country_of_residence"),
        "phone": phone,
        "contact_email": data.contact_email.strip().lower(),
        "contact_language": contact_language,
        "migration_status": data.migration_status,
        "returned_from": returned_from,
        "available_from": data.available_from,
        "track_interest": data.track_interest,
    }


def _apply_profile(profile: MigrantProfile, data: ProfileInput) -> list[str]:
    """Validate and copy ``data`` onto ``profile``; return the names of the fields that changed."""
    values = _profile_values(data)
    destinations = [_country(c, "preferred_destinations") for c in data.preferred_destinations]
    occupations = list(Occupation.objects.filter(pk__in=data.preferred_occupations))
    if len(occupations) != len(set(data.preferred_occupations)):
        raise DomainValidationError(
            _("Some occupations are unknown."), field="preferred_occupations"
        )
    changed = [k for k, v in values.items() if getattr(profile, k) != v]
    for key, value in values.items():
        setattr(profile, key, value)
    profile.normalized_name = normalize_name(profile.given_names, profile.family_name)
    profile.save()
    before_dest = set(profile.preferred_destinations.values_list("code", flat=True))
    before_occ = set(profile.preferred_occupations.values_list("pk", flat=True))
    profile.preferred_destinations.set([d for d in destinations if d is not None])
    profile.preferred_occupations.set(occupations)
    if before_dest != {d.code for d in destinations if d is not None}:
        changed.append("preferred_destinations")
    if before_occ != {o.pk for o in occupations}:
        changed.append("preferred_occupations")
    return changed


# --- Profiles ---------------------------------------------------------------------------------
@transaction.atomic
def profile_create_for_self(*, user: User, data: ProfileInput) -> MigrantProfile:
    if MigrantProfile.objects.filter(user=user).exists():
        raise DomainValidationError(_("You already have a profile."))
    if active_memberships(user):
        raise DomainValidationError(_("Organisation staff do not keep a migrant profile."))
    profile = MigrantProfile(user=user)
    _apply_profile(profile, data)
    audit_record(
        actor=user, action="migrants.profile.created", target=profile, data={"channel": "web"}
    )
    duplicates_flag(profile=profile)
    return profile


@transaction.atomic
def profile_create_by_counsellor(
    *,
    actor: User,
    organisation_id: int,
    data: ProfileInput,
    notice_version: str = CURRENT_NOTICE_VERSION,
) -> MigrantProfile:
    """Register a migrant in person; the counselling consent is recorded as given in person."""
    organisation = next(
        (o for o in intake_organisations_of(actor) if o.pk == organisation_id), None
    )
    if organisation is None:
        raise DomainValidationError(
            _("Only staff of a training provider or a government office can register migrants."),
            field="organisation",
        )
    profile = MigrantProfile(registered_by_organisation=organisation)
    _apply_profile(profile, data)
    ConsentGrant.objects.create(
        profile=profile,
        purpose=ConsentGrant.Purpose.COUNSELLING,
        organisation=organisation,
        notice_version=notice_version,
        channel=ConsentGrant.Channel.IN_PERSON,
        granted_by=actor,
    )
    audit_record(
        actor=actor,
        action="migrants.profile.registered_in_person",
        target=profile,
        data={"organisation": organisation.pk, "notice_version": notice_version},
    )
    duplicates_flag(profile=profile)
    return profile


@transaction.atomic
def profile_update(*, actor: User, profile_id: int, data: ProfileInput) -> MigrantProfile:
    get_profile_for_user(actor, profile_id, for_write=True)
    profile = MigrantProfile.objects.select_for_update().get(pk=profile_id)
    changed = _apply_profile(profile, data)
    if changed:
        # Field names only: the values are personal data and stay out of the audit trail.
        audit_record(
            actor=actor, action="migrants.profile.updated", target=profile, data={"fields": changed}
        )
        if {"given_names", "family_name", "date_of_birth", "phone"} & set(changed):
            duplicates_flag(profile=profile)
        profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    return profile


@transaction.atomic
def profile_handover_start(*, actor: User, profile_id: int) -> str:
    """A one-time code the counsellor gives the migrant to take over the profile."""
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    if profile.user_id is not None:
        raise DomainValidationError(_("This profile already belongs to a login."))
    code = secrets.token_urlsafe(12)
    MigrantProfile.objects.filter(pk=profile.pk).update(
        handover_token_hash=hashlib.sha256(code.encode()).hexdigest(),
        handover_expires_at=timezone.now() + timedelta(days=HANDOVER_DAYS),
    )
    audit_record(actor=actor, action="migrants.profile.handover_started", target=profile)
    return code


@transaction.atomic
def profile_handover_claim(*, user: User, code: str) -> MigrantProfile:
    digest = hashlib.sha256(code.strip().encode()).hexdigest()
    profile = (
        MigrantProfile.objects.select_for_update()
        .filter(handover_token_hash=digest, user__isnull=True, state=MigrantProfile.State.ACTIVE)
        .first()
    )
    if (
        profile is None
        or profile.handover_expires_at is None
        or profile.handover_expires_at < timezone.now()
    ):
        raise DomainValidationError(_("This code is not valid or has expired."), field="code")
    if MigrantProfile.objects.filter(user=user).exists():
        raise DomainValidationError(_("Your login already has a profile."), field="code")
    if active_memberships(user):
        raise DomainValidationError(
            _("Organisation staff cannot take over a migrant's profile."), field="code"
        )
    profile.user = user
    profile.handover_token_hash = ""
    profile.handover_expires_at = None
    profile.save(update_fields=["user", "handover_token_hash", "handover_expires_at", "updated_at"])
    audit_record(actor=user, action="migrants.profile.handed_over", target=profile)
    return profile


@transaction.atomic
def disability_set(
    *,
    actor: User,
    profile_id: int,
    description: str,
    needs_accommodation: bool,
    accommodation_notes: str = "",
) -> DisabilityInformation:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    # Special-category data: only those who may read it may write it.
    if not can_view_disability(actor, profile):
        raise PermissionDenied("Disability information is shared only with the migrant's consent.")
    info, _created = DisabilityInformation.objects.update_or_create(
        profile=profile,
        defaults={
            "description": description.strip(),
            "needs_accommodation": needs_accommodation,
            "accommodation_notes": accommodation_notes.strip(),
        },
    )
    audit_record(actor=actor, action="migrants.disability.updated", target=profile)
    return info


# --- Entries ----------------------------------------------------------------------------------
def _entry_audit(actor: User, profile: MigrantProfile, kind: str, verb: str, entry_id: int) -> None:
    profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    audit_record(
        actor=actor, action=f"migrants.{kind}.{verb}", target=profile, data={"id": entry_id}
    )


@transaction.atomic
def education_add(
    *,
    actor: User,
    profile_id: int,
    isced_level: int,
    institution: str,
    country: str,
    field_code: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    completed: bool = True,
) -> Education:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    level = _isced_level(isced_level, "isced_level")
    field_of_study = _isced_field(field_code, "field_code")
    if not institution.strip():
        raise DomainValidationError(_("Name the school or institution."), field="institution")
    _check_year(start_year, "start_year")
    _check_year(end_year, "end_year")
    if start_year and end_year and end_year < start_year:
        raise DomainValidationError(
            _("The end year must not be before the start year."), field="end_year"
        )
    entry = Education.objects.create(
        profile=profile,
        isced_level=level,
        field=field_of_study,
        institution=institution.strip(),
        country=_required_country(country, "country"),
        start_year=start_year,
        end_year=end_year,
        completed=completed,
    )
    _entry_audit(actor, profile, "education", "added", entry.pk)
    return entry


@transaction.atomic
def skill_set(
    *,
    actor: User,
    profile_id: int,
    skill_id: int,
    proficiency: str,
    evidence: str = ProfileSkill.Evidence.SELF_DECLARED,
) -> ProfileSkill:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    if proficiency not in ProfileSkill.Proficiency.values:
        raise DomainValidationError(_("Choose a proficiency."), field="proficiency")
    # Stronger evidence than a self-declaration is recorded by training and recognition, not here.
    if evidence not in (ProfileSkill.Evidence.SELF_DECLARED, ProfileSkill.Evidence.ASSESSED):
        raise DomainValidationError(
            _("Certified and recognised skills come from their programme or authority."),
            field="evidence",
        )
    if not Skill.objects.filter(pk=skill_id).exists():
        raise DomainValidationError(_("Unknown skill."), field="skill")
    entry, _created = ProfileSkill.objects.update_or_create(
        profile=profile,
        skill_id=skill_id,
        defaults={"proficiency": proficiency, "evidence": evidence},
    )
    _entry_audit(actor, profile, "skill", "set", entry.pk)
    return entry


@transaction.atomic
def language_set(
    *,
    actor: User,
    profile_id: int,
    language: str,
    understanding: str,
    speaking: str,
    writing: str,
    certificate_name: str = "",
    certificate_score: str = "",
    certificate_date: date | None = None,
) -> LanguageSkill:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    if not Language.objects.filter(pk=language.lower()).exists():
        raise DomainValidationError(_("Unknown language."), field="language")
    levels = set(CefrLevel.objects.values_list("code", flat=True))
    for name, value in (
        ("understanding", understanding),
        ("speaking", speaking),
        ("writing", writing),
    ):
        if value.upper() not in levels:
            raise DomainValidationError(_("Choose a CEFR level from A1 to C2."), field=name)
    entry, _created = LanguageSkill.objects.update_or_create(
        profile=profile,
        language_id=language.lower(),
        defaults={
            "understanding_id": understanding.upper(),
            "speaking_id": speaking.upper(),
            "writing_id": writing.upper(),
            "certificate_name": certificate_name.strip(),
            "certificate_score": certificate_score.strip(),
            "certificate_date": certificate_date,
        },
    )
    _entry_audit(actor, profile, "language", "set", entry.pk)
    return entry


@transaction.atomic
def experience_add(
    *,
    actor: User,
    profile_id: int,
    occupation_id: int,
    country: str,
    started_on: date,
    ended_on: date | None = None,
    employer: str = "",
    description: str = "",
) -> WorkExperience:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    if not Occupation.objects.filter(pk=occupation_id).exists():
        raise DomainValidationError(_("Unknown occupation."), field="occupation")
    if ended_on is not None and ended_on < started_on:
        raise DomainValidationError(
            _("The end date must not be before the start date."), field="ended_on"
        )
    if started_on > timezone.localdate():
        raise DomainValidationError(_("The start date is in the future."), field="started_on")
    entry = WorkExperience.objects.create(
        profile=profile,
        occupation_id=occupation_id,
        country=_required_country(country, "country"),
        started_on=started_on,
        ended_on=ended_on,
        employer=employer.strip(),
        description=description.strip(),
    )
    _entry_audit(actor, profile, "experience", "added", entry.pk)
    return entry


@transaction.atomic
def qualification_add(
    *,
    actor: User,
    profile_id: int,
    title: str,
    institution: str,
    country: str,
    isced_level: int,
    field_code: str | None = None,
    awarded_on: date | None = None,
) -> Qualification:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    if not title.strip() or not institution.strip():
        raise DomainValidationError(
            _("Give the title and the awarding institution."), field="title"
        )
    if awarded_on and awarded_on > timezone.localdate():
        raise DomainValidationError(_("The award date is in the future."), field="awarded_on")
    entry = Qualification.objects.create(
        profile=profile,
        title=title.strip(),
        institution=institution.strip(),
        country=_required_country(country, "country"),
        isced_level=_isced_level(isced_level, "isced_level"),
        field=_isced_field(field_code, "field_code"),
        awarded_on=awarded_on,
    )
    _entry_audit(actor, profile, "qualification", "added", entry.pk)
    return entry


# --- Verified items issued by other apps -------------------------------------------------------
# Training (certificates) and recognition write stronger evidence than a migrant may declare. They
# have already checked that ``actor`` may issue it; these functions only record it on the profile.
EVIDENCE_ORDER = list(ProfileSkill.Evidence.values)


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
    entry = Qualification.objects.create(
        profile=profile,
        title=title.strip(),
        institution=institution.strip(),
        country=_required_country(country, "country"),
        isced_level_id=isced_level,
        awarded_on=awarded_on,
        source=source,
    )
    _entry_audit(actor, profile, "qualification", "issued", entry.pk)
    return entry


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
            action="migrants.skill.evidence_raised",
            target=profile,
            data={"evidence": evidence, "added": len(created), "raised": len(changed)},
        )
    if created or changed:
        profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    return len(created) + len(changed)


ENTRY_MODELS: dict[
    str, type[Education | ProfileSkill | LanguageSkill | WorkExperience | Qualification]
] = {
    "education": Education,
    "skill": ProfileSkill,
    "language": LanguageSkill,
    "experience": WorkExperience,
    "qualification": Qualification,
}


# Apps that keep records about a qualification (recognition requests) and that migrants must not
# import register a hook in their ``AppConfig.ready``. Each is called with the acting user and the
# qualification's id inside the removal's transaction, before anything is deleted: it releases
# what may go with the qualification and raises ``InUseError`` naming what must keep it.
QUALIFICATION_REMOVAL_HOOKS: list[Callable[[User, int], None]] = []


@transaction.atomic
def entry_remove(*, actor: User, profile_id: int, kind: str, entry_id: int) -> None:
    """Remove one education, skill, language, experience or qualification entry.

    A qualification goes only if no other record still depends on it (see
    ``QUALIFICATION_REMOVAL_HOOKS``); otherwise ``InUseError`` names that record and nothing
    is removed.
    """
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404("Unknown entry kind.")
    entry = model.objects.filter(pk=entry_id, profile=profile).first()
    if entry is None:
        raise Http404("No such entry.")
    if isinstance(entry, Qualification):
        if entry.is_verified:
            raise DomainValidationError(
                _("A verified qualification can only be revoked by its issuer.")
            )
        for hook in QUALIFICATION_REMOVAL_HOOKS:
            hook(actor, entry.pk)
    documents = list(entry.documents.all()) if isinstance(entry, Qualification) else []
    try:
        entry.delete()
    except ProtectedError as exc:
        # A dependent record no hook knows about: refuse in words rather than crash.
        names = ", ".join(sorted(str(obj) for obj in exc.protected_objects))
        raise InUseError(
            _("This entry cannot be removed: %(records)s still refers to it.") % {"records": names}
        ) from exc
    for document in documents:
        _delete_file_on_commit(document)
    _entry_audit(actor, profile, kind, "removed", entry_id)


# --- Documents --------------------------------------------------------------------------------
def _delete_file_on_commit(document: QualificationDocument) -> None:
    storage, name = document.file.storage, document.file.name or ""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@atomic_with_files
def qualification_document_upload(
    *, actor: User, profile_id: int, qualification_id: int, upload: UploadedFile
) -> QualificationDocument:
    """Store a scan of a qualification; images lose their metadata (``check_upload``)."""
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    qualification = profile.qualifications.filter(pk=qualification_id).first()
    if qualification is None:
        raise Http404("No such qualification.")
    checked = check_upload(upload, allowed=SCANS, max_bytes=MAX_DOCUMENT_BYTES)
    document = QualificationDocument(qualification=qualification, uploaded_by=actor)
    document_file_store(document, checked)
    document.save()
    audit_record(
        actor=actor,
        action="migrants.document.uploaded",
        target=profile,
        data={"qualification": qualification.pk, "document": document.pk, "sha256": checked.sha256},
    )
    return document


@transaction.atomic
def qualification_document_delete(*, actor: User, profile_id: int, document_id: int) -> None:
    profile = get_profile_for_user(actor, profile_id, for_write=True)
    document = QualificationDocument.objects.filter(
        pk=document_id, qualification__profile=profile
    ).first()
    if document is None:
        raise Http404("No such document.")
    _delete_file_on_commit(document)
    document.delete()
    audit_record(
        actor=actor,
        action="migrants.document.deleted",
        target=profile,
        data={"document": document_id},
    )


# --- Consent ----------------------------------------------------------------------------------
@dataclass
class ConsentInput:
    purpose: str
    partnership_id: int | None = None
    country: str | None = None
    organisation_id: int | None = None
    qualification_id: int | None = None
    notice_version: str = CURRENT_NOTICE_VERSION
    channel: str = ConsentGrant.Channel.WEB


def _recipient_refusal(actor: User, profile: MigrantProfile, purpose: str) -> str:
    if profile.user_id != actor.pk:
        return _("A counsellor records this consent only for their own organisation.")
    kinds = sorted(ConsentGrant.RECIPIENT_KINDS[purpose])
    return _("This consent can only name: %(kinds)s.") % {
        "kinds": ", ".join(str(Organisation.Kind(kind).label) for kind in kinds)
    }


@transaction.atomic
def consent_grant(*, actor: User, profile_id: int, data: ConsentInput) -> ConsentGrant:
    """Record one explicit consent. Granting the same consent twice returns the active one.

    Each purpose names only the kinds of organisation ``ConsentGrant.RECIPIENT_KINDS`` allows,
    whoever calls. A counsellor recording for a person without a login records only what intake
    allows (``ConsentGrant.IN_PERSON_PURPOSES``, naming their own organisation)."""
    profile = get_profile_for_user(actor, profile_id)
    if not can_manage_consents(actor, profile):
        raise Http404("No such profile.")
    if data.purpose not in ConsentGrant.Purpose.values:
        raise DomainValidationError(_("Choose what you consent to."), field="purpose")
    if data.purpose not in consent_purposes_for(actor, profile):
        raise DomainValidationError(
            _(
                "Only the person can give this consent, from their own login: a counsellor "
                "records only what the person agreed to at registration."
            ),
            field="purpose",
        )
    recipient_field = ConsentGrant.RECIPIENT_FIELD[ConsentGrant.Purpose(data.purpose)]
    recipient: dict[str, Any] = {
        "partnership_id": None,
        "country_id": None,
        "organisation_id": None,
    }
    if recipient_field == "partnership":
        from partnerships.selectors import public_partnership_list

        if (
            not data.partnership_id
            or not public_partnership_list().filter(pk=data.partnership_id).exists()
        ):
            raise DomainValidationError(
                _("Choose a partnership from the public registry."), field="partnership"
            )
        recipient["partnership_id"] = data.partnership_id
    elif recipient_field == "country":
        recipient["country_id"] = _country(data.country, "country").pk if data.country else None  # type: ignore[union-attr]
        if recipient["country_id"] is None:
            raise DomainValidationError(_("Choose a destination country."), field="country")
    elif recipient_field == "organisation":
        if (
            not data.organisation_id
            or not Organisation.objects.filter(pk=data.organisation_id, is_active=True).exists()
        ):
            raise DomainValidationError(_("Choose an organisation."), field="organisation")
        if (
            not consent_recipients_for(actor, profile, data.purpose)
            .filter(pk=data.organisation_id)
            .exists()
        ):
            raise DomainValidationError(
                _recipient_refusal(actor, profile, data.purpose), field="organisation"
            )
        recipient["organisation_id"] = data.organisation_id
    qualification_id = None
    if data.purpose == ConsentGrant.Purpose.RECOGNITION_SHARE:
        if (
            not data.qualification_id
            or not profile.qualifications.filter(pk=data.qualification_id).exists()
        ):
            raise DomainValidationError(
                _("Choose the qualification to share."), field="qualification"
            )
        qualification_id = data.qualification_id
    if data.channel not in ConsentGrant.Channel.values:
        raise DomainValidationError(_("Unknown channel."), field="channel")
    same = ConsentGrant.objects.active().filter(profile=profile, purpose=data.purpose, **recipient)
    same = (
        same.filter(qualification_id=qualification_id)
        if qualification_id is not None
        else same.filter(qualification__isnull=True)
    )
    existing = same.first()
    if existing is not None:
        return existing
    grant = ConsentGrant.objects.create(
        profile=profile,
        purpose=data.purpose,
        qualification_id=qualification_id,
        notice_version=data.notice_version,
        channel=data.channel,
        granted_by=actor,
        **recipient,
    )
    audit_record(
        actor=actor,
        action="migrants.consent.granted",
        target=profile,
        data={
            "consent": grant.pk,
            "purpose": grant.purpose,
            "channel": grant.channel,
            "notice_version": grant.notice_version,
            **{k: v for k, v in recipient.items() if v},
        },
    )
    profile_changed.send(sender=MigrantProfile, profile_id=profile.pk)
    return grant


@transaction.atomic
def consent_withdraw(*, actor: User, profile_id: int, consent_id: int) -> ConsentGrant:
    """Immediate everywhere: every read of pools, matches and profiles checks active grants."""
    profile = get_profile_for_user(actor, profile_id)
    if not (profile.user_id == actor.pk or can_manage_consents(actor, profile)):
        raise Http404("No such profile.")
    grant = ConsentGrant.objects.select_for_update().filter(pk=consent_id, profile=profile).first()
    if grant is None:
        raise Http404("No such consent.")
    if grant.withdrawn_at is not None:
        return grant
    grant.withdrawn_at = timezone.now()
    grant.withdrawn_by = actor
    grant.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action="migrants.consent.withdrawn",
        target=profile,
        data={"consent": grant.pk, "purpose": grant.purpose},
    )
    profile_changed.send(sender=MigrantProfile, profile_id=grant.profile_id)
    return grant


# --- Duplicates -------------------------------------------------------------------------------
DUPLICATE_CHUNK = 500  # profiles per IN (...) look-up: well under every database's parameter limit


def _lookalikes(profiles: Sequence[MigrantProfile]) -> dict[tuple[int, int], list[str]]:
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


def _flags_record(found: dict[tuple[int, int], list[str]]) -> list[DuplicateFlag]:
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
    """Flag likely duplicates of ``profile`` (see ``_lookalikes``) for an officer's review; never
    merged. Returns the profile's flags for those pairs, new and old."""
    found = _lookalikes([profile])
    _flags_record(found)
    return [
        flag
        for flag in DuplicateFlag.objects.filter(Q(profile=profile) | Q(other=profile))
        if (flag.profile_id, flag.other_id) in found
    ]


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
            created += len(_flags_record(_lookalikes(chunk)))
    return created


@transaction.atomic
def duplicate_flag_review(*, actor: User, flag_id: int, status: str) -> DuplicateFlag:
    from migrants.selectors import duplicate_flag_list_for_user

    flag = duplicate_flag_list_for_user(user=actor).select_for_update().filter(pk=flag_id).first()
    if flag is None:
        raise Http404("No such flag.")
    if status not in (DuplicateFlag.Status.DISMISSED, DuplicateFlag.Status.CONFIRMED):
        raise DomainValidationError(
            _("Choose 'different people' or 'same person'."), field="status"
        )
    previous = flag.status
    flag.status = status
    flag.reviewed_by = actor
    flag.reviewed_at = timezone.now()
    flag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action="migrants.duplicate.reviewed",
        target=flag,
        from_state=previous,
        to_state=status,
    )
    return flag


# --- Bulk registration (training participant imports) -----------------------------------------
def _preloaded_lookups(
    rows: list[ProfileInput],
) -> tuple[Callable[[str | None, str], Country | None], Callable[[str], Language | None]]:
    """Country and language lookups for ``rows`` in two queries, with ``_country``'s errors."""
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

    The same field rules as one registration (``_profile_values``), in a fixed number of queries
    whatever the number of rows. Preferences (destinations, occupations) are not imported.
    People who look like existing profiles (``_lookalikes``) are flagged for the officers'
    duplicate review by ``duplicates_flag_task`` once this has committed: never merged, and never
    told to the provider, who matched the rows only against the people it counsels."""
    from migrants.tasks import duplicates_flag_task

    organisation = next(
        (o for o in intake_organisations_of(actor) if o.pk == organisation_id), None
    )
    if organisation is None:
        raise DomainValidationError(
            _("Only staff of a training provider or a government office can register migrants."),
            field="organisation",
        )
    if any(data.preferred_destinations or data.preferred_occupations for data in rows):
        raise ValueError("profiles_register_imported does not import preferences")
    country, language = _preloaded_lookups(rows)
    now = timezone.now()
    profiles = []
    for data, pseudonym in zip(rows, _unused_pseudonyms(len(rows)), strict=True):
        values = _profile_values(data, country=country, language=language)
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
            ConsentGrant(
                profile=profile,
                purpose=ConsentGrant.Purpose.COUNSELLING,
                organisation=organisation,
                notice_version=notice_version,
                channel=ConsentGrant.Channel.IMPORT,
                granted_at=now,
                granted_by=actor,
            )
            for profile in profiles
        ],
        batch_size=500,
    )
    audit_record_many(
        actor=actor,
        action="migrants.profile.registered_by_import",
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
