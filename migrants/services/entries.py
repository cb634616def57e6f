"""The entries of a profile: education, skills, languages, work experience and declared
qualifications, added or changed by the migrant or their counsellor, and removed.

Stronger evidence (certified or recognised skills, issued qualifications) comes from training and
recognition through ``migrants.internal``, not from here.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.documents import document_file_delete_on_commit
from core.errors import DomainValidationError, InUseError
from migrants import hooks
from migrants.models import (
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    WorkExperience,
)
from migrants.permissions import get_profile_for_user
from migrants.services import reference
from migrants.signals import profile_changed
from taxonomy.models import CefrLevel, Language, Occupation, Skill

# The entry kind ``entry_remove`` takes, per page step and API segment ("skills" -> "skill").
ENTRY_KINDS = {
    "education": "education",
    "skills": "skill",
    "languages": "language",
    "experience": "experience",
    "qualifications": "qualification",
}
ENTRY_MODELS: dict[
    str, type[Education | ProfileSkill | LanguageSkill | WorkExperience | Qualification]
] = {
    "education": Education,
    "skill": ProfileSkill,
    "language": LanguageSkill,
    "experience": WorkExperience,
    "qualification": Qualification,
}


def entry_changed(
    actor: User, profile: MigrantProfile, kind: str, verb: str, entry_id: int
) -> None:
    """Audit ``migrants.<kind>.<verb>`` and tell matching the profile changed."""
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
    level = reference.isced_level(isced_level, "isced_level")
    field_of_study = reference.isced_field(field_code, "field_code")
    if not institution.strip():
        raise DomainValidationError(_("Name the school or institution."), field="institution")
    reference.check_year(start_year, "start_year")
    reference.check_year(end_year, "end_year")
    if start_year and end_year and end_year < start_year:
        raise DomainValidationError(
            _("The end year must not be before the start year."), field="end_year"
        )
    entry = Education.objects.create(
        profile=profile,
        isced_level=level,
        field=field_of_study,
        institution=institution.strip(),
        country=reference.required_country(country, "country"),
        start_year=start_year,
        end_year=end_year,
        completed=completed,
    )
    entry_changed(actor, profile, "education", "added", entry.pk)
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
    entry_changed(actor, profile, "skill", "set", entry.pk)
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
    entry_changed(actor, profile, "language", "set", entry.pk)
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
        country=reference.required_country(country, "country"),
        started_on=started_on,
        ended_on=ended_on,
        employer=employer.strip(),
        description=description.strip(),
    )
    entry_changed(actor, profile, "experience", "added", entry.pk)
    return entry


def qualification_record(
    *,
    actor: User,
    profile: MigrantProfile,
    title: str,
    institution: str,
    country: str,
    isced_level: int,
    field_code: str | None = None,
    awarded_on: date | None = None,
    source: str = Qualification.Source.DECLARED,
) -> Qualification:
    """Store a qualification on ``profile`` (declared, or issued through ``migrants.internal``)
    and audit it; the caller has checked who may."""
    entry = Qualification.objects.create(
        profile=profile,
        title=title.strip(),
        institution=institution.strip(),
        country=reference.required_country(country, "country"),
        isced_level=reference.isced_level(isced_level, "isced_level"),
        field=reference.isced_field(field_code, "field_code"),
        awarded_on=awarded_on,
        source=source,
    )
    verb = "added" if source == Qualification.Source.DECLARED else "issued"
    entry_changed(actor, profile, "qualification", verb, entry.pk)
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
    return qualification_record(
        actor=actor,
        profile=profile,
        title=title,
        institution=institution,
        country=country,
        isced_level=isced_level,
        field_code=field_code,
        awarded_on=awarded_on,
    )


@transaction.atomic
def entry_remove(*, actor: User, profile_id: int, kind: str, entry_id: int) -> None:
    """Remove one education, skill, language, experience or qualification entry.

    A qualification goes only if no other record still depends on it (see
    ``migrants.hooks.QUALIFICATION_REMOVAL_HOOKS``); otherwise ``InUseError`` names that record
    and nothing is removed.
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
        for hook in hooks.QUALIFICATION_REMOVAL_HOOKS:
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
        document_file_delete_on_commit(document)
    entry_changed(actor, profile, kind, "removed", entry_id)
