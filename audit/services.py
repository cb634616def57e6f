from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from audit.models import AuditEvent
from smp_portal.middleware import current_request_id


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through Django's encoder so dates, decimals and UUIDs are stored as strings.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    from_state: str = "",
    to_state: str = "",
) -> AuditEvent:
    """Append one audit event. Call it inside the same transaction as the change it records."""
    if action.count(".") < 2:
        raise ValueError(f"audit action {action!r} must read app.entity.verb")
    real_actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=real_actor.pk if real_actor is not None else None,
        actor_label=str(real_actor) if real_actor is not None else "system",
        action=action,
        target_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=False) if target else None
        ),
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        from_state=from_state,
        to_state=to_state,
        data=_jsonable(data or {}),
        request_id=current_request_id(),
    )
