"""Partnerships in the admin: for reading. Every change goes through the portal's services,
which check the lifecycle and the ledger rules and write the partnership's history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model

from core.admin import ReadOnlyAdminMixin
from partnerships import models


def _inline(model: type[Model], *fields: str, computed: tuple[str, ...] = ()) -> type[Any]:
    """A read-only table of the partnership's ``model`` rows (``computed``: fields the
    services fill in, shown but never part of a form)."""
    attrs: dict[str, Any] = {"model": model, "extra": 0, "readonly_fields": computed}
    if fields:
        attrs["fields"] = fields
    return type(
        f"{model.__name__}Inline",
        (ReadOnlyAdminMixin, admin.TabularInline),
        {**attrs, "__module__": __name__},
    )


@admin.register(models.Partnership)
class PartnershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.Partnership]):
    list_display = ["reference_code", "title", "kind", "status", "start_on", "end_on"]
    list_filter = ["status", "kind", "instrument"]
    search_fields = ["reference_code", "title", "summary"]
    inlines = [
        _inline(models.PartnershipMember),
        _inline(models.PartnershipSector),
        _inline(models.Corridor),
        _inline(models.PartnershipCity),
        _inline(models.AnnualTarget),
        _inline(models.CustomIndicator),
        _inline(
            models.CostEntry,
            "kind",
            "cost_group",
            "payer",
            "paid_by_migrants",
            "amount",
            "currency",
            "voided_at",
            computed=("amount",),
        ),
        _inline(
            models.PartnershipDocument, "kind", "title", "uploaded_at", computed=("uploaded_at",)
        ),
    ]
