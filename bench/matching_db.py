"""Matching end to end, with the database: `.venv/bin/python bench/matching_db.py` (also run by
`make bench`, after bench/matching.py).

``CANDIDATES`` synthetic pool candidates and ``VACANCIES`` open vacancies are inserted into the
real models on the starter taxonomy (ISCO-08 unit groups of the demo sectors, the curated skills
of each sector, CEFR levels, destination-pool consents). This is bench-only code: it writes the
tables with bulk inserts instead of the services, which would take longer than what is measured.

Then ``matching.internal.rematch_all()`` runs with Celery eager, as in `make run`:
on commit each chunk task runs in this process (build its inputs from the database, score, write
the staged results under their unique keys) and the last chunk publishes the run (the rankings
replaced in one transaction). Printed: candidates, vacancies, chunks, result rows written (staged
and published), the run's own ``timings`` (build_s, score_s, write_s, summed over chunks) and the
wall time of the whole call.

Runs on a scratch database: a temporary SQLite file of its own, or DATABASE_URL when set (e.g.
``postgres://postgres@127.0.0.1:5432/smp_bench``); there the rows it inserted are deleted when it
ends, and any an interrupted run left are deleted before it starts. Other open vacancies and pool
candidates already in that database take part in the run too and are counted in its figures.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from harness import run_alone

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = int(os.environ.get("BENCH_MATCHING_CANDIDATES", "20000"))
VACANCIES = int(os.environ.get("BENCH_MATCHING_VACANCIES", "1000"))
SEED = 2026
EMPLOYER = "Bench Matching Employer"
EMAIL = "bench.match.{:06d}@example.org"
EMAIL_LIKE = "bench.match."
# Destination countries with the language a vacancy there asks for most.
DESTINATIONS = {
    "DE": "de",
    "BE": "fr",
    "ES": "es",
    "CA": "en",
    "LT": "en",
    "KR": "ko",
    "IT": "it",
    "NL": "nl",
}
ORIGINS = {"MA": "ar", "TN": "ar", "NG": "en", "PH": "tl", "XK": "sq", "MX": "es", "NP": "ne"}
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]

rows: list[tuple[str, str]] = []
T = TypeVar("T")


def timed(label: str, fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    rows.append((label, f"{seconds:.2f} s"))
    print(f"{label}: {seconds:.2f} s", flush=True)
    return seconds, result


class Reference:
    """What the synthetic people and vacancies refer to, from the loaded starter taxonomy."""

    def __init__(self) -> None:
        from core.demo import SECTORS
        from taxonomy.models import Occupation, Skill

        units = dict(
            Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", "pk")
        )
        by_sector: dict[str, list[int]] = {}
        # The starter families (``starter-<family>`` collections) are the keys of SECTORS.
        starter = Skill.objects.filter(collections__code__startswith="starter-")
        for pk, collection in starter.values_list("pk", "collections__code"):
            by_sector.setdefault(collection.removeprefix("starter-"), []).append(pk)
        self.transversal = sorted(by_sector.get("transversal", []))
        self.sectors: dict[str, tuple[list[int], list[int]]] = {}  # occupations, skills
        for name, spec in SECTORS.items():
            occupations = [units[code] for code in spec.occupations if code in units]
            skills = sorted(by_sector.get(name, []))
            if occupations and len(skills) >= 10:
                self.sectors[name] = (occupations, skills)
        if not self.sectors:
            raise SystemExit("The starter taxonomy is not loaded.")
        self.names = sorted(self.sectors)


def cleanup() -> int:
    """Delete the rows a run of this benchmark inserted (its match runs stay, as history);
    returns how many candidates there were."""
    from django.db import transaction

    from accounts.models import Organisation
    from employers.models import Vacancy
    from matching.models import Match, MatchResult
    from migrants.models import MigrantProfile

    profiles = MigrantProfile.objects.filter(contact_email__startswith=EMAIL_LIKE)
    count = profiles.count()
    with transaction.atomic():
        vacancies = Vacancy.objects.filter(employer__name=EMPLOYER)
        Match.objects.filter(vacancy__in=vacancies).delete()
        MatchResult.objects.filter(vacancy__in=vacancies).delete()
        vacancies.delete()
        Match.objects.filter(profile__in=profiles).delete()
        profiles.delete()
        Organisation.objects.filter(name=EMPLOYER).delete()
    return count


def insert_candidates(ref: Reference, rng: random.Random, count: int) -> int:
    """``count`` active profiles (no login), each with education, experience, skills, languages,
    preferred occupations and destinations, and one or two destination-pool consents."""
    from django.utils import timezone

    from migrants.models import (
        ConsentGrant,
        Education,
        LanguageSkill,
        MigrantProfile,
        ProfileSkill,
        WorkExperience,
    )

    today = timezone.localdate()
    countries = list(DESTINATIONS)
    plans: list[dict[str, Any]] = []
    profiles = []
    for i in range(count):
        origin = rng.choice(list(ORIGINS))
        sector = rng.choice(ref.names)
        occupations, skills = ref.sectors[sector]
        destinations = rng.sample(countries, rng.choice([1, 1, 2]))
        plans.append(
            {
                "origin": origin,
                "occupations": rng.sample(occupations, min(len(occupations), rng.choice([1, 2]))),
                "skills": rng.sample(skills, rng.randint(3, 8))
                + rng.sample(ref.transversal, rng.randint(0, 3)),
                "destinations": destinations,
                "consents": destinations if rng.random() < 0.8 else destinations[:1],
                "languages": {ORIGINS[origin]: 6, DESTINATIONS[destinations[0]]: rng.randint(1, 5)}
                | ({"en": rng.randint(2, 6)} if rng.random() < 0.5 else {}),
                "isced": rng.choice([1, 2, 3, 3, 3, 4, 5, 6, 6, 7]),
            }
        )
        available = today + timedelta(days=rng.randint(0, 365)) if rng.random() < 0.5 else None
        profiles.append(
            MigrantProfile(
                given_names=f"Bench {i}",
                family_name="Candidate",
                nationality_id=origin,
                country_of_residence_id=origin,
                contact_email=EMAIL.format(i),
                available_from=available,
            )
        )
    MigrantProfile.objects.bulk_create(profiles, batch_size=2000)
    if profiles[0].pk is None:  # a backend that does not return keys from bulk inserts
        ids = dict(
            MigrantProfile.objects.filter(contact_email__startswith=EMAIL_LIKE).values_list(
                "contact_email", "pk"
            )
        )
        for profile in profiles:
            profile.pk = ids[profile.contact_email]
    evidence = list(ProfileSkill.Evidence.values)
    preferred_occupation = MigrantProfile.preferred_occupations.through
    preferred_destination = MigrantProfile.preferred_destinations.through
    education, experience, skills, languages, consents = [], [], [], [], []
    occupation_links, destination_links = [], []
    for profile, plan in zip(profiles, plans, strict=True):
        pk = profile.pk
        education.append(
            Education(
                profile_id=pk,
                isced_level_id=plan["isced"],
                institution="Bench institute",
                country_id=plan["origin"],
            )
        )
        for n, occupation in enumerate(plan["occupations"]):
            occupation_links.append(
                preferred_occupation(migrantprofile_id=pk, occupation_id=occupation)
            )
            experience.append(
                WorkExperience(
                    profile_id=pk,
                    occupation_id=occupation,
                    country_id=plan["origin"],
                    started_on=today - timedelta(days=rng.randint(200, 4000)),
                    ended_on=None if n == 0 else today - timedelta(days=rng.randint(0, 150)),
                )
            )
        skills += [
            ProfileSkill(
                profile_id=pk,
                skill_id=skill,
                proficiency=ProfileSkill.Proficiency.INTERMEDIATE,
                evidence=rng.choices(evidence, [5, 2, 2, 1])[0],
            )
            for skill in dict.fromkeys(plan["skills"])
        ]
        for code, rank in plan["languages"].items():
            level = CEFR[rank - 1]
            languages.append(
                LanguageSkill(
                    profile_id=pk,
                    language_id=code,
                    understanding_id=level,
                    speaking_id=level,
                    writing_id=level,
                )
            )
        destination_links += [
            preferred_destination(migrantprofile_id=pk, country_id=code)
            for code in plan["destinations"]
        ]
        consents += [
            ConsentGrant(
                profile_id=pk,
                purpose=ConsentGrant.Purpose.POOL_DESTINATION,
                country_id=code,
                notice_version="bench",
                channel=ConsentGrant.Channel.WEB,
            )
            for code in plan["consents"]
        ]
    for model, objects in (
        (Education, education),
        (WorkExperience, experience),
        (ProfileSkill, skills),
        (LanguageSkill, languages),
        (ConsentGrant, consents),
        (preferred_occupation, occupation_links),
        (preferred_destination, destination_links),
    ):
        model.objects.bulk_create(objects, batch_size=5000)
    return len(skills)


def insert_vacancies(ref: Reference, rng: random.Random, count: int) -> None:
    """``count`` open, employer-pays vacancies of one bench employer across the destinations."""
    from django.utils import timezone

    from accounts.models import Organisation
    from employers.models import Vacancy, VacancyLanguage

    employer = Organisation.objects.create(
        name=EMPLOYER, kind=Organisation.Kind.EMPLOYER, country_id="BE"
    )
    now = timezone.now()
    today = timezone.localdate()
    plans, vacancies = [], []
    for i in range(count):
        sector = rng.choice(ref.names)
        occupations, skills = ref.sectors[sector]
        country = rng.choice(list(DESTINATIONS))
        chosen = rng.sample(skills, rng.randint(5, 9))
        plans.append(
            {
                "essential": chosen[:4] if len(chosen) > 6 else chosen[:3],
                "optional": chosen[4:] if len(chosen) > 6 else chosen[3:],
                "languages": {DESTINATIONS[country]: CEFR[rng.randint(1, 3)]}
                | ({"en": "B1"} if rng.random() < 0.3 and DESTINATIONS[country] != "en" else {}),
            }
        )
        vacancies.append(
            Vacancy(
                employer=employer,
                title=f"Bench vacancy {i} ({sector})",
                occupation_id=rng.choice(occupations),
                min_isced_level_id=rng.choice([None, 2, 3, 4, 5, 6]),
                destination_country_id=country,
                positions=rng.randint(1, 10),
                wage_amount=Decimal("2500.00"),
                wage_currency_id="EUR",
                hours_per_week=38,
                starts_on=today + timedelta(days=rng.randint(0, 180)),
                status=Vacancy.Status.OPEN,
                opened_at=now,
            )
        )
    Vacancy.objects.bulk_create(vacancies, batch_size=1000)
    if vacancies[0].pk is None:
        ids = dict(Vacancy.objects.filter(employer=employer).values_list("title", "pk"))
        for vacancy in vacancies:
            vacancy.pk = ids[vacancy.title]
    essential = Vacancy.essential_skills.through
    optional = Vacancy.optional_skills.through
    essential_links, optional_links, languages = [], [], []
    for vacancy, plan in zip(vacancies, plans, strict=True):
        essential_links += [essential(vacancy_id=vacancy.pk, skill_id=s) for s in plan["essential"]]
        optional_links += [optional(vacancy_id=vacancy.pk, skill_id=s) for s in plan["optional"]]
        languages += [
            VacancyLanguage(vacancy_id=vacancy.pk, language_id=code, min_level_id=level)
            for code, level in plan["languages"].items()
        ]
    essential.objects.bulk_create(essential_links, batch_size=5000)
    optional.objects.bulk_create(optional_links, batch_size=5000)
    VacancyLanguage.objects.bulk_create(languages, batch_size=5000)


def bench_matching_db(rows_out: list[tuple[str, str]]) -> None:
    """Insert the synthetic data, time one full rematch, remove the data; append the figures."""
    from smp_portal.celery import app as celery_app

    celery_app.conf.task_always_eager = True  # the chunk tasks run here, timed with the rest
    from matching.internal import CHUNK_SIZE, TOP_K, rematch_all
    from matching.models import Match, MatchRun

    left = cleanup()
    if left:
        print(f"removed {left} candidates left by an earlier run", flush=True)
    rng = random.Random(SEED)
    ref = Reference()
    _, skill_rows = timed(
        f"insert {CANDIDATES:,} pool candidates (bulk, bench-only)",
        lambda: insert_candidates(ref, rng, CANDIDATES),
    )
    rows[-1] = (rows[-1][0], f"{rows[-1][1]} ({skill_rows / CANDIDATES:.1f} skills each)")
    timed(
        f"insert {VACANCIES:,} open vacancies (bulk, bench-only)",
        lambda: insert_vacancies(ref, rng, VACANCIES),
    )
    previous = set(MatchRun.objects.values_list("pk", flat=True))
    wall, run = timed(
        f"rematch_all(), Celery eager: wall time (top-{TOP_K}, chunks of {CHUNK_SIZE} vacancies)",
        lambda: rematch_all(),
    )
    run.refresh_from_db()
    assert run.pk not in previous and run.status == MatchRun.Status.SUCCEEDED, run.status
    published = Match.objects.filter(run=run).count()
    timings = run.timings
    chunked = sum(float(timings.get(key, 0)) for key in ("build_s", "score_s", "write_s"))
    rows.append(
        (
            "run: candidates, vacancies, chunks",
            f"{run.candidates:,} candidates, {run.vacancies:,} vacancies, "
            f"{run.chunks_done}/{run.chunks_total} chunks",
        )
    )
    rows.append(
        (
            "run: result rows written",
            f"{run.results:,} staged (MatchResult) + {published:,} published (Match)",
        )
    )
    rows.append(
        (
            "run: timings, summed over chunks",
            f"build_s {timings.get('build_s', 0):.2f}, score_s {timings.get('score_s', 0):.2f}, "
            f"write_s {timings.get('write_s', 0):.2f} (sum {chunked:.2f} s; publish and "
            f"dispatch {wall - chunked:.2f} s)",
        )
    )
    rows.append(
        (
            "run: per chunk (mean)",
            f"build {float(timings.get('build_s', 0)) / max(run.chunks_total, 1):.2f} s, "
            f"score {float(timings.get('score_s', 0)) / max(run.chunks_total, 1):.3f} s, "
            f"write {float(timings.get('write_s', 0)) / max(run.chunks_total, 1):.3f} s",
        )
    )
    timed("remove the bench rows", cleanup)
    rows_out.extend(rows)


def main() -> None:
    # A scratch SQLite file of its own (also when bench/run.py passes its own down).
    run_alone(
        bench_matching_db,
        title="matching end to end (database)",
        heading="matching end to end, database",
        scratch_prefix="smp-bench-matching-",
    )


if __name__ == "__main__":
    main()
