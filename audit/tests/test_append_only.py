"""Audit rows cannot be changed or deleted through the ORM, the admin or any code path but
erasure's redaction (``audit.services.audit_redact``); appending stays possible one by one and
in bulk."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record
from tests.clients import ClientFor

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def event() -> AuditEvent:
    return audit_record(actor=None, action="taxonomy.esco_import.completed", data={"rows": 3})


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.data) == ("taxonomy.esco_import.completed", {"rows": 3})


def test_a_stored_event_cannot_be_saved_again(event: AuditEvent) -> None:
    event.action = "taxonomy.esco_import.failed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["action"])
    _unchanged(event)


def test_a_stored_event_cannot_be_deleted(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()
    _unchanged(event)


@pytest.mark.parametrize(
    "change",
    [
        lambda: AuditEvent.objects.all().update(action="x.y.z"),
        lambda: AuditEvent.objects.filter(action__startswith="taxonomy").delete(),
        lambda: AuditEvent.objects.update(data={}),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent.objects.bulk_update(
            [AuditEvent(pk=AuditEvent.objects.get().pk, action="x.y.z")], ["action"]
        ),
        lambda: AuditEvent.objects.update_or_create(
            pk=AuditEvent.objects.get().pk, defaults={"action": "x.y.z"}
        ),
    ],
    ids=[
        "update",
        "filtered-delete",
        "manager-update",
        "delete",
        "bulk_update",
        "update_or_create",
    ],
)
def test_queryset_changes_are_refused(event: AuditEvent, change: object) -> None:
    with pytest.raises(AppendOnlyError), transaction.atomic():
        change()  # type: ignore[operator]
    _unchanged(event)


def test_events_are_still_appended_in_bulk(event: AuditEvent) -> None:
    AuditEvent.objects.bulk_create(
        [AuditEvent(action="training.participant_import.row_added") for _ in range(3)]
    )
    assert AuditEvent.objects.count() == 4
    _unchanged(event)


def test_the_administration_site_changes_and_deletes_nothing(
    event: AuditEvent, admin_user: User, client_for: ClientFor
) -> None:
    client = client_for(admin_user)
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.get(change).status_code == 200  # read
    assert client.post(change, {"action": "x.y.z"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    _unchanged(event)


# --- The one sanctioned path: erasure's redaction ----------------------------------------------
# The modules that may call ``audit_redact``, and why: both run only for a person's erasure.
REDACTORS = {
    "migrants/rights/services.py": "profile_erase (GDPR art. 17)",
    "training/import_retention.py": "erasure of the person from participant imports",
    "training/erasure.py": "erasure of the person's references and reasons from enrolments",
    "employers/erasure.py": "erasure of the person's pipeline messages and reasons",
}


def _python_sources() -> list[Path]:
    apps = [a for a in settings.INSTALLED_APPS if "." not in a and (ROOT / a).is_dir()]
    return [
        path
        for app in apps
        for path in sorted((ROOT / app).rglob("*.py"))
        if "tests" not in path.relative_to(ROOT).parts
    ]


def _goes_around(node: ast.Attribute) -> bool:
    """``x._base_manager`` or ``QuerySet.update`` / ``.delete`` called on the class itself."""
    if node.attr == "_base_manager":
        return True
    on = node.value
    on_queryset = (isinstance(on, ast.Name) and on.id == "QuerySet") or (
        isinstance(on, ast.Attribute) and on.attr == "QuerySet"
    )
    return on_queryset and node.attr in ("update", "delete", "_raw_delete")


def test_only_erasure_rewrites_audit_rows() -> None:
    """No module but ``audit.services`` goes around the append-only queryset (the base
    ``QuerySet``'s methods or the base manager), and only erasure calls ``audit_redact``."""
    bypasses, redactors = [], set()
    for path in _python_sources():
        name = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _goes_around(node):
                bypasses.append(f"{name}:{node.lineno}")
            if (
                isinstance(node, ast.Name)
                and node.id == "audit_redact"
                and name != "audit/services.py"
            ):
                redactors.add(name)
    sanctioned = [b for b in bypasses if b.startswith("audit/services.py:")]
    assert len(sanctioned) == 1  # audit_redact's own update: the check does see it
    assert [b for b in bypasses if b not in sanctioned] == []
    assert redactors == set(REDACTORS)
