"""The matching app's admin. Runs and rankings are written by the engine's workers only (a
run's row is the truth of its progress), so everything is read-only here; a full rematch is
started from the API by an administrator. Candidates appear under their global pseudonym."""

from __future__ import annotations

from django.contrib import admin

from core.admin import CandidatePseudonymAdminMixin, ReadOnlyAdminMixin
from matching import models


class MatchChunkInline(ReadOnlyAdminMixin, admin.TabularInline[models.MatchChunk, models.MatchRun]):
    model = models.MatchChunk
    fields = ["index", "status", "attempts", "finished_at"]


@admin.register(models.MatchRun)
class MatchRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.MatchRun]):
    list_display = ["pk", "kind", "status", "vacancy", "chunks_done", "chunks_total", "created_at"]
    list_filter = ["kind", "status"]
    date_hierarchy = "created_at"
    exclude = ["profile"]
    inlines = [MatchChunkInline]


@admin.register(models.MatchResult)
class MatchResultAdmin(CandidatePseudonymAdminMixin, admin.ModelAdmin[models.MatchResult]):
    list_display = ["run", "vacancy", "rank", "score"]
    list_select_related = ["run", "vacancy"]
    exclude = ["profile"]


@admin.register(models.Match)
class MatchAdmin(CandidatePseudonymAdminMixin, admin.ModelAdmin[models.Match]):
    list_display = ["vacancy", "rank", "score", "run", "updated_at"]
    list_select_related = ["vacancy", "run"]
    search_fields = ["vacancy__title"]
    exclude = ["profile"]
