"""Where other apps plug into migrants without migrants importing them.

Each app that keeps records about a person registers its part in its ``AppConfig.ready`` (through
``migrants.internal``, the trusted surface other apps use). migrants calls every registered hook
at the right moment and trusts it: the hooks run inside migrants' own checked services, so they
check no user themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User
    from migrants.models import MigrantProfile
    from migrants.passport.selectors import PassportItem

# A person's erasure reaches the other apps' records about them (e.g. recognition requests).
# Each hook is called with the profile and the acting user inside the erasure's transaction,
# before anything is blanked or deleted.
ErasureHook = Callable[["MigrantProfile", "User"], None]
ERASURE_HOOKS: list[ErasureHook] = []

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
