from __future__ import annotations

from django.contrib import admin

from partnerships import models


class MemberInline(admin.TabularInline[models.PartnershipMember, models.Partnership]):
    model = models.PartnershipMember
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin[models.Partnership]):
    """Read-mostly: changes go through the portal's services, which audit them."""

    list_display = ["reference_code", "title", "kind", "status", "start_on", "end_on"]
    list_filter = ["status", "kind", "instrument"]
    search_fields = ["reference_code", "title", "summary"]
    readonly_fields = ["reference_code", "status", "created_by", "created_at", "updated_at"]
    inlines = [MemberInline]
