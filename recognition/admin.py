"""The recognition app's admin. An authority's rules (competence, deadlines) are configuration
and editable here; requests, decisions and messages change only through the services, which
check the procedure and audit every step, so they are read-only."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from recognition import models


@admin.register(models.AuthorityProfile)
class AuthorityProfileAdmin(admin.ModelAdmin[models.AuthorityProfile]):
    list_display = ["organisation", "region", "academic", "vocational", "days_to_decide"]
    list_filter = ["academic", "vocational"]
    search_fields = ["organisation__name", "region"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["regulated_occupations"]


class MessageInline(
    ReadOnlyAdminMixin, admin.TabularInline[models.RequestMessage, models.RecognitionRequest]
):
    model = models.RequestMessage
    fields = ["created_at", "from_applicant", "requests_documents", "author"]


@admin.register(models.RecognitionRequest)
class RecognitionRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.RecognitionRequest]):
    list_display = ["reference", "status", "authority", "purpose", "submitted_at"]
    list_filter = ["status", "purpose", "direction"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    inlines = [MessageInline]


class MeasureInline(
    ReadOnlyAdminMixin, admin.TabularInline[models.CompensationMeasure, models.Decision]
):
    model = models.CompensationMeasure


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.Decision]):
    list_display = ["request", "stage", "outcome", "decided_at", "revoked_at"]
    list_filter = ["stage", "outcome"]
    search_fields = ["request__reference", "verification_code"]
    date_hierarchy = "decided_at"
    inlines = [MeasureInline]
