"""Benchmarks: `make bench`. Prints one table; each later issue adds its own section.

Runs on a scratch database (a temporary SQLite file, or DATABASE_URL when set) so it never
touches the data of `make run`.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESCO_DIR = ROOT.parent / "shared" / "data" / "esco-v1"
sys.path.insert(0, str(ROOT / "bench"))
from harness import print_table, setup_django, staff_member  # noqa: E402

setup_django("smp-bench-")

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from imports import bench_imports  # noqa: E402

from accounts.models import User  # noqa: E402
from taxonomy.esco import esco_import  # noqa: E402
from taxonomy.models import Skill  # noqa: E402
from taxonomy.services import starter_taxonomy_load  # noqa: E402

rows: list[tuple[str, str]] = []


def timed(label: str, fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    rows.append((label, f"{seconds:.2f} s"))
    return seconds


def api_latency(client: Client, path: str, queries: list[str]) -> None:
    timings, query_counts = [], []
    with override_settings(DEBUG=True):
        for q in queries:
            reset_queries()
            started = time.perf_counter()
            response = client.get(path, {"q": q})
            timings.append((time.perf_counter() - started) * 1000)
            query_counts.append(len(connection.queries))
            assert response.status_code == 200, response.content
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    rows.append(
        (
            f"GET {path}?q=... ({len(queries)} type-ahead queries)",
            f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
            f"{max(query_counts)} SQL queries max",
        )
    )


def page_latency(client: Client, label: str, path: str, runs: int = 30) -> None:
    timings, query_counts = [], []
    with override_settings(DEBUG=True):
        for _ in range(runs):
            reset_queries()
            started = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
            query_counts.append(len(connection.queries))
            assert response.status_code == 200, (path, response.status_code)
    rows.append(
        (label, f"p50 {statistics.median(timings):.1f} ms, {max(query_counts)} SQL queries")
    )


def bench_partnerships(client: Client, count: int = 300) -> None:
    from datetime import date

    from accounts.models import Organisation
    from partnerships.services import PartnershipInput, partnership_apply_action, partnership_create

    _government, officer = staff_member(
        organisation="Bench Ministry",
        kind=Organisation.Kind.NATIONAL_GOVERNMENT,
        country="BE",
        email="bench.officer@example.org",
    )
    origins = ["MA", "TN", "NG", "PH", "XK", "MX", "NP", "LK"]

    def create_all() -> None:
        for n in range(count):
            partnership = partnership_create(
                actor=officer,
                data=PartnershipInput(
                    title=f"Bench partnership {n}",
                    kind="bilateral",
                    instrument="mou",
                    origin_countries=[origins[n % len(origins)]],
                    destination_countries=["BE"],
                    sectors=["ict"],
                    gcm_objectives=[18],
                    signed_on=date(2026, 1, 1),
                    start_on=date(2026, 2, 1),
                ),
            )
            for action in ("start_negotiation", "activate"):
                partnership_apply_action(
                    actor=officer, partnership_id=partnership.pk, action=action
                )

    seconds = timed(f"create and activate {count} partnerships (services, audited)", create_all)
    rows[-1] = (rows[-1][0], f"{seconds:.2f} s ({seconds / count * 1000:.1f} ms each)")
    officer_client = Client()
    officer_client.force_login(officer)
    page_latency(
        officer_client, f"officer list page, {count} partnerships, 25 per page", "/partnerships/"
    )
    page_latency(Client(), f"public registry page, {count} partnerships", "/registry/")
    page_latency(
        Client(), f"registry export.csv, {count} partnerships", "/registry/export.csv", runs=5
    )
    page_latency(
        Client(), f"registry export.json, {count} partnerships", "/registry/export.json", runs=5
    )


def bench_migrants() -> None:
    from accounts import demo as accounts_demo
    from migrants import demo as migrants_demo
    from migrants.models import MigrantProfile
    from partnerships import demo as partnerships_demo

    def seed() -> None:
        accounts_demo.seed()
        partnerships_demo.seed()
        migrants_demo.seed()

    seconds = timed("seed demo organisations, partnerships and migrants", seed)
    count = MigrantProfile.objects.count()
    rows[-1] = (rows[-1][0], f"{seconds:.2f} s ({count} migrant profiles)")
    migrant = User.objects.get(email="migrant@demo.example.org")
    client = Client()
    client.force_login(migrant)
    page_latency(client, "GET /api/v1/migrants/me/ (full nested profile)", "/api/v1/migrants/me/")
    page_latency(client, "migrant profile overview page", "/migrants/profile/")
    page_latency(
        client, "GET /api/v1/migrants/me/export/ (ZIP)", "/api/v1/migrants/me/export/", runs=10
    )


def bench_recognition() -> None:
    from recognition import demo as recognition_demo
    from recognition.models import Decision, RecognitionRequest

    seconds = timed("seed demo recognition authorities and requests", recognition_demo.seed)
    rows[-1] = (rows[-1][0], f"{seconds:.2f} s ({RecognitionRequest.objects.count()} requests)")
    officer = User.objects.get(email="recognition.be@demo.example.org")
    client = Client()
    client.force_login(officer)
    page_latency(client, "officer queue page (Belgian authority)", "/recognition/")
    page_latency(
        client, "GET /api/v1/recognition/requests/ (officer queue)", "/api/v1/recognition/requests/"
    )
    code = Decision.objects.values_list("verification_code", flat=True).first()
    page_latency(Client(), "public /verify/<code>/ page", f"/verify/{code}/")


def main() -> None:
    print(f"database: {connection.vendor}", flush=True)
    call_command("migrate", verbosity=0)
    timed("load_starter_taxonomy (fresh database)", starter_taxonomy_load)
    timed("load_starter_taxonomy (again, no changes)", starter_taxonomy_load)
    if ESCO_DIR.is_dir():
        timed(f"import_esco {ESCO_DIR.name} (first run)", lambda: esco_import(directory=ESCO_DIR))
        timed(
            f"import_esco {ESCO_DIR.name} (second run, no changes)",
            lambda: esco_import(directory=ESCO_DIR),
        )
    else:
        rows.append(("import_esco", f"skipped: {ESCO_DIR} not found"))

    setup_test_environment()
    user, _ = User.objects.get_or_create(email="bench@example.org")
    client = Client()
    client.force_login(user)
    rng = random.Random(2026)
    labels = list(Skill.objects.values_list("preferred_label", flat=True))
    prefixes = [label.split()[0][:4] for label in rng.sample(labels, 200)]
    api_latency(client, "/api/v1/taxonomy/skills/", prefixes)
    api_latency(client, "/api/v1/taxonomy/occupations/", prefixes)

    bench_partnerships(client)
    bench_migrants()
    bench_recognition()
    bench_imports(rows)

    print_table("benchmark", rows)
    # The matching engine prints its own table from a process of its own: it pins NumPy to one
    # thread, which only works before NumPy is first imported.
    subprocess.run([sys.executable, str(ROOT / "bench" / "matching.py")], check=False)  # noqa: S603
    # The same engine end to end, with the database writes of a full rematch (its own scratch
    # SQLite file, or DATABASE_URL).
    subprocess.run([sys.executable, str(ROOT / "bench" / "matching_db.py")], check=False)  # noqa: S603


if __name__ == "__main__":
    main()
