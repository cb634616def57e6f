from __future__ import annotations

from django.contrib import admin

from audit.models import AuditEvent
from core.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[AuditEvent]):
    """Append-only: events are read here, never added, changed or deleted."""

    list_display = [
        "occurred_at",
        "action",
        "actor_label",
        "target_label",
        "from_state",
        "to_state",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "actor_label", "target_label", "request_id"]
    date_hierarchy = "occurred_at"
