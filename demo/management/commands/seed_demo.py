from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.demo import LOGINS
from core.demo import DEMO_PASSWORD
from demo import seeding


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
        seeding.seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo logins (password: {DEMO_PASSWORD}):")
        )
        for login in LOGINS:
            self.stdout.write(f"  {login.email:<32} {login.role_note}")
