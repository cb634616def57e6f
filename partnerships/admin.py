"""Partnerships in the admin: for reading. Every change goes through the portal's services,
which check the lifecycle and the ledger rules and write the partnership's history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from partnerships import models

P = models.Partnership


class _Inline(ReadOnlyAdminMixin, admin.TabularInline[Any, P]):
    extra = 0


class MemberInline(_Inline):
    model = models.PartnershipMember


class SectorInline(_Inline):
    model = models.PartnershipSector


class CorridorInline(_Inline):
    model = models.Corridor


class CityInline(_Inline):
    model = models.PartnershipCity


class TargetInline(_Inline):
    model = models.AnnualTarget


class IndicatorInline(_Inline):
    model = models.CustomIndicator


class CostInline(_Inline):
    model = models.CostEntry
    fields = ["kind", "cost_group", "payer", "paid_by_migrants", "amount", "currency", "voided_at"]
    readonly_fields = ["amount"]  # computed by the service


class DocumentInline(_Inline):
    model = models.PartnershipDocument
    fields = ["kind", "title", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


@admin.register(models.Partnership)
class PartnershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[P]):
    list_display = ["reference_code", "title", "kind", "status", "start_on", "end_on"]
    list_filter = ["status", "kind", "instrument"]
    search_fields = ["reference_code", "title", "summary"]
    inlines = [
        MemberInline,
        SectorInline,
        CorridorInline,
        CityInline,
        TargetInline,
        IndicatorInline,
        CostInline,
        DocumentInline,
    ]
