from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from audit.models import AuditEvent
from core.middleware import current_request_id


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through Django's encoder so dates, decimals and UUIDs are stored as strings.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def _event(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None,
    data: dict[str, Any],
    from_state: str,
    to_state: str,
    request_id: str,
) -> AuditEvent:
    """An unsaved event: the actor and target snapshotted, the data made JSON-safe."""
    if action.count(".") < 2:
        raise ValueError(f"audit action {action!r} must read app.entity.past_participle")
    real_actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        actor_id=real_actor.pk if real_actor is not None else None,
        actor_label=str(real_actor) if real_actor is not None else "system",
        action=action,
        # The content type cache answers after the first lookup per model.
        target_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=False) if target else None
        ),
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        from_state=from_state,
        to_state=to_state,
        data=_jsonable(data),
        request_id=request_id,
    )


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
    event = _event(actor, action, target, data or {}, from_state, to_state, current_request_id())
    event.save()
    return event


def audit_move(
    actor: AbstractBaseUser | AnonymousUser | None,
    target: Any,
    to_state: str,
    action: str,
    data: dict[str, Any] | None = None,
    *,
    update_fields: Sequence[str] | None = None,
) -> AuditEvent:
    """Move ``target`` (a model with a ``status``) to ``to_state``, save it (only
    ``update_fields`` when given) and record ``action`` with the status it left and the one it
    reached. The caller has checked that the move applies, under the row lock."""
    previous = target.status
    target.status = to_state
    target.save(update_fields=update_fields)
    return audit_record(
        actor=actor,
        action=action,
        target=target,
        data=data,
        from_state=previous,
        to_state=to_state,
    )


REDACTED = "[redacted]"

# Keys under ``data`` whose values are codes or ids chosen by the portal, never typed by a person:
# purposes, channels, notice versions, field names, duplicate reasons, row ids and country codes.
# Everything else that is a string is treated as possibly personal. A document's ``sha256`` is
# deliberately *not* here: once the file is gone its hash only serves to recognise the person's
# diploma again.
SAFE_DATA_KEYS = frozenset(
    {
        "purpose",
        "channel",
        "notice_version",
        "fields",
        "reasons",
        "id",
        "consent",
        "document",
        "qualification",
        "organisation",
        "organisation_id",
        "partnership",
        "partnership_id",
        "country",
        "country_id",
    }
)


def _replace(text: str, replacements: dict[str, str]) -> str:
    for personal, substitute in replacements.items():
        if personal:
            text = re.sub(re.escape(personal), substitute, text, flags=re.IGNORECASE)
    return text


def _redacted(value: Any, replacements: dict[str, str], *, safe: bool = False) -> Any:
    """A copy of ``value`` with the same shape: dict keys and list lengths kept, strings
    replaced by ``[redacted]`` unless they sit under a safe key, numbers and booleans kept."""
    if isinstance(value, dict):
        return {
            k: _redacted(v, replacements, safe=safe or k in SAFE_DATA_KEYS)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redacted(v, replacements, safe=safe) for v in value]
    if isinstance(value, str):
        return _replace(value, replacements) if safe else REDACTED
    return value


def _replaced(value: Any, replacements: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _replaced(v, replacements) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, replacements) for v in value]
    if isinstance(value, str):
        return _replace(value, replacements)
    return value


def audit_redact(
    *,
    target: models.Model,
    label: str = REDACTED,
    actor: AbstractBaseUser | None = None,
    replacements: dict[str, str] | None = None,
) -> int:
    """Remove personal data from the audit trail for a data subject's erasure (GDPR art. 17)
    while keeping every event, its time, action code, states and request id.

    - Events about ``target``: ``target_label`` becomes ``label`` (e.g. the pseudonym) and
      ``data`` is replaced by a structure-preserving copy in which every string leaf becomes
      ``[redacted]`` except under ``SAFE_DATA_KEYS`` (codes and ids, see there).
    - Events done by ``actor`` (the erased person's own login), whatever their target:
      ``actor_label`` becomes ``label``.
    - In all those events, every case-insensitive occurrence of a key of ``replacements``
      (the person's names, e-mail, phone) in a label or a remaining string is replaced by its
      value, as a second net for personal data that slipped into a "safe" place.

    Returns the number of events changed. This is the one sanctioned way to change audit rows.
    """
    replacements = replacements or {}
    about = AuditEvent.objects.for_target(target)
    by_actor = AuditEvent.objects.filter(actor_id=actor.pk) if actor is not None else None
    events = about | by_actor if by_actor is not None else about
    about_ids = set(about.values_list("pk", flat=True))
    changed = 0
    for event in events.order_by("pk"):
        values: dict[str, Any] = {}
        if event.pk in about_ids:
            values["target_label"] = label
            values["data"] = _redacted(event.data, replacements)
        else:
            values["target_label"] = _replace(event.target_label, replacements)
            values["data"] = _replaced(event.data, replacements)
        if actor is not None and event.actor_id == actor.pk:
            values["actor_label"] = label
        else:
            values["actor_label"] = _replace(event.actor_label, replacements)
        values = {k: v for k, v in values.items() if getattr(event, k) != v}
        if values:
            # AuditEventQuerySet.update() refuses every change (append-only). Erasure is the one
            # lawful exception, so it calls the base QuerySet.update() on purpose, here only.
            models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), **values)
            changed += 1
    return changed


# --- Many events at once (bulk services, e.g. training participant imports) -------------------
def audit_record_many(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    targets: Sequence[models.Model],
    data_for: Callable[[Any], dict[str, Any]] | None = None,
    from_state: str = "",
    to_state: str = "",
) -> list[AuditEvent]:
    """Append one audit event per target, as ``audit_record`` would, in a few bulk inserts.
    Inserts only: the trail stays append-only."""
    request_id = current_request_id()
    events = [
        _event(
            actor,
            action,
            target,
            data_for(target) if data_for is not None else {},
            from_state,
            to_state,
            request_id,
        )
        for target in targets
    ]
    return AuditEvent.objects.bulk_create(events, batch_size=500)
