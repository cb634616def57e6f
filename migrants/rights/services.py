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
import re
import zipfile
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import ApiToken, Notification, User
from audit.services import audit_record, audit_redact
from core.documents import document_file_delete_on_commit
from core.uploads import download_name
from migrants import hooks
from migrants.internal import personal_values
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
from migrants.rights.selectors import profile_export_data


# --- Export -----------------------------------------------------------------------------------
def _own_profile(actor: User, profile_id: int) -> MigrantProfile:
    profile = get_profile_for_user(actor, profile_id)
    if profile.user_id != actor.pk:
        # A counsellor or officer who may read the profile still may not take a copy of it all.
        raise Http404("No such profile.")
    return profile


def _document_path(qualification_id: int, document: QualificationDocument, taken: set[str]) -> str:
    # The uploader's name without any path, with the extension of the type found in the file.
    name = download_name(document.original_name, document.content_type)
    path = f"documents/{qualification_id}/{name}"
    if path in taken:
        path = f"documents/{qualification_id}/{document.pk}-{name}"
    taken.add(path)
    return path


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
        data = profile_export_data(profile, document_paths)
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
# What erasure leaves of a profile's own fields: nothing identifying (the pseudonym stays).
ERASED_PROFILE: dict[str, object] = {
    "given_names": "",
    "family_name": "",
    "normalized_name": "",
    "date_of_birth": None,
    "sex": MigrantProfile.Sex.UNDISCLOSED,
    "nationality": None,
    "country_of_residence": None,
    "phone": "",
    "contact_email": "",
    "contact_language": None,
    "migration_status": MigrantProfile.MigrationStatus.PROSPECTIVE,
    "returned_from": None,
    "available_from": None,
    "track_interest": MigrantProfile.TrackInterest.BOTH,
    "handover_token_hash": "",
    "handover_expires_at": None,
}


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
    return dict.fromkeys(personal_values(profile, user, profile.normalized_name), "[redacted]")


def _scrubbed(text: str, scrub: dict[str, str]) -> str:
    for personal, substitute in scrub.items():
        text = re.sub(re.escape(personal), substitute, text, flags=re.IGNORECASE)
    return text


def _qualification_scrub(qualification: Qualification, scrub: dict[str, str]) -> None:
    title = _scrubbed(qualification.title, scrub)
    institution = _scrubbed(qualification.institution, scrub)
    if (title, institution) != (qualification.title, qualification.institution):
        Qualification.objects.filter(pk=qualification.pk).update(
            title=title, institution=institution
        )


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
    # The inbox quotes what others wrote to the person (employers' messages, officers' requests)
    # and their own address; nobody can sign in to read it any more.
    Notification.objects.filter(user=user).delete()
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
    for hook in hooks.ERASURE_HOOKS:
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
        document_file_delete_on_commit(document)  # a rolled-back erasure keeps the files
    for qualification in Qualification.objects.filter(profile=profile):
        try:
            with transaction.atomic():
                qualification.delete()  # documents cascade
        except ProtectedError:
            # Another app keeps it as part of its own record (e.g. an authority's decision):
            # it stays, without its documents, and without the person's names and contact
            # details wherever they were typed into its title or institution.
            qualification.documents.all().delete()
            _qualification_scrub(qualification, scrub)
    Education.objects.filter(profile=profile).delete()
    ProfileSkill.objects.filter(profile=profile).delete()
    LanguageSkill.objects.filter(profile=profile).delete()
    WorkExperience.objects.filter(profile=profile).delete()
    DuplicateFlag.objects.filter(
        Q(profile=profile) | Q(other=profile), status=DuplicateFlag.Status.OPEN
    ).delete()

    for name, blank in ERASED_PROFILE.items():
        setattr(profile, name, blank)
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
