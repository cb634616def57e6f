"""The data subject's rights over a migrant profile: access and portability (GDPR art. 15 and 20)
and erasure (art. 17).

Export is the owner's alone: counsellors and officers see a profile through a consent, but a copy
of everything is for the person it is about.

Erasure is done by the owner, or by a superuser acting on the person's written request (a
profile registered in person may have no login yet, and people also ask by letter). Nobody else
can erase: an officer who could would be able to make a person vanish from a recognition or a
match. Erasure anonymises rather than deletes the profile row and the login, so the audit trail,
the consent ledger and counts in statistics keep their structure; everything identifying is
blanked, child records and document files are deleted, consent grants end, and audit events keep
their action codes and times with personal data redacted (``audit.services.audit_redact``).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import ApiToken, User
from audit.models import AuditEvent
from audit.services import audit_record, audit_redact
from core.uploads import download_name
from migrants.models import (
    ConsentGrant,
    DisabilityInformation,
    DuplicateFlag,
    Education,
    LanguageSkill,
    MigrantProfile,
    PassportShare,
    ProfileSkill,
    Qualification,
    QualificationDocument,
    WorkExperience,
)
from migrants.permissions import get_profile_for_user
from migrants.selectors import experience_years_by_occupation
from taxonomy.models import Occupation

EXPORT_FORMAT_VERSION = 1


# --- Export -----------------------------------------------------------------------------------
def _own_profile(actor: User, profile_id: int) -> MigrantProfile:
    profile = get_profile_for_user(actor, profile_id)
    if profile.user_id != actor.pk:
        # A counsellor or officer who may read the profile still may not take a copy of it all.
        raise Http404("No such profile.")
    return profile


def _country(country: Any) -> dict[str, str] | None:
    return {"code": country.code, "name": country.name} if country is not None else None


def _document_path(qualification_id: int, document: QualificationDocument, taken: set[str]) -> str:
    # The uploader's name without any path, with the extension of the type found in the file.
    name = download_name(document.original_name, document.content_type)
    path = f"documents/{qualification_id}/{name}"
    if path in taken:
        path = f"documents/{qualification_id}/{document.pk}-{name}"
    taken.add(path)
    return path


def _profile_data(profile: MigrantProfile, document_paths: dict[int, str]) -> dict[str, Any]:
    user = profile.user
    disability = DisabilityInformation.objects.filter(profile=profile).first()
    years = experience_years_by_occupation(profile=profile)
    qualifications = (
        Qualification.objects.filter(profile=profile)
        .select_related("country", "isced_level", "field")
        .prefetch_related("documents")
    )
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": (
            {
                "email": user.email,
                "full_name": user.full_name,
                "preferred_language": user.preferred_language,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            }
            if user is not None
            else None
        ),
        "profile": {
            "id": profile.pk,
            "pseudonym": profile.pseudonym,
            "given_names": profile.given_names,
            "family_name": profile.family_name,
            "date_of_birth": profile.date_of_birth,
            "sex": profile.sex,
            "nationality": _country(profile.nationality),
            "country_of_residence": _country(profile.country_of_residence),
            "phone": profile.phone,
            "contact_email": profile.contact_email,
            "contact_language": (
                {"code": profile.contact_language.code, "name": profile.contact_language.name}
                if profile.contact_language is not None
                else None
            ),
            "migration_status": profile.migration_status,
            "returned_from": _country(profile.returned_from),
            "preferred_destinations": [
                _country(c) for c in profile.preferred_destinations.order_by("code")
            ],
            "preferred_occupations": [
                {"id": o.pk, "isco_code": o.isco_code, "title": o.title}
                for o in profile.preferred_occupations.order_by("isco_code", "title")
            ],
            "available_from": profile.available_from,
            "track_interest": profile.track_interest,
            "registered_by_organisation": (
                str(profile.registered_by_organisation)
                if profile.registered_by_organisation is not None
                else None
            ),
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
        },
        "disability": (
            {
                "description": disability.description,
                "needs_accommodation": disability.needs_accommodation,
                "accommodation_notes": disability.accommodation_notes,
                "updated_at": disability.updated_at,
            }
            if disability is not None
            else None
        ),
        "education": [
            {
                "id": e.pk,
                "isced_level": e.isced_level_id,
                "isced_level_title": e.isced_level.title,
                "field": e.field_id,
                "field_title": e.field.title if e.field is not None else None,
                "institution": e.institution,
                "country": _country(e.country),
                "start_year": e.start_year,
                "end_year": e.end_year,
                "completed": e.completed,
            }
            for e in Education.objects.filter(profile=profile).select_related(
                "isced_level", "field", "country"
            )
        ],
        "skills": [
            {
                "skill": s.skill.preferred_label,
                "esco_uri": s.skill.uri,
                "proficiency": s.proficiency,
                "evidence": s.evidence,
            }
            for s in ProfileSkill.objects.filter(profile=profile).select_related("skill")
        ],
        "languages": [
            {
                "language": {"code": lang.language_id, "name": lang.language.name},
                "understanding": lang.understanding_id,
                "speaking": lang.speaking_id,
                "writing": lang.writing_id,
                "certificate_name": lang.certificate_name,
                "certificate_score": lang.certificate_score,
                "certificate_date": lang.certificate_date,
            }
            for lang in LanguageSkill.objects.filter(profile=profile).select_related("language")
        ],
        "experience": [
            {
                "id": x.pk,
                "occupation": {"isco_code": x.occupation.isco_code, "title": x.occupation.title},
                "employer": x.employer,
                "country": _country(x.country),
                "started_on": x.started_on,
                "ended_on": x.ended_on,
                "description": x.description,
            }
            for x in WorkExperience.objects.filter(profile=profile).select_related(
                "occupation", "country"
            )
        ],
        "experience_years_by_occupation": [
            {"isco_code": o.isco_code, "title": o.title, "years": years[o.pk]}
            for o in Occupation.objects.filter(pk__in=years).order_by("isco_code")
        ],
        "qualifications": [
            {
                "id": q.pk,
                "title": q.title,
                "institution": q.institution,
                "country": _country(q.country),
                "isced_level": q.isced_level_id,
                "field": q.field_id,
                "awarded_on": q.awarded_on,
                "source": q.source,
                "created_at": q.created_at,
                "documents": [
                    {
                        "id": d.pk,
                        "original_name": d.original_name,
                        "content_type": d.content_type,
                        "size": d.size,
                        "sha256": d.sha256,
                        "uploaded_at": d.uploaded_at,
                        "file_in_archive": document_paths.get(d.pk),
                    }
                    for d in q.documents.all()
                ],
            }
            for q in qualifications
        ],
        "consents": [
            {
                "id": c.pk,
                "purpose": c.purpose,
                "purpose_text": str(c.get_purpose_display()),
                "partnership": c.partnership.title if c.partnership is not None else None,
                "country": _country(c.country),
                "organisation": c.organisation.name if c.organisation is not None else None,
                "qualification": c.qualification_id,
                "notice_version": c.notice_version,
                "channel": c.channel,
                "granted_at": c.granted_at,
                "granted_by": str(c.granted_by) if c.granted_by is not None else None,
                "withdrawn_at": c.withdrawn_at,
                "withdrawn_by": str(c.withdrawn_by) if c.withdrawn_by is not None else None,
            }
            for c in ConsentGrant.objects.filter(profile=profile)
            .select_related("partnership", "country", "organisation", "granted_by", "withdrawn_by")
            .order_by("granted_at", "pk")
        ],
        "history": [
            {"action": e.action, "occurred_at": e.occurred_at, "actor": e.actor_label}
            for e in AuditEvent.objects.for_target(profile).order_by("occurred_at", "pk")
        ],
    }


@transaction.atomic
def profile_export(*, actor: User, profile_id: int) -> bytes:
    """A ZIP with ``profile.json`` (every personal datum held about the profile) and the
    qualification documents under ``documents/<qualification id>/<original name>``."""
    profile = _own_profile(actor, profile_id)
    documents = QualificationDocument.objects.filter(qualification__profile=profile).order_by(
        "qualification_id", "pk"
    )
    buffer = io.BytesIO()
    taken: set[str] = set()
    document_paths: dict[int, str] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            try:
                with document.file.open("rb") as handle:
                    content = handle.read()
            except FileNotFoundError:
                continue  # listed in profile.json without "file_in_archive"
            path = _document_path(document.qualification_id, document, taken)
            archive.writestr(path, content)
            document_paths[document.pk] = path
        data = _profile_data(profile, document_paths)
        archive.writestr(
            "profile.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    audit_record(
        actor=actor,
        action="migrants.profile.exported",
        target=profile,
        data={"documents": len(document_paths)},
    )
    return buffer.getvalue()


# --- Erasure ----------------------------------------------------------------------------------
# Other apps' part of an erasure (e.g. recognition requests), registered in their
# AppConfig.ready() so that this module knows none of them. Each is called with the profile and
# the acting user inside the erasure's transaction, before anything is blanked or deleted.
ERASURE_HOOKS: list[Callable[[MigrantProfile, User], None]] = []


def _profile_for_erasure(actor: User, profile_id: int, request_reference: str) -> MigrantProfile:
    if actor.is_superuser and actor.is_active and request_reference.strip():
        profile = MigrantProfile.objects.filter(
            pk=profile_id, state=MigrantProfile.State.ACTIVE
        ).first()
        if profile is None:
            raise Http404("No such profile.")
        return profile
    return _own_profile(actor, profile_id)


def _personal_strings(profile: MigrantProfile, user: User | None) -> dict[str, str]:
    """Values to scrub wherever they were copied into audit labels or data."""
    values = [
        f"{profile.given_names} {profile.family_name}",
        profile.given_names,
        profile.family_name,
        profile.normalized_name,
        profile.phone,
        profile.contact_email,
    ]
    if user is not None:
        values += [user.email, user.full_name]
    # Longest first, so a full name is replaced before its parts; very short strings would
    # blank unrelated text.
    unique = sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=len, reverse=True)
    return dict.fromkeys(unique, "[redacted]")


def _sessions_end(user: User) -> None:
    # The unusable password already invalidates every session's auth hash; deleting them also
    # removes whatever the session stored about the person.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return  # cookie or cache sessions: nothing stored in the database
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()


def _account_anonymise(user: User, pseudonym: str) -> None:
    user.email = f"erased-{pseudonym.lower()}@invalid.example"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    _sessions_end(user)


@transaction.atomic
def profile_erase(*, actor: User, profile_id: int, request_reference: str = "") -> None:
    """Anonymise the profile and its login; see the module docstring for who may.

    ``request_reference`` (a superuser's ticket or letter number, no personal data) is required
    when a superuser erases someone else's profile and is kept in the audit event.
    """
    profile = _profile_for_erasure(actor, profile_id, request_reference)
    profile = MigrantProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.state != MigrantProfile.State.ACTIVE:
        raise Http404("No such profile.")  # erased meanwhile
    account = User.objects.select_for_update().get(pk=profile.user_id) if profile.user_id else None
    by_owner = account is not None and account.pk == actor.pk
    scrub = _personal_strings(profile, account)
    now = timezone.now()
    for hook in ERASURE_HOOKS:
        hook(profile, actor)

    # The consent ledger stays (when, for what, to whom) but every grant ends now. Grants for a
    # qualification would cascade away with it, so they let go of the qualification first.
    consents_ended = (
        ConsentGrant.objects.active()
        .filter(profile=profile)
        .update(withdrawn_at=now, withdrawn_by=actor)
    )
    ConsentGrant.objects.filter(profile=profile, qualification__isnull=False).update(
        qualification=None
    )
    # Skills passport links stop working; their own notes about whom they were for go.
    PassportShare.objects.filter(profile=profile, revoked_at__isnull=True).update(revoked_at=now)
    PassportShare.objects.filter(profile=profile).update(label="")

    DisabilityInformation.objects.filter(profile=profile).delete()
    documents = list(QualificationDocument.objects.filter(qualification__profile=profile))
    for document in documents:
        storage, name = document.file.storage, document.file.name or ""
        if name:
            # Only once the erasure is committed: a rollback must not lose the files.
            transaction.on_commit(partial(storage.delete, name))
    for qualification in Qualification.objects.filter(profile=profile):
        try:
            with transaction.atomic():
                qualification.delete()  # documents cascade
        except ProtectedError:
            # Another app keeps it as part of its own record (e.g. an authority's decision):
            # it stays, without its documents.
            qualification.documents.all().delete()
    Education.objects.filter(profile=profile).delete()
    ProfileSkill.objects.filter(profile=profile).delete()
    LanguageSkill.objects.filter(profile=profile).delete()
    WorkExperience.objects.filter(profile=profile).delete()
    DuplicateFlag.objects.filter(
        Q(profile=profile) | Q(other=profile), status=DuplicateFlag.Status.OPEN
    ).delete()

    profile.given_names = ""
    profile.family_name = ""
    profile.normalized_name = ""
    profile.date_of_birth = None
    profile.sex = MigrantProfile.Sex.UNDISCLOSED
    profile.nationality = None
    profile.country_of_residence = None
    profile.phone = ""
    profile.contact_email = ""
    profile.contact_language = None
    profile.migration_status = MigrantProfile.MigrationStatus.PROSPECTIVE
    profile.returned_from = None
    profile.available_from = None
    profile.track_interest = MigrantProfile.TrackInterest.BOTH
    profile.handover_token_hash = ""
    profile.handover_expires_at = None
    profile.state = MigrantProfile.State.ERASED
    profile.erased_at = now
    profile.save()
    profile.preferred_destinations.clear()
    profile.preferred_occupations.clear()

    audit_redact(target=profile, label=profile.pseudonym, actor=account, replacements=scrub)
    if account is not None:
        _account_anonymise(account, profile.pseudonym)
        audit_redact(target=account, label=profile.pseudonym, replacements=scrub)
        if by_owner:
            # The caller's object still carries the old name and e-mail.
            actor.refresh_from_db(fields=["email", "full_name", "password", "is_active"])

    audit_record(
        actor=account if by_owner else actor,
        action="migrants.profile.erased",
        target=profile,
        data={
            "consents_ended": consents_ended,
            "documents_deleted": len(documents),
            **(
                {"basis": "owner"}
                if by_owner
                else {"basis": "written_request", "request_reference": request_reference.strip()}
            ),
        },
    )
