from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from taxonomy import models


@admin.register(models.Occupation)
class OccupationAdmin(admin.ModelAdmin[models.Occupation]):
    list_display = ["code", "title", "level", "isco_code", "status", "source"]
    list_filter = ["level", "status", "source"]
    search_fields = ["code", "title", "search_text"]
    raw_id_fields = ["parent"]


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin[models.Skill]):
    list_display = ["preferred_label", "skill_type", "reuse_level", "sector", "status", "source"]
    list_filter = ["skill_type", "reuse_level", "sector", "status", "source", "collections"]
    search_fields = ["preferred_label", "search_text", "uri"]


@admin.register(models.Sector)
class SectorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.Sector]):
    """The list is ``Sector.Code``; load_starter_taxonomy keeps one row per code."""

    list_display = ["code", "label", "rank"]


@admin.register(models.TaxonomyImport)
class TaxonomyImportAdmin(admin.ModelAdmin[models.TaxonomyImport]):
    list_display = ["kind", "source", "started_at", "finished_at"]
    readonly_fields = ["kind", "source", "started_at", "finished_at", "counts", "files_missing"]


for model in (
    models.Country,
    models.Language,
    models.IscedLevel,
    models.IscedField,
    models.CefrLevel,
    models.SkillCollection,
    models.SkillGroup,
    models.GcmObjective,
    models.SdgTarget,
    models.Currency,
):
    admin.site.register(model)
