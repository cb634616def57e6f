from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from taxonomy.services import starter_taxonomy_load


class Command(BaseCommand):
    help = "Load or refresh the starter reference data shipped with the portal (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = starter_taxonomy_load()
        changed = {k: v for k, v in run.counts.items() if v["created"] or v["updated"]}
        self.stdout.write(
            f"Starter taxonomy: {changed}" if changed else "Starter taxonomy already up to date."
        )
