"""What every benchmark script shares: a scratch database and the printed table.

A script runs on a scratch database (a temporary SQLite file of its own, or DATABASE_URL when
set) so it never touches the data of `make run`. Django is set up only when asked for, so that a
script may first pin NumPy's threads (bench/matching.py) or be imported by another runner.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import Organisation, User

ROOT = Path(__file__).resolve().parent.parent

Rows = list[tuple[str, str]]


def setup_django(scratch_prefix: str) -> None:
    """Django on a scratch database: a new temporary SQLite file unless DATABASE_URL is set."""
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        os.environ["SMP_VAR_DIR"] = tempfile.mkdtemp(prefix=scratch_prefix)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smp_portal.settings")
    import django

    django.setup()


def staff_member(
    *, organisation: str, kind: str, country: str, email: str
) -> tuple[Organisation, User]:
    """A new organisation with one staff login, for a benchmark to act as: (organisation, user)."""
    from accounts.models import User
    from accounts.services import membership_grant, organisation_create

    created = organisation_create(actor=None, name=organisation, kind=kind, country_code=country)
    user = User.objects.create_user(email, "bench-password-123")
    membership_grant(actor=None, user=user, organisation=created, role="staff")
    return created, user


def print_table(title: str, rows: Rows) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"{title:<{width}}  result")
    for label, result in rows:
        print(f"{label:<{width}}  {result}", flush=True)


def run_alone(
    bench: Callable[[Rows], None], *, title: str, heading: str, scratch_prefix: str
) -> None:
    """Run one benchmark section as a script of its own: a migrated scratch database with the
    starter taxonomy, then the section's table under ``title``."""
    setup_django(scratch_prefix)
    from django.core.management import call_command
    from django.db import connection

    from taxonomy.services import starter_taxonomy_load

    print(f"{heading}: {connection.vendor}", flush=True)
    call_command("migrate", verbosity=0)
    starter_taxonomy_load()
    rows: Rows = []
    bench(rows)
    print_table(title, rows)
