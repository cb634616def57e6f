"""Where other apps plug into migrants without migrants importing them.

Each app that keeps records about a person registers its part in its ``AppConfig.ready`` (through
``migrants.internal``, the trusted surface other apps use). migrants calls every registered hook
at the right moment and trusts it: the hooks run inside migrants' own checked services, so they
check no user themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User
    from migrants.models import MigrantProfile
    from migrants.passport.selectors import PassportItem

# A person's erasure reaches the other apps' records about them (e.g. recognition requests).
# Each hook is called with the profile and the acting user inside the erasure's transaction,
# before anything is blanked or deleted.
ErasureHook = Callable[["MigrantProfile", "User"], None]
ERASURE_HOOKS: list[ErasureHook] = []


def register_erasure_hook(hook: ErasureHook) -> None:
    if hook not in ERASURE_HOOKS:
        ERASURE_HOOKS.append(hook)


# The person's copy of their data (GDPR art. 15 and 20) carries every app's records about them:
# each app registers a section of ``profile.json`` under its own name, built from its own
# tables. A section holds what the person may see of those records (not another party's
# internal notes) and nothing about anyone else.
@dataclass(frozen=True)
class ExportContext:
    profile: MigrantProfile
    # Where each qualification document's file is in the archive (by document id), for sections
    # that refer to documents (a recognition request's).
    document_paths: Mapping[int, str]


ExportSection = Callable[[ExportContext], Any]
EXPORT_SECTIONS: dict[str, ExportSection] = {}


def register_export_section(name: str, section: ExportSection) -> None:
    """Add ``section`` to every export under ``name``; registering it again changes nothing."""
    registered = EXPORT_SECTIONS.setdefault(name, section)
    if registered is not section:
        raise ValueError(f"Another export section is already called {name!r}.")


# Apps that keep records about a qualification (recognition requests). Each hook is called with
# the acting user and the qualification's id inside the removal's transaction, before anything
# is deleted: it releases what may go with the qualification and raises ``InUseError`` naming
# what must keep it.
RemovalHook = Callable[["User", int], None]
QUALIFICATION_REMOVAL_HOOKS: list[RemovalHook] = []

# Other apps' items of the skills passport (training certificates, recognition decisions), listed
# after the migrants app's own language test results, in the order they registered.
PassportSource = Callable[["MigrantProfile"], list["PassportItem"]]
PASSPORT_SOURCES: list[PassportSource] = []


def register_passport_source(source: PassportSource) -> None:
    if source not in PASSPORT_SOURCES:
        PASSPORT_SOURCES.append(source)
