"""Participant import benchmark: `.venv/bin/python bench/imports.py`.

A provider imports a generated 10,000-row CSV into a cohort, through the services exactly as the
pages and the API call them (upload, check by the Celery task, confirm, import by the Celery
task; tasks run in process, as in `make run`). Timed end to end:
1. upload + check of the CSV (every row new: the plan creates 10,000 profiles);
2. confirm + import (10,000 profiles, consents, enrolments and their audit events, one
   transaction);
3. the same file uploaded again: every row is matched and left unchanged, nothing is written;
4. the same people as an XLSX workbook into a second cohort: upload + check, confirm + import
   (10,000 enrolments of people already registered).

Runs on a scratch database (a temporary SQLite file, or DATABASE_URL when set), like
bench/run.py. ``bench_imports(rows)`` adds its lines to another runner's table.
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from harness import run_alone, staff_member

ROOT = Path(__file__).resolve().parent.parent
ROWS = 10_000
SEED = 2026

GIVEN = ["Amina", "Yasmine", "Omar", "Karim", "Salma", "Youssef", "Imane", "Hamza", "Nadia", "Ali"]
FAMILY = ["Benali", "Haddad", "El Idrissi", "Amrani", "Tazi", "Berrada", "Alaoui", "Chraibi"]
COUNTRIES = ["MA", "TN", "SN", "NG"]
LANGUAGES = ["fr", "ar", "en"]


def participant_rows(count: int = ROWS, seed: int = SEED) -> list[list[str]]:
    """``count`` valid, distinct participants (seeded: every run imports the same file)."""
    from training.imports import COLUMNS

    rng = random.Random(seed)
    rows = []
    for i in range(count):
        born = date(1975, 1, 1) + timedelta(days=rng.randrange(0, 30 * 365))
        values = {
            "participant_ref": f"B-{i:06d}",
            "given_names": f"{rng.choice(GIVEN)} {i}",
            "family_name": rng.choice(FAMILY),
            "date_of_birth": born.isoformat(),
            "sex": rng.choice(["female", "male", "F", "M"]),
            "nationality": rng.choice(COUNTRIES),
            "country_of_residence": rng.choice(COUNTRIES),
            "email": f"bench.participant.{i}@example.org" if i % 4 else "",
            "phone": f"+2126{i:08d}",
            "contact_language": rng.choice(LANGUAGES),
            "track": rng.choice(["home", "away"]),
            "status": "enrolled" if i % 10 == 0 else "applied",
        }
        rows.append([values[c] for c in COLUMNS])
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    from training.imports import COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    from training.imports import COLUMNS

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(COLUMNS))
    birth = COLUMNS.index("date_of_birth")
    for row in rows:
        cells: list[Any] = list(row)
        cells[birth] = date.fromisoformat(row[birth])  # a real date cell, as Excel writes it
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench_imports(rows: list[tuple[str, str]], count: int = ROWS) -> None:
    """Append the import figures to ``rows`` (label, result). Needs a migrated database with the
    starter taxonomy."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import Organisation
    from smp_portal.celery import app as celery_app
    from training.imports import import_confirm, import_upload
    from training.models import Cohort, ParticipantImport, Programme
    from training.services import (
        CohortInput,
        ProgrammeInput,
        cohort_apply_action,
        cohort_create,
        programme_apply_action,
        programme_create,
    )

    celery_app.conf.task_always_eager = True  # the tasks run here, timed with the rest
    provider, staff = staff_member(
        organisation="Bench Training Centre",
        kind=Organisation.Kind.TRAINING_PROVIDER,
        country="MA",
        email="bench.provider@example.org",
    )
    programme = programme_create(
        actor=staff,
        data=ProgrammeInput(
            provider_id=provider.pk,
            title="Bench bootcamp",
            kind=Programme.Kind.VOCATIONAL,
            location_country="MA",
            hours=600,
            language="fr",
        ),
    )
    programme_apply_action(actor=staff, programme_id=programme.pk, action="publish")

    def open_cohort(code: str) -> Cohort:
        cohort = cohort_create(
            actor=staff,
            programme_id=programme.pk,
            data=CohortInput(
                code=code,
                starts_on=date(2027, 1, 10),
                ends_on=date(2027, 6, 30),
                capacity=2 * count,
            ),
        )
        return cohort_apply_action(actor=staff, cohort_id=cohort.pk, action="open_recruitment")

    people = participant_rows(count)
    csv_file = as_csv(people)
    state: dict[str, int] = {}

    def timed(label: str, fn: Callable[[], object], expected: str) -> None:
        started = time.perf_counter()
        fn()
        seconds = time.perf_counter() - started
        status = ParticipantImport.objects.get(pk=state["import"]).status
        assert status == expected, (label, status)
        rows.append((label, f"{seconds:.2f} s ({count / seconds:,.0f} rows/s)"))
        print(f"{label}: {seconds:.2f} s", flush=True)

    def upload(cohort: Cohort, content: bytes, name: str) -> None:
        created = import_upload(
            actor=staff, cohort_id=cohort.pk, upload=SimpleUploadedFile(name, content)
        )
        state["import"] = created.pk

    def confirm() -> None:
        import_confirm(actor=staff, import_id=state["import"])

    first = open_cohort("BENCH-CSV")
    size = f"{len(csv_file) / 1e6:.1f} MB"
    timed(
        f"import {count:,}-row CSV ({size}): upload + check",
        lambda: upload(first, csv_file, "participants.csv"),
        ParticipantImport.Status.READY,
    )
    timed(
        f"import {count:,}-row CSV: confirm + import (new profiles)",
        confirm,
        ParticipantImport.Status.IMPORTED,
    )
    timed(
        f"re-import the same CSV: upload + check ({count:,} unchanged)",
        lambda: upload(first, csv_file, "participants.csv"),
        ParticipantImport.Status.READY,
    )
    timed(
        "re-import the same CSV: confirm (changes nothing)",
        confirm,
        ParticipantImport.Status.IMPORTED,
    )
    xlsx_file = as_xlsx(people)
    second = open_cohort("BENCH-XLSX")
    timed(
        f"import {count:,}-row XLSX ({len(xlsx_file) / 1e6:.1f} MB): upload + check",
        lambda: upload(second, xlsx_file, "participants.xlsx"),
        ParticipantImport.Status.READY,
    )
    timed(
        f"import {count:,}-row XLSX: confirm + import (registered people)",
        confirm,
        ParticipantImport.Status.IMPORTED,
    )


def main() -> None:
    run_alone(bench_imports, title="benchmark", heading="database", scratch_prefix="smp-bench-")


if __name__ == "__main__":
    main()
