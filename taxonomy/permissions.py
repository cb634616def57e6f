"""Who may read reference data: every signed-in user, pages and API alike. Nobody changes it
through the portal's pages: the starter loader and ``import_esco`` (administrators, from the
command line) and the admin site do."""

from __future__ import annotations

from core.access import Access

REFERENCE_READERS = Access("any signed-in user (reference data)")
