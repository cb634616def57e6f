"""Audit events are written through audit.services.audit_record and read through selectors."""

app_name = "audit"
urlpatterns: list[object] = []
