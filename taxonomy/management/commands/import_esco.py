from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from taxonomy.esco import EscoImportError, esco_import

COLUMNS = ("created", "updated", "unchanged", "deprecated", "linked", "skipped")


class Command(BaseCommand):
    help = "Load or refresh ISCO groups, occupations and skills from an ESCO CSV download folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="folder of an unzipped ESCO CSV download")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = esco_import(directory=options["directory"])
        except EscoImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"ESCO import from {run.source}:")
        self.stdout.write(f"  {'':<14}" + "".join(f"{c:>12}" for c in COLUMNS))
        for concept, tally in run.counts.items():
            if concept != "collections":
                self.stdout.write(f"  {concept:<14}" + "".join(f"{tally[c]:>12}" for c in COLUMNS))
        for code, members in run.counts.get("collections", {}).items():
            self.stdout.write(
                f"  collection {code}: {members['members']} skills"
                f" (+{members['added']} -{members['removed']})"
            )
        missing = ", ".join(run.files_missing) or "none"
        self.stdout.write(f"Missing optional files: {missing}")
