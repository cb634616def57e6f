"""What employers tells apps that must not be imported by it.

``vacancy_changed`` is sent inside the transaction with ``vacancy_id`` whenever a vacancy's
requirements, terms or status change; matching listens and rematches it once committed.
"""

from __future__ import annotations

from django.dispatch import Signal

vacancy_changed = Signal()
