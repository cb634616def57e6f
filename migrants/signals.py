"""Signals for apps that must not be imported by migrants (matching queues a rematch when a
profile's skills, experience, languages or consents change)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of the change, with ``profile_id``; receivers act on commit.
profile_changed = Signal()

# Sent inside the transaction of a hire, with ``profile_id``, ``country`` (ISO code),
# ``occupation_id`` and ``actor``: training records it as the trainee's outcome.
person_placed = Signal()
