"""What the portal holds about a person, gathered for their copy of it (GDPR art. 15 and 20).

The migrants app's own records, then one section per other app that keeps records about the
person (``migrants.hooks.EXPORT_SECTIONS``: recognition requests, training, employers' interests,
matches), each built by that app from its own tables."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import Notification
from audit.models import AuditEvent
from migrants.hooks import EXPORT_SECTIONS, ExportContext
from migrants.models import DisabilityInformation, MigrantProfile, PassportShare
from migrants.selectors import experience_years_by_occupation
from taxonomy.models import Occupation

EXPORT_FORMAT_VERSION = 1


def _country(country: Any) -> dict[str, str] | None:
    return {"code": country.code, "name": country.name} if country is not None else None


def profile_export_data(profile: MigrantProfile, document_paths: dict[int, str]) -> dict[str, Any]:
    """Every personal datum held about ``profile``, as ``profile.json`` of the export has it;
    ``document_paths`` says where each document's file is in the archive."""
    data = _own_records(profile, document_paths)
    context = ExportContext(profile=profile, document_paths=document_paths)
    for name, section in EXPORT_SECTIONS.items():
        if name in data:
            raise ValueError(f"The export section {name!r} would replace the profile's own.")
        data[name] = section(context)
    return data


def _own_records(profile: MigrantProfile, document_paths: dict[int, str]) -> dict[str, Any]:
    user = profile.user
    disability = DisabilityInformation.objects.filter(profile=profile).first()
    years = experience_years_by_occupation(profile=profile)
    qualifications = profile.qualifications.select_related(
        "country", "isced_level", "field"
    ).prefetch_related("documents")
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
            for e in profile.education.select_related("isced_level", "field", "country")
        ],
        "skills": [
            {
                "skill": s.skill.preferred_label,
                "esco_uri": s.skill.uri,
                "proficiency": s.proficiency,
                "evidence": s.evidence,
            }
            for s in profile.skills.select_related("skill")
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
            for lang in profile.languages.select_related("language")
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
            for x in profile.experience.select_related("occupation", "country")
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
            for c in profile.consents.select_related(
                "partnership", "country", "organisation", "granted_by", "withdrawn_by"
            ).order_by("granted_at", "pk")
        ],
        "passport_shares": [
            {
                "id": share.pk,
                "label": share.label,
                "items": share.item_keys,
                "created_at": share.created_at,
                "expires_at": share.expires_at,
                "revoked_at": share.revoked_at,
                "last_viewed_at": share.last_viewed_at,
                "view_count": share.view_count,
            }
            for share in PassportShare.objects.filter(profile=profile).order_by("created_at", "pk")
        ],
        "notifications": [
            {
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in (
                Notification.objects.filter(user=user).order_by("created_at", "pk")
                if user is not None
                else Notification.objects.none()
            )
        ],
        "history": [
            {"action": e.action, "occurred_at": e.occurred_at, "actor": e.actor_label}
            for e in AuditEvent.objects.for_target(profile).order_by("occurred_at", "pk")
        ],
    }
