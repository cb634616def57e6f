"""What the apps' data migrations share about ``AuditEvent`` rows.

Audit action codes are past participles (``<app>.<entity>.<past participle>``); an app that
renames its codes rewrites the events already recorded with a data migration that declares only
its mapping and hands the pair of functions below to ``RunPython``. Historical models carry a
plain manager, so the append-only guard of ``AuditEvent.objects`` does not stand in the way;
only ``action`` changes (time, actor, target and data stay).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

RunPythonCode = Callable[[Any, Any], None]


def _rename(apps: Any, mapping: Mapping[str, str]) -> None:
    events = apps.get_model("audit", "AuditEvent").objects
    for old, new in mapping.items():
        events.filter(action=old).update(action=new)


def audit_action_renaming(
    renamed: Mapping[str, str], *, kept: Collection[str] = ()
) -> tuple[RunPythonCode, RunPythonCode]:
    """``(forwards, backwards)`` for ``migrations.RunPython``: forwards rewrites each old code to
    its new one; backwards rewrites them back, except new codes listed in ``kept``, which were
    written under that code before the rename too and so cannot be told apart."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        _rename(apps, renamed)

    def backwards(apps: Any, schema_editor: Any) -> None:
        _rename(apps, {new: old for old, new in renamed.items() if new not in kept})

    return forwards, backwards
