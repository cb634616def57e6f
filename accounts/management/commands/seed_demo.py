from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.demo import DEMO_PASSWORD, LOGINS

# Each app that has demo data keeps it in `<app>/demo.py` with a `seed()` function; they run in
# dependency order and each is idempotent.
DEMO_MODULES = [
    "accounts.demo",
    "partnerships.demo",
    "migrants.demo",
    # Before recognition: certificates add qualifications that the recognition demo plans from.
    "training.demo",
    "recognition.demo",
    # Last: every profile change after it would rematch the person against its open vacancies.
    "employers.demo",
]


class Command(BaseCommand):
    help = "Create demo organisations, one login per role and demo records (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off (demo logins share a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo logins with a published password while DEBUG is off. "
                "Pass --allow-production on a demonstration server only."
            )
        for module in DEMO_MODULES:
            import_module(module).seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo logins (password: {DEMO_PASSWORD}):")
        )
        for login in LOGINS:
            self.stdout.write(f"  {login.email:<32} {login.role_note}")
