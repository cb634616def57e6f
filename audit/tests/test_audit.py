from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import User
from accounts.tests.factories import OrganisationFactory
from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record, audit_redact

pytestmark = pytest.mark.django_db


def test_event_records_actor_target_states_and_json_safe_data(government_officer: User) -> None:
    org = OrganisationFactory.create()
    event = audit_record(
        actor=government_officer,
        action="partnerships.partnership.activated",
        target=org,
        from_state="draft",
        to_state="active",
        data={"amount": Decimal("12.50"), "signed": date(2026, 1, 31)},
    )
    event.refresh_from_db()
    assert event.actor == government_officer
    assert event.actor_label == str(government_officer)
    assert (event.target_id, event.target_label) == (str(org.pk), org.name)
    assert event.data == {"amount": "12.50", "signed": "2026-01-31"}
    assert list(AuditEvent.objects.for_target(org)) == [event]


def test_system_events_have_no_actor() -> None:
    event = audit_record(actor=None, action="taxonomy.esco_import.completed")
    assert (event.actor, event.actor_label) == (None, "system")


def test_events_cannot_be_changed_or_deleted() -> None:
    event = audit_record(actor=None, action="taxonomy.esco_import.completed")
    event.action = "something.else.entirely"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="x.y.z")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "taxonomy.esco_import.completed"


def test_action_codes_must_name_app_entity_and_what_happened() -> None:
    with pytest.raises(ValueError, match=r"app\.entity\.past_participle"):
        audit_record(actor=None, action="activated")


def test_event_written_during_a_request_carries_its_request_id(
    migrant: User, client: Client
) -> None:
    client.force_login(migrant)
    response = client.post(
        "/accounts/tokens/", {"name": "traced"}, HTTP_X_REQUEST_ID="trace-0123456789"
    )
    assert response["X-Request-ID"] == "trace-0123456789"
    event = AuditEvent.objects.get(action="accounts.api_token.created")
    assert event.request_id == "trace-0123456789"


def test_unsafe_incoming_request_id_is_replaced(client: Client) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


def test_redaction_keeps_events_and_action_codes_but_removes_personal_data(
    migrant: User,
) -> None:
    org = OrganisationFactory.create(name="Xqmarker Bakery")
    audit_record(
        actor=None,
        action="accounts.organisation.created",
        target=org,
        data={"name": "Xqmarker Bakery", "purpose": "statistics", "id": 7, "tags": ["xqmarker"]},
    )
    audit_record(actor=migrant, action="accounts.organisation.renamed", target=org)
    own = audit_record(
        actor=migrant, action="accounts.api_token.created", data={"note": "from xqmarker"}
    )
    untouched = audit_record(actor=None, action="taxonomy.esco_import.completed")
    before = list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "occurred_at"))

    changed = audit_redact(
        target=org, label="C-PSEUDO", actor=migrant, replacements={"xqmarker": "[redacted]"}
    )

    assert changed == 3
    assert (
        list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "occurred_at")) == before
    )
    first, second = AuditEvent.objects.for_target(org).order_by("pk")
    assert first.target_label == "C-PSEUDO"
    assert first.data == {
        "name": "[redacted]",
        "purpose": "statistics",
        "id": 7,
        "tags": ["[redacted]"],
    }
    assert second.actor_label == "C-PSEUDO"
    own.refresh_from_db()
    assert (own.actor_label, own.data) == ("C-PSEUDO", {"note": "from [redacted]"})
    untouched.refresh_from_db()
    assert untouched.actor_label == "system"
    assert not AuditEvent.objects.filter(data__icontains="xqmarker").exists()
    assert not AuditEvent.objects.filter(target_label__icontains="xqmarker").exists()
