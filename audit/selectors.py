from __future__ import annotations

from django.db import models

from audit.models import AuditEvent, AuditEventQuerySet


def audit_event_list_for_target(*, target: models.Model) -> AuditEventQuerySet:
    """The history of one object, newest first. Callers check they may see ``target`` first."""
    return AuditEvent.objects.for_target(target).select_related("actor")


def audit_event_list() -> AuditEventQuerySet:
    return AuditEvent.objects.select_related("actor", "target_type")
