"""The migrants app's admin: every model, read-only. A profile, its entries, its consents and
its documents change only through the services, which check who may and audit every change;
the administration site is for looking things up (e.g. a written erasure request).

Special-category data (disability) is not shown, listed or searched; secrets (the
handover code's and a passport link's token hashes) are not editable fields and so not shown,
nor are a passport link's note and a document's storage path."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model

from core.admin import ReadOnlyAdminMixin
from migrants import models


class ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin[Model]):
    list_per_page = 50


class OfProfile(ReadOnly):
    """A record of one profile, found by the profile's pseudonym."""

    search_fields = ["profile__pseudonym"]
    list_select_related = ["profile"]


@admin.register(models.MigrantProfile)
class MigrantProfileAdmin(ReadOnly):
    list_display = [
        "pseudonym",
        "state",
        "migration_status",
        "nationality",
        "registered_by_organisation",
        "created_at",
    ]
    list_filter = ["state", "migration_status", "track_interest"]
    list_select_related = ["nationality", "registered_by_organisation"]
    search_fields = ["pseudonym", "normalized_name", "contact_email", "user__email"]
    date_hierarchy = "created_at"


@admin.register(models.DisabilityInformation)
class DisabilityInformationAdmin(OfProfile):
    """That a record exists and when it changed; never what it says, which only the person
    and the organisations they share it with read (each read by them audited)."""

    list_display = ["profile", "updated_at"]
    exclude = ["description", "needs_accommodation", "accommodation_notes"]


@admin.register(models.Education)
class EducationAdmin(OfProfile):
    list_display = ["profile", "isced_level", "field", "country", "end_year"]
    list_filter = ["isced_level"]


@admin.register(models.ProfileSkill)
class ProfileSkillAdmin(OfProfile):
    list_display = ["profile", "skill", "proficiency", "evidence"]
    list_filter = ["evidence", "proficiency"]
    list_select_related = ["profile", "skill"]


@admin.register(models.LanguageSkill)
class LanguageSkillAdmin(OfProfile):
    list_display = ["profile", "language", "understanding", "speaking", "writing"]


@admin.register(models.WorkExperience)
class WorkExperienceAdmin(OfProfile):
    list_display = ["profile", "occupation", "country", "started_on", "ended_on"]
    list_select_related = ["profile", "occupation", "country"]


@admin.register(models.Qualification)
class QualificationAdmin(OfProfile):
    list_display = ["profile", "title", "isced_level", "country", "source", "awarded_on"]
    list_filter = ["source", "isced_level"]


@admin.register(models.QualificationDocument)
class QualificationDocumentAdmin(ReadOnly):
    list_display = ["qualification", "content_type", "size", "uploaded_at"]
    list_select_related = ["qualification"]
    search_fields = ["qualification__profile__pseudonym", "sha256"]
    exclude = ["file"]


@admin.register(models.ConsentGrant)
class ConsentGrantAdmin(OfProfile):
    list_display = ["profile", "purpose", "organisation", "channel", "granted_at", "withdrawn_at"]
    list_filter = ["purpose", "channel"]
    list_select_related = ["profile", "organisation"]
    date_hierarchy = "granted_at"


@admin.register(models.DuplicateFlag)
class DuplicateFlagAdmin(ReadOnly):
    list_display = ["profile", "other", "status", "created_at", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["profile", "other"]
    search_fields = ["profile__pseudonym", "other__pseudonym"]


@admin.register(models.PassportShare)
class PassportShareAdmin(OfProfile):
    list_display = ["profile", "status", "expires_at", "revoked_at", "view_count"]
    exclude = ["label"]  # the person's own note of whom they sent the link to
