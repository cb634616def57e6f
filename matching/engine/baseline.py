"""The pure-Python reference: the same formula computed pair by pair with Python ints, for
benchmarks and exactness tests (``reference_inputs``, ``baseline_score_pair``,
``baseline_top_k``)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.engine.matrices import CandidateMatrix, Sparse, VacancyMatrix, _check_compatible
from matching.engine.points import (
    DEFAULT_WEIGHTS,
    POINTS,
    RECOGNITION_POINTS,
    SCALE,
    Weights,
    _availability_points,
    _education_points,
    _language_credit,
)
from matching.engine.selection import TopK, _top_k_from_lists


@dataclass(frozen=True, slots=True)
class ReferenceCandidate:
    """One candidate as Python sets and dicts, for the per-pair reference implementation."""

    skills: dict[int, int]  # skill -> evidence in thousandths
    occupations: frozenset[int]
    units: frozenset[int]
    minors: frozenset[int]
    sub_majors: frozenset[int]
    isced: int
    languages: dict[int, int]  # language -> CEFR rank
    recognition: int
    destinations: frozenset[int]
    available_from: int
    pools: frozenset[int]


@dataclass(frozen=True, slots=True)
class ReferenceVacancy:
    """One vacancy as Python tuples and sets; ``denominator`` is D of the score ``N/(D*1e6)``."""

    essential: tuple[int, ...]
    optional: tuple[int, ...]
    occupation: int
    unit: int
    minor: int
    sub_major: int
    min_isced: int
    languages: tuple[tuple[int, int], ...]  # (language, minimum rank)
    destination: int
    pools: frozenset[int]
    worker_pays_fees: bool
    start_day: int
    denominator: int = field(init=False)

    def __post_init__(self) -> None:
        denominator = math.lcm(
            max(len(self.essential), 1), max(len(self.optional), 1), max(len(self.languages), 1)
        )
        object.__setattr__(self, "denominator", denominator)


RowReader = Callable[[int], tuple[list[int], list[Any]]]


def _row_reader(matrix: Sparse, bulk: bool) -> RowReader:
    """Row access as Python lists: ``bulk`` converts the whole matrix once (many rows)."""
    if bulk:
        indptr, indices, data = (a.tolist() for a in (matrix.indptr, matrix.indices, matrix.data))
        return lambda row: (
            indices[indptr[row] : indptr[row + 1]],
            data[indptr[row] : indptr[row + 1]],
        )

    def read(row: int) -> tuple[list[int], list[Any]]:
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        return matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist()

    return read


def _reference_candidates(
    candidates: CandidateMatrix, rows: Sequence[int], bulk: bool
) -> list[ReferenceCandidate]:
    skills, occupations, languages, destinations, pools = (
        _row_reader(matrix, bulk)
        for matrix in (
            candidates.skills,
            candidates.occupations,
            candidates.languages,
            candidates.destinations,
            candidates.pools,
        )
    )
    unit, minor, sub_major = candidates._isco_groups
    isced, recognition, available_from = (
        (a.tolist() if bulk else a)
        for a in (candidates.isced, candidates.recognition, candidates.available_from)
    )
    out = []
    for c in rows:
        held = {
            s: min(round(float(value) * POINTS), POINTS)
            for s, value in zip(*skills(c), strict=True)
        }
        worked = occupations(c)[0]
        out.append(
            ReferenceCandidate(
                skills={s: value for s, value in held.items() if value > 0},
                occupations=frozenset(worked),
                units=frozenset(unit[o] for o in worked if unit[o] >= 0),
                minors=frozenset(minor[o] for o in worked if minor[o] >= 0),
                sub_majors=frozenset(sub_major[o] for o in worked if sub_major[o] >= 0),
                isced=int(isced[c]),
                languages=dict(zip(*languages(c), strict=True)),
                recognition=int(recognition[c]),
                destinations=frozenset(destinations(c)[0]),
                available_from=int(available_from[c]),
                pools=frozenset(pools(c)[0]),
            )
        )
    return out


def _reference_vacancies(
    candidates: CandidateMatrix, vacancies: VacancyMatrix, rows: Sequence[int]
) -> list[ReferenceVacancy]:
    out = []
    for v in rows:
        essential, optional, languages, pools = (
            _row_reader(matrix, bulk=False)(v)
            for matrix in (
                vacancies.essential,
                vacancies.optional,
                vacancies.languages,
                vacancies.pools,
            )
        )
        occupation = int(vacancies.occupation[v])
        isco = int(candidates.occupation_isco[occupation])
        out.append(
            ReferenceVacancy(
                essential=tuple(essential[0]),
                optional=tuple(optional[0]),
                occupation=occupation,
                unit=isco if isco >= 0 else -1,
                minor=isco // 10 if isco >= 0 else -1,
                sub_major=isco // 100 if isco >= 0 else -1,
                min_isced=int(vacancies.min_isced[v]),
                languages=tuple(zip(*languages, strict=True)),
                destination=int(vacancies.destination[v]),
                pools=frozenset(pools[0]),
                worker_pays_fees=bool(vacancies.worker_pays_fees[v]),
                start_day=int(vacancies.start_day[v]),
            )
        )
    return out


def reference_inputs(
    candidates: CandidateMatrix, vacancies: VacancyMatrix
) -> tuple[list[ReferenceCandidate], list[ReferenceVacancy]]:
    """The same inputs as Python sets and dicts, for ``baseline_score_pair``/``baseline_top_k``."""
    _check_compatible(candidates, vacancies)
    return (
        _reference_candidates(candidates, range(len(candidates)), bulk=True),
        _reference_vacancies(candidates, vacancies, range(len(vacancies))),
    )


def _occupation_points(c: ReferenceCandidate, v: ReferenceVacancy) -> int:
    if v.occupation in c.occupations:
        return POINTS
    if v.unit >= 0 and v.unit in c.units:
        return 750
    if v.minor >= 0 and v.minor in c.minors:
        return 500
    if v.sub_major >= 0 and v.sub_major in c.sub_majors:
        return 250
    return 0


def _reference_points(c: ReferenceCandidate, v: ReferenceVacancy) -> tuple[int, ...]:
    """Each component's value times ``1000 * D`` (an integer), in ``COMPONENTS`` order."""
    d = v.denominator
    if v.essential:
        essential = sum(c.skills.get(s, 0) for s in v.essential) * (d // len(v.essential))
    else:
        essential = POINTS * d
    if v.optional:
        optional = sum(c.skills.get(s, 0) for s in v.optional) * (d // len(v.optional))
    else:
        optional = POINTS * d
    if v.languages:
        credit = sum(_language_credit(r, c.languages.get(lang, 0)) for lang, r in v.languages)
        languages = credit * (d // len(v.languages))
    else:
        languages = POINTS * d
    destination_ok = not c.destinations or v.destination in c.destinations
    return (
        essential,
        optional,
        _occupation_points(c, v) * d,
        _education_points(v.min_isced, c.isced) * d,
        languages,
        RECOGNITION_POINTS[c.recognition] * d,
        (POINTS if destination_ok else 0) * d,
        _availability_points(c.available_from, v.start_day) * d,
    )


def _filtered_because(c: ReferenceCandidate, v: ReferenceVacancy) -> tuple[str, ...]:
    reasons = []
    if v.worker_pays_fees:
        reasons.append("worker_pays_fees")
    if not c.pools & v.pools:
        reasons.append("no_consent")
    return tuple(reasons)


def baseline_score_pair(
    c: ReferenceCandidate, v: ReferenceVacancy, weights: Weights = DEFAULT_WEIGHTS
) -> int | None:
    """The exact score numerator N of one pair (score = N / (v.denominator * 10**6)), or None
    when a hard filter excludes the pair. Plain Python, one pair at a time."""
    return _baseline_numerator(c, v, weights.thousandths())


def _baseline_numerator(
    c: ReferenceCandidate, v: ReferenceVacancy, weights: tuple[int, ...]
) -> int | None:
    if v.worker_pays_fees or c.pools.isdisjoint(v.pools):
        return None
    points = _reference_points(c, v)
    return sum(w * p for w, p in zip(weights, points, strict=True))


def baseline_top_k(
    candidates: Sequence[ReferenceCandidate],
    vacancies: Sequence[ReferenceVacancy],
    k: int = 50,
    weights: Weights = DEFAULT_WEIGHTS,
    vacancy_rows: Sequence[int] | None = None,
) -> TopK:
    """``top_k`` computed pair by pair in plain Python (same formula, same order and ties)."""
    rows = np.arange(len(vacancies)) if vacancy_rows is None else np.asarray(vacancy_rows)
    w = weights.thousandths()
    lists = []
    for v in rows.tolist():
        vacancy = vacancies[v]
        scored = []
        for c, candidate in enumerate(candidates):
            numerator = _baseline_numerator(candidate, vacancy, w)
            if numerator is not None:
                scored.append((-numerator, c))
        best = heapq.nsmallest(k, scored) if k > 0 else []
        total = vacancy.denominator * SCALE
        lists.append(
            (
                np.array([c for _, c in best], dtype=np.int64),
                np.array([-numerator / total for numerator, _ in best], dtype=np.float64),
            )
        )
    return _top_k_from_lists(rows.astype(np.int64), lists)
