"""From the database to the engine's arrays (``matching.engine`` knows nothing of Django).

Columns (skills, occupations, languages, countries, pool keys) are numbered over the whole
reference data (a ``Universe``), not over what one query happens to return: the candidate side
of a run is then built once per worker process and reused by every chunk of that run, and each
chunk only builds its own vacancies.

Candidates are the active profiles with at least one active pool consent; their row order is
ascending profile id, which is also the engine's tie-break, so equal scores always rank the
older profile first, in a full run and in an incremental one alike.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.utils import timezone

from employers.models import Vacancy, VacancyLanguage
from matching.engine import EVIDENCE_WEIGHT, CandidateMatrix, VacancyMatrix
from migrants.models import (
    ConsentGrant,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
)
from migrants.selectors import (
    RECOGNITION_ORDER,
    experience_years_for_profiles,
    recognition_status_for,
)
from partnerships.models import Partnership
from taxonomy.models import Country, Language, Occupation, Skill
from training.models import Programme

EPOCH = date(1970, 1, 1)


def day_number(value: date | None) -> int:
    return (value - EPOCH).days if value else 0


def _sparse(rows: int, cols: int, entries: Iterable[tuple[int, int, float]], dtype: type) -> Any:
    data = list(entries)
    if not data:
        return sp.csr_array((rows, cols), dtype=dtype)
    r, c, v = zip(*data, strict=True)
    return sp.csr_array((np.array(v, dtype=dtype), (r, c)), shape=(rows, cols))


@dataclass(frozen=True)
class Universe:
    """Column numbers for every skill, occupation, language, country and pool key."""

    skill_ids: list[int]
    skills: dict[int, int]
    occupations: dict[int, int]
    occupation_isco: np.ndarray[Any, np.dtype[np.int32]]
    language_codes: list[str]
    languages: dict[str, int]
    countries: dict[str, int]
    pools: dict[tuple[str, Any], int]

    @classmethod
    def load(cls) -> Universe:
        skill_ids = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
        occupation_rows = list(Occupation.objects.order_by("pk").values_list("pk", "isco_code"))
        codes = list(Language.objects.order_by("code").values_list("code", flat=True))
        countries = list(Country.objects.order_by("code").values_list("code", flat=True))
        partnerships = list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
        pool_keys = [("d", c) for c in countries] + [("p", p) for p in partnerships]
        return cls(
            skill_ids=skill_ids,
            skills={pk: i for i, pk in enumerate(skill_ids)},
            occupations={pk: i for i, (pk, _isco) in enumerate(occupation_rows)},
            occupation_isco=np.array(
                [int(isco) if str(isco).isdigit() else -1 for _pk, isco in occupation_rows],
                dtype=np.int32,
            ),
            language_codes=codes,
            languages={c: i for i, c in enumerate(codes)},
            countries={c: i for i, c in enumerate(countries)},
            pools={key: i for i, key in enumerate(pool_keys)},
        )


def candidate_profile_ids(profile_ids: list[int] | None = None) -> list[int]:
    qs = ConsentGrant.objects.in_pools().filter(profile__state=MigrantProfile.State.ACTIVE)
    if profile_ids is not None:
        qs = qs.filter(profile_id__in=profile_ids)
    return sorted(set(qs.values_list("profile_id", flat=True)))


@dataclass(frozen=True)
class CandidateSide:
    matrix: CandidateMatrix
    profile_ids: list[int]  # candidate row -> profile id


def build_candidates(
    universe: Universe, *, profile_ids: list[int] | None = None, today: date | None = None
) -> CandidateSide:
    """Every pool candidate (or only those of ``profile_ids``). For all candidates the queries
    read whole tables instead of sending huge ``IN`` lists, and drop non-candidates here."""
    today = today or timezone.localdate()
    ids = candidate_profile_ids(profile_ids)
    row_of = {pid: i for i, pid in enumerate(ids)}
    n = len(ids)

    def scoped(qs: Any, field: str = "profile_id") -> Any:
        return qs if profile_ids is None else qs.filter(**{f"{field}__in": ids})

    c_skills = [
        (row_of[pid], universe.skills[sid], EVIDENCE_WEIGHT[evidence])
        for pid, sid, evidence in scoped(ProfileSkill.objects.all()).values_list(
            "profile_id", "skill_id", "evidence"
        )
        if pid in row_of
    ]
    c_occ: dict[tuple[int, int], float] = {}
    years = experience_years_for_profiles(
        profile_ids=None if profile_ids is None else ids, today=today
    )
    for pid, by_occ in years.items():
        if pid in row_of:
            for occ, value in by_occ.items():
                c_occ[(row_of[pid], universe.occupations[occ])] = value
    preferred = scoped(
        MigrantProfile.preferred_occupations.through.objects.all(), "migrantprofile_id"
    ).values_list("migrantprofile_id", "occupation_id")
    for pid, occ in preferred:
        if pid in row_of:
            c_occ.setdefault((row_of[pid], universe.occupations[occ]), 0.0)
    isced = np.full(n, -1, dtype=np.int8)
    for pid, level in scoped(Education.objects.all()).values_list("profile_id", "isced_level_id"):
        if pid in row_of:
            isced[row_of[pid]] = max(isced[row_of[pid]], level)
    c_langs = [
        (row_of[pid], universe.languages[code], min(u, s, w))
        for pid, code, u, s, w in scoped(LanguageSkill.objects.all()).values_list(
            "profile_id", "language_id", "understanding__rank", "speaking__rank", "writing__rank"
        )
        if pid in row_of
    ]
    status = recognition_status_for(ids)
    recognition = np.array(
        [RECOGNITION_ORDER.index(status.get(pid, "none")) for pid in ids], dtype=np.int8
    )
    c_dest = [
        (row_of[pid], universe.countries[code], 1)
        for pid, code in scoped(
            MigrantProfile.preferred_destinations.through.objects.all(), "migrantprofile_id"
        ).values_list("migrantprofile_id", "country_id")
        if pid in row_of
    ]
    available = np.zeros(n, dtype=np.int32)
    for pid, when in scoped(MigrantProfile.objects.all(), "pk").values_list("pk", "available_from"):
        if pid in row_of:
            available[row_of[pid]] = day_number(when)
    c_pools = []
    for pid, purpose, partnership_id, country_id in scoped(
        ConsentGrant.objects.in_pools()
    ).values_list("profile_id", "purpose", "partnership_id", "country_id"):
        key = (
            ("p", partnership_id)
            if purpose == ConsentGrant.Purpose.POOL_PARTNERSHIP
            else ("d", country_id)
        )
        if pid in row_of and key in universe.pools:
            c_pools.append((row_of[pid], universe.pools[key], 1))
    matrix = CandidateMatrix(
        skills=_sparse(n, len(universe.skills), c_skills, np.float32),
        occupations=_sparse(
            n,
            len(universe.occupations),
            ((r, c, y) for (r, c), y in c_occ.items()),
            np.float32,
        ),
        occupation_isco=universe.occupation_isco,
        isced=isced,
        languages=_sparse(n, len(universe.languages), c_langs, np.int8),
        recognition=recognition,
        destinations=_sparse(n, len(universe.countries), c_dest, np.bool_),
        available_from=available,
        pools=_sparse(n, len(universe.pools), c_pools, np.bool_),
    )
    return CandidateSide(matrix, ids)


def build_vacancies(
    universe: Universe, vacancy_ids: list[int], *, today: date | None = None
) -> tuple[VacancyMatrix, list[int]]:
    today = today or timezone.localdate()
    vacancies = list(
        Vacancy.objects.filter(pk__in=vacancy_ids)
        .order_by("pk")
        .prefetch_related("essential_skills", "optional_skills")
    )
    v_ids = [v.pk for v in vacancies]
    v_lang = defaultdict(list)
    for row in VacancyLanguage.objects.filter(vacancy_id__in=v_ids).values(
        "vacancy_id", "language_id", "min_level__rank"
    ):
        v_lang[row["vacancy_id"]].append((row["language_id"], row["min_level__rank"]))
    essential, optional, v_langs, v_pools = [], [], [], []
    for i, v in enumerate(vacancies):
        essential += [(i, universe.skills[s.pk], 1) for s in v.essential_skills.all()]
        optional += [(i, universe.skills[s.pk], 1) for s in v.optional_skills.all()]
        v_langs += [(i, universe.languages[code], rank) for code, rank in v_lang[v.pk]]
        v_pools.append((i, universe.pools[("d", v.destination_country_id)], 1))
        if v.partnership_id:
            v_pools.append((i, universe.pools[("p", v.partnership_id)], 1))
    m = len(vacancies)
    matrix = VacancyMatrix(
        essential=_sparse(m, len(universe.skills), essential, np.bool_),
        optional=_sparse(m, len(universe.skills), optional, np.bool_),
        occupation=np.array([universe.occupations[v.occupation_id] for v in vacancies], np.int32),
        min_isced=np.array(
            [v.min_isced_level_id if v.min_isced_level_id is not None else -1 for v in vacancies],
            dtype=np.int8,
        ),
        languages=_sparse(m, len(universe.languages), v_langs, np.int8),
        destination=np.array(
            [universe.countries[v.destination_country_id] for v in vacancies], np.int32
        ),
        pools=_sparse(m, len(universe.pools), v_pools, np.bool_),
        worker_pays_fees=np.array(
            [v.fee_policy != Vacancy.FeePolicy.EMPLOYER_PAYS for v in vacancies], dtype=np.bool_
        ),
        start_day=np.array(
            [day_number(max(v.starts_on or today, today)) for v in vacancies], dtype=np.int32
        ),
    )
    return matrix, v_ids


def build_programmes(universe: Universe) -> tuple[Any, list[int]]:
    """Skills each published programme teaches (P x S), to suggest training for a gap."""
    rows: list[tuple[int, int, float]] = []
    programme_ids: list[int] = []
    row_of: dict[int, int] = {}
    taught = Programme.skills.through.objects.filter(
        programme__status=Programme.Status.PUBLISHED
    ).values_list("programme_id", "skill_id")
    for programme_id, skill_id in taught.order_by("programme_id", "skill_id"):
        if programme_id not in row_of:
            row_of[programme_id] = len(programme_ids)
            programme_ids.append(programme_id)
        rows.append((row_of[programme_id], universe.skills[skill_id], 1))
    return _sparse(len(programme_ids), len(universe.skills), rows, np.bool_), programme_ids


@dataclass
class Inputs:
    candidates: CandidateMatrix
    vacancies: VacancyMatrix
    profile_ids: list[int]  # candidate row -> profile id
    vacancy_ids: list[int]  # vacancy row -> vacancy id
    universe: Universe

    @property
    def skill_ids(self) -> list[int]:  # skill column -> skill id
        return self.universe.skill_ids

    @property
    def language_codes(self) -> list[str]:
        return self.universe.language_codes


# One slot per worker process: the candidate side of the run being worked on. A run's chunks
# all see the same candidates (those of the run's first chunk on this worker), which is what
# makes a run one consistent ranking.
_cache_lock = threading.Lock()
_cache: dict[str, tuple[Any, Universe, CandidateSide]] = {}


def build_inputs(
    *,
    vacancy_ids: list[int],
    profile_ids: list[int] | None = None,
    today: date | None = None,
    cache_key: Any = None,
) -> Inputs:
    """Arrays for these vacancies against every pool candidate (or only ``profile_ids``).
    With ``cache_key`` (a run id) the candidate side is reused between calls with that key."""
    cacheable = cache_key is not None and profile_ids is None
    with _cache_lock:
        slot = _cache.get("run")
        if cacheable and slot and slot[0] == cache_key:
            try:
                vacancies, v_ids = build_vacancies(slot[1], vacancy_ids, today=today)
                return Inputs(slot[2].matrix, vacancies, slot[2].profile_ids, v_ids, slot[1])
            except KeyError:
                pass  # reference data added since the slot was built (an ESCO import): rebuild
        universe = Universe.load()
        candidates = build_candidates(universe, profile_ids=profile_ids, today=today)
        if cacheable:
            _cache["run"] = (cache_key, universe, candidates)
    vacancies, v_ids = build_vacancies(universe, vacancy_ids, today=today)
    return Inputs(candidates.matrix, vacancies, candidates.profile_ids, v_ids, universe)


def open_vacancy_ids() -> list[int]:
    return list(
        Vacancy.objects.filter(
            status=Vacancy.Status.OPEN, fee_policy=Vacancy.FeePolicy.EMPLOYER_PAYS
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
