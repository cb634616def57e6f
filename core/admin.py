"""Admin pieces every app shares."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """For records that change only through the services (which check and audit): the admin
    lists and shows them, and adds, changes or deletes nothing. Mix in before ``ModelAdmin`` or
    an inline."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CandidatePseudonymAdminMixin(ReadOnlyAdminMixin):
    """Read-only, for records about one candidate who must appear under the global pseudonym
    only: exclude ``profile`` and list ``pseudonym`` instead."""

    readonly_fields: ClassVar[list[str] | tuple[str, ...]] = ["pseudonym"]

    @admin.display(description="Candidate (pseudonym)")
    def pseudonym(self, obj: Any) -> str:
        return str(obj.profile.pseudonym)
