"""The matching engine: scores migrant candidates against employer vacancies with NumPy/SciPy.

Pure arrays in, arrays out: this module imports no Django (nor anything that does), so it can
be tested and benchmarked without a database. The Django side builds the input matrices from
the database and stores the results.

Index conventions
-----------------
Skills (S), occupations (O), languages (L), countries (C) and consent pool keys (K) are integer
indices ``0..X-1`` assigned by the caller; both matrices must use the same numbering. A pool key
is whatever the caller maps to an index, e.g. ``"partnership:12"`` or ``"destination:DE"``.
Sparse inputs may be any SciPy sparse matrix or array; they are stored as canonical CSR arrays.

``CandidateMatrix`` (n candidates)
    ``skills`` n x S, evidence weight in (0, 1] (``EVIDENCE_WEIGHT``; used to 1/1000);
    ``occupations`` n x O, years of experience (a stored entry means "has worked in it", even
    with 0 years); ``occupation_isco`` (O,) the ISCO-08 unit code of each occupation index
    (e.g. 2512; -1 unknown); ``isced`` (n,) highest ISCED 2011 level 0..8, -1 unknown;
    ``languages`` n x L, CEFR rank 1..6 (A1..C2); ``recognition`` (n,) 0 none, 1 pending,
    2 partial, 3 full; ``destinations`` n x C, countries the candidate prefers (an empty row
    means any country); ``available_from`` (n,) day number (days since 1970-01-01; 0 or any
    past day means available now); ``pools`` n x K, the pool keys the candidate consented to.

``VacancyMatrix`` (m vacancies)
    ``essential`` / ``optional`` m x S; ``occupation`` (m,) occupation index; ``min_isced``
    (m,) -1 for none; ``languages`` m x L minimum CEFR rank; ``destination`` (m,) country index
    (-1 unknown); ``pools`` m x K, the keys a candidate may be reached through (the vacancy's
    partnership and destination); ``worker_pays_fees`` (m,); ``start_day`` (m,) day number
    (pass today's day number for "as soon as possible").

Hard filters (a filtered pair is never returned, and scores ``-inf``)
    * consent: the candidate's pools and the vacancy's pools share no key;
    * fee policy: ``worker_pays_fees`` vacancies get no matches at all (employer pays principle).
    Destination preference is deliberately a score component, not a filter: a candidate who
    listed other countries can still be proposed, just lower, and the vacancy reaches them only
    through a pool they consented to anyway.

Score
-----
``score = sum(weight_i * component_i)`` with every component in [0, 1], so the score is in
[0, 1]. Components (default weights in ``Weights``):

==============  =====  ===============================================================
essential       0.40   mean evidence weight over the essential skills (missing = 0);
                       1 when the vacancy lists none
optional        0.10   the same over the optional skills
occupation      0.20   closest of the candidate's occupations: same ESCO occupation 1,
                       same ISCO unit group (4 digits) 0.75, minor group (3) 0.5,
                       sub-major group (2) 0.25, otherwise 0
education       0.10   1 without a requirement or at/above ``min_isced``; one level
                       below 0.5; unknown level 0.25; further below 0
languages       0.10   mean over required languages: at/above the level 1, one CEFR
                       level below 0.5, otherwise 0; 1 without requirements
recognition     0.05   none 0, pending 0.3, partial 0.6, full 1
destination     0.03   1 if the candidate listed no country or listed this one, else 0
availability    0.02   1 if available by ``start_day``, 0.5 within 90 days after, else 0
==============  =====  ===============================================================

Exact arithmetic, ordering and ties
-----------------------------------
Weights are used in thousandths and component values in thousandths of a point, so each
vacancy's scores are exact rationals ``N / (D * 10**6)`` where ``D`` is the least common
multiple of its essential, optional and language requirement counts and ``N`` is an integer
below 2**53. The vectorised engine computes ``N`` in float64, where every intermediate value is
an integer that float64 holds exactly, so the summation order does not matter; the pure-Python
reference (``baseline_*``) computes the same ``N`` with Python ints. Ranking compares ``N``,
i.e. the exact score; the reported float is ``N / (D * 10**6)`` correctly rounded, identical in
both. Lists are sorted by score descending, then candidate index ascending: equal scores are
exactly equal, and the lower index wins (also at the k-th place cut-off).

API
---
``top_k(candidates, vacancies, k=50, weights=DEFAULT_WEIGHTS, vacancy_rows=None,
block_size=64) -> TopK``
    the k best candidates per vacancy row; incremental rematch of one vacancy is
    ``vacancy_rows=[i]``.
``score_block(candidates, vacancies, vacancy_rows=None, weights=..., block_size=64)``
    dense float64 scores (rows x n), ``-inf`` where filtered.
``score_candidate(candidates, candidate_row, vacancies, weights=...)``
    one candidate against every vacancy, shape (m,): "vacancies I fit", incremental rematch
    of one profile.
``explain(candidates, c, vacancies, v, programmes=None, weights=..., max_programmes=3)``
    ``Explanation``: component values, matched and missing skills, unmet languages, and the
    training programmes (P x S) that teach most of the missing essential skills.
``reference_inputs(candidates, vacancies)``, ``baseline_score_pair(c, v, weights)``,
``baseline_top_k(ref_candidates, ref_vacancies, k, weights, vacancy_rows)``
    the straightforward pair-by-pair Python implementation of the same formula, for
    benchmarks and exactness tests.

How it is computed
------------------
Essential and optional coverage and occupation closeness are one sparse product per block of
vacancies: candidate feature rows (skills with their evidence, occupations, and their ISCO
unit, minor and sub-major groups; closeness is 0.25 per shared level, the levels being nested)
times per-vacancy coefficients. Education, recognition, destination, languages and
availability are dense vectors over candidates, cached per distinct value. Consent usually
leaves a small share of the pairs, so each vacancy is scored only against the candidates of each
of its pool keys (a per-key index built on first use and kept with the ``CandidateMatrix``;
memory grows with the number of consents), or against everyone when its keys together list
more than n candidates. ``CandidateMatrix.prepare()`` builds the shared index ahead of use.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

__all__ = [
    "CEFR_RANK",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "EVIDENCE_WEIGHT",
    "OCCUPATION_LEVELS",
    "CandidateMatrix",
    "Explanation",
    "LanguageGap",
    "ReferenceCandidate",
    "ReferenceVacancy",
    "TopK",
    "VacancyMatrix",
    "Weights",
    "baseline_score_pair",
    "baseline_top_k",
    "explain",
    "reference_inputs",
    "score_block",
    "score_candidate",
    "top_k",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Sparse = Any  # scipy.sparse has no type information

EVIDENCE_WEIGHT: dict[str, float] = {
    "self_declared": 0.6,
    "assessed": 0.8,
    "certified": 0.9,
    "recognised": 1.0,
}
CEFR_RANK: dict[str, int] = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}
COMPONENTS: tuple[str, ...] = (
    "essential",
    "optional",
    "occupation",
    "education",
    "languages",
    "recognition",
    "destination",
    "availability",
)
# Closeness of the candidate's nearest occupation, index = points / 250.
OCCUPATION_LEVELS: tuple[str, ...] = (
    "none",
    "same_sub_major_group",
    "same_minor_group",
    "same_isco_unit",
    "same_occupation",
)

POINTS = 1000  # a component's full value, in thousandths
SCALE = POINTS * POINTS  # weights in thousandths times component points
RECOGNITION_POINTS: tuple[int, ...] = (0, 300, 600, 1000)
AVAILABILITY_GRACE_DAYS = 90
EDUCATION_ONE_BELOW, EDUCATION_UNKNOWN = 500, 250
MAX_ISCED = 8
_EXACT_LIMIT = 2**53
_VECTOR_CACHE_SIZE = 64


def _education_table() -> IntArray:
    """Points for ``[min_isced + 1, isced + 1]``, both -1..8."""
    table = np.zeros((MAX_ISCED + 2, MAX_ISCED + 2), dtype=np.int64)
    for required in range(-1, MAX_ISCED + 1):
        for level in range(-1, MAX_ISCED + 1):
            table[required + 1, level + 1] = _education_points(required, level)
    return table


def _education_points(required: int, level: int) -> int:
    if required < 0 or level >= required:
        return POINTS
    if level < 0:
        return EDUCATION_UNKNOWN
    return EDUCATION_ONE_BELOW if level == required - 1 else 0


_EDUCATION = _education_table()


def _language_credit(required: int, rank: int) -> int:
    """Points for one language requirement: met 1000, one CEFR level short 500, else 0."""
    if rank >= required:
        return POINTS
    return POINTS // 2 if required >= 2 and rank == required - 1 else 0


def _availability_points(available_from: int, start_day: int) -> int:
    if available_from <= start_day:
        return POINTS
    return POINTS // 2 if available_from <= start_day + AVAILABILITY_GRACE_DAYS else 0


# --------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class Weights:
    """Component weights: each in [0, 1], given to 1/1000, summing to 1."""

    essential: float = 0.40
    optional: float = 0.10
    occupation: float = 0.20
    education: float = 0.10
    languages: float = 0.10
    recognition: float = 0.05
    destination: float = 0.03
    availability: float = 0.02

    def __post_init__(self) -> None:
        values = [getattr(self, name) for name in COMPONENTS]
        if any(not 0 <= value <= 1 for value in values):
            raise ValueError("each weight must be between 0 and 1")
        if any(abs(value * POINTS - round(value * POINTS)) > 1e-9 for value in values):
            raise ValueError("weights are used to 1/1000: give at most three decimals")
        if sum(round(value * POINTS) for value in values) != POINTS:
            raise ValueError("weights must sum to 1")

    def thousandths(self) -> tuple[int, ...]:
        """The weights in ``COMPONENTS`` order, as integer thousandths summing to 1000."""
        return tuple(round(getattr(self, name) * POINTS) for name in COMPONENTS)


DEFAULT_WEIGHTS = Weights()


def _csr(matrix: Sparse, rows: int, dtype: type, name: str, keep_zeros: bool = False) -> Sparse:
    out: Sparse = sp.csr_array(matrix, dtype=dtype, copy=True)
    if out.shape[0] != rows:
        raise ValueError(f"{name} has {out.shape[0]} rows, expected {rows}")
    out.sum_duplicates()
    if not keep_zeros:
        out.eliminate_zeros()
    out.sort_indices()
    return out


def _vector(values: npt.ArrayLike, rows: int, dtype: type, name: str) -> npt.NDArray[Any]:
    out: npt.NDArray[Any] = np.ascontiguousarray(values, dtype=dtype)
    if out.shape != (rows,):
        raise ValueError(f"{name} must have shape ({rows},), not {out.shape}")
    return out


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


@dataclass(frozen=True, eq=False)
class CandidateMatrix:
    """n candidates as arrays; see the module docstring for every field's meaning."""

    skills: Sparse
    occupations: Sparse
    occupation_isco: npt.NDArray[np.int32]
    isced: npt.NDArray[np.int8]
    languages: Sparse
    recognition: npt.NDArray[np.int8]
    destinations: Sparse
    available_from: npt.NDArray[np.int32]
    pools: Sparse

    def __post_init__(self) -> None:
        n = sp.csr_array(self.skills).shape[0]
        _set(self, "skills", _csr(self.skills, n, np.float32, "skills"))
        _set(self, "occupations", _csr(self.occupations, n, np.float32, "occupations", True))
        occupation_count = self.occupations.shape[1]
        isco = _vector(self.occupation_isco, occupation_count, np.int32, "occupation_isco")
        _set(self, "occupation_isco", isco)
        _set(self, "isced", _vector(self.isced, n, np.int8, "isced"))
        _set(self, "languages", _csr(self.languages, n, np.int8, "languages"))
        _set(self, "recognition", _vector(self.recognition, n, np.int8, "recognition"))
        _set(self, "destinations", _csr(self.destinations, n, np.bool_, "destinations"))
        _set(self, "available_from", _vector(self.available_from, n, np.int32, "available_from"))
        _set(self, "pools", _csr(self.pools, n, np.bool_, "pools"))
        if self.isced.size and (self.isced.min() < -1 or self.isced.max() > MAX_ISCED):
            raise ValueError("isced must be -1..8")
        if self.recognition.size and (self.recognition.min() < 0 or self.recognition.max() > 3):
            raise ValueError("recognition must be 0..3")
        if self.languages.nnz and (self.languages.data.min() < 1 or self.languages.data.max() > 6):
            raise ValueError("language ranks must be 1..6")

    def __len__(self) -> int:
        return int(self.skills.shape[0])

    def prepare(self) -> None:
        """Build the reusable scoring index now (it is otherwise built on first use)."""
        self._index  # noqa: B018

    @cached_property
    def _index(self) -> _CandidateIndex:
        return _CandidateIndex(self)

    @cached_property
    def _isco_groups(self) -> list[list[int]]:
        """Per occupation index: unit, minor and sub-major group codes as Python lists."""
        return [codes.tolist() for codes in _isco_prefixes(self.occupation_isco)]


@dataclass(frozen=True, eq=False)
class VacancyMatrix:
    """m vacancies as arrays; see the module docstring for every field's meaning."""

    essential: Sparse
    optional: Sparse
    occupation: npt.NDArray[np.int32]
    min_isced: npt.NDArray[np.int8]
    languages: Sparse
    destination: npt.NDArray[np.int32]
    pools: Sparse
    worker_pays_fees: npt.NDArray[np.bool_]
    start_day: npt.NDArray[np.int32]

    def __post_init__(self) -> None:
        m = sp.csr_array(self.essential).shape[0]
        _set(self, "essential", _csr(self.essential, m, np.bool_, "essential"))
        _set(self, "optional", _csr(self.optional, m, np.bool_, "optional"))
        _set(self, "occupation", _vector(self.occupation, m, np.int32, "occupation"))
        _set(self, "min_isced", _vector(self.min_isced, m, np.int8, "min_isced"))
        _set(self, "languages", _csr(self.languages, m, np.int8, "languages"))
        _set(self, "destination", _vector(self.destination, m, np.int32, "destination"))
        _set(self, "pools", _csr(self.pools, m, np.bool_, "pools"))
        fees = _vector(self.worker_pays_fees, m, np.bool_, "worker_pays_fees")
        _set(self, "worker_pays_fees", fees)
        _set(self, "start_day", _vector(self.start_day, m, np.int32, "start_day"))
        if self.min_isced.size and (self.min_isced.min() < -1 or self.min_isced.max() > MAX_ISCED):
            raise ValueError("min_isced must be -1..8")
        if self.languages.nnz and (self.languages.data.min() < 1 or self.languages.data.max() > 6):
            raise ValueError("language ranks must be 1..6")

    def __len__(self) -> int:
        return int(self.essential.shape[0])


def _check_compatible(candidates: CandidateMatrix, vacancies: VacancyMatrix) -> None:
    pairs = {
        "skills": (candidates.skills.shape[1], vacancies.essential.shape[1]),
        "optional skills": (candidates.skills.shape[1], vacancies.optional.shape[1]),
        "languages": (candidates.languages.shape[1], vacancies.languages.shape[1]),
        "pool keys": (candidates.pools.shape[1], vacancies.pools.shape[1]),
    }
    for name, (ours, theirs) in pairs.items():
        if ours != theirs:
            raise ValueError(f"candidates have {ours} {name} columns, vacancies {theirs}")
    occupations = vacancies.occupation
    if occupations.size and (
        occupations.min() < 0 or occupations.max() >= len(candidates.occupation_isco)
    ):
        raise ValueError("vacancy occupation index out of range")


def _rows(vacancies: VacancyMatrix, vacancy_rows: Sequence[int] | npt.ArrayLike | None) -> IntArray:
    if vacancy_rows is None:
        return np.arange(len(vacancies), dtype=np.int64)
    rows = np.asarray(vacancy_rows, dtype=np.int64).reshape(-1)
    if rows.size and (rows.min() < 0 or rows.max() >= len(vacancies)):
        raise IndexError("vacancy row out of range")
    return rows


# --------------------------------------------------------------------------------------------
# Vectorised engine


def _isco_prefixes(isco: npt.NDArray[np.int32]) -> list[npt.NDArray[np.int64]]:
    """Per occupation: unit (4-digit), minor (3) and sub-major (2) group codes, -1 unknown."""
    codes = isco.astype(np.int64)
    known = codes >= 0
    return [np.where(known, codes // divisor, -1) for divisor in (1, 10, 100)]


class _Subset:
    """Some candidates (``members``: ascending row numbers) laid out for scoring.

    ``xt`` is the F x size transpose of their feature rows (see ``_CandidateIndex``); the other
    arrays hold the per-candidate inputs of the dense components, in ``members`` order.
    """

    def __init__(self, index: _CandidateIndex, members: npt.NDArray[np.int64] | None) -> None:
        def pick(values: Any) -> Any:
            return values if members is None else values[members]

        self.index = index
        self.members = np.arange(index.n, dtype=np.int64) if members is None else members
        self.size = len(self.members)
        self.xt = sp.csr_array(pick(index.x).T.tocsr())
        self.isced_column = pick(index.isced_column)
        self.recognition_points = pick(index.recognition_points)
        self.available_from = pick(index.candidates.available_from)
        # Composite selection keys: -(numerator * size) - (size - 1) + position, see _select.
        self.key_offset = np.arange(self.size, dtype=np.int64) - (self.size - 1)
        self._pick = pick
        self._ranks: dict[int, npt.NDArray[np.int8]] = {}
        self._destinations: dict[int, BoolArray] = {}

    def language_rank(self, language: int) -> npt.NDArray[np.int8]:
        """Every member's CEFR rank in one language (0: none), cached."""
        rank = self._ranks.get(language)
        if rank is None:
            rank = self._ranks[language] = self._pick(self.index.language_rank(language))
        return rank

    def destination_ok(self, destination: int) -> BoolArray:
        """Members who listed no country or listed this one, cached."""
        ok = self._destinations.get(destination)
        if ok is None:
            ok = self._destinations[destination] = self._pick(
                self.index.destination_ok(destination)
            )
        return ok


class _CandidateIndex:
    """Per-candidate-set precomputation, built once per ``CandidateMatrix`` and reused.

    Feature columns ``F``: S skills (value: evidence in thousandths), then O occupations, then
    the ISCO unit, minor and sub-major groups present in ``occupation_isco`` (value 1: the
    candidate has worked in an occupation of that group). A vacancy's coefficients over the
    same columns turn essential/optional coverage and occupation closeness into one sparse
    product with a subset's ``xt``.

    Consent makes most pairs ineligible, so a vacancy is scored only against the members of
    each of its pool keys (``pool_subset``, built on first use and kept: memory grows with the
    number of consents), or against everyone with a mask when its keys cover more than n
    candidates in total.
    """

    def __init__(self, candidates: CandidateMatrix) -> None:
        n = len(candidates)
        self.n = n
        self.candidates = candidates
        skills = candidates.skills.copy()
        skills.data = np.rint(skills.data.astype(np.float64) * POINTS).clip(0, POINTS)
        skills.eliminate_zeros()
        self.skill_count = skills.shape[1]
        occupation_count = len(candidates.occupation_isco)
        held = sp.csr_array(
            (
                np.ones(candidates.occupations.nnz),
                candidates.occupations.indices,
                candidates.occupations.indptr,
            ),
            shape=(n, occupation_count),
        )
        # Occupation -> feature column of its unit, minor and sub-major group (-1 unknown).
        self.group_columns: list[IntArray] = []
        blocks = [skills, held]
        offset = self.skill_count + occupation_count
        for codes in _isco_prefixes(candidates.occupation_isco):
            known = codes >= 0
            unique, inverse = np.unique(codes[known], return_inverse=True)
            columns = np.full(occupation_count, -1, dtype=np.int64)
            columns[known] = offset + inverse
            self.group_columns.append(columns)
            member = sp.csr_array(
                (np.ones(int(known.sum())), (np.flatnonzero(known), inverse)),
                shape=(occupation_count, len(unique)),
            )
            group = held @ member
            group.data[:] = 1.0
            blocks.append(group)
            offset += len(unique)
        self.feature_count = offset
        self.x = sp.csr_array(sp.hstack(blocks, format="csr"), dtype=np.float64)
        self.isced_column = candidates.isced.astype(np.intp) + 1
        self.recognition_points = np.asarray(RECOGNITION_POINTS, dtype=np.float64)[
            candidates.recognition
        ]
        self.destination_any = np.diff(candidates.destinations.indptr) == 0
        self.destination_members = sp.csr_array(candidates.destinations.T.tocsr())
        self.language_members = sp.csr_array(candidates.languages.T.tocsr())
        self.pool_members = sp.csr_array(candidates.pools.T.tocsr())
        self.pool_members.sort_indices()
        self.pool_sizes = np.diff(self.pool_members.indptr)
        self._subsets: dict[int, _Subset] = {}
        self._ranks: dict[int, npt.NDArray[np.int8]] = {}
        self._destinations: dict[int, BoolArray] = {}

    @staticmethod
    def _column(matrix: Sparse, column: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[Any]]:
        lo, hi = matrix.indptr[column], matrix.indptr[column + 1]
        return matrix.indices[lo:hi], matrix.data[lo:hi]

    def language_rank(self, language: int) -> npt.NDArray[np.int8]:
        """Every candidate's CEFR rank in one language (0: none), cached."""
        rank = self._ranks.get(language)
        if rank is None:
            rank = np.zeros(self.n, dtype=np.int8)
            speakers, ranks = self._column(self.language_members, language)
            rank[speakers] = ranks
            self._ranks[language] = rank
        return rank

    def destination_ok(self, destination: int) -> BoolArray:
        """Candidates who listed no country or listed this one, cached."""
        ok = self._destinations.get(destination)
        if ok is None:
            ok = self.destination_any.copy()
            if 0 <= destination < self.destination_members.shape[0]:
                ok[self._column(self.destination_members, destination)[0]] = True
            self._destinations[destination] = ok
        return ok

    def consenting(self, pools: npt.NDArray[np.int32]) -> IntArray:
        """Ascending rows of the candidates who consented to any of these pool keys."""
        allowed = np.zeros(self.n, dtype=np.bool_)
        for pool in pools.tolist():
            allowed[self._column(self.pool_members, pool)[0]] = True
        return np.flatnonzero(allowed)

    @cached_property
    def everyone(self) -> _Subset:
        return _Subset(self, None)

    def pool_subset(self, pool: int) -> _Subset:
        """The candidates who consented to one pool key."""
        subset = self._subsets.get(pool)
        if subset is None:
            subset = _Subset(self, self._column(self.pool_members, pool)[0].astype(np.int64))
            self._subsets[pool] = subset
        return subset


@dataclass(frozen=True)
class _Block:
    """The vacancy side of one block of rows: the coefficient matrix and per-row scalars.

    For vacancy row i the numerator over candidates is
    ``(lc_i * (fixed + W_av * availability) + languages) * (D_i / lc_i) + const_i
    + (coef @ xt)[i]`` where ``lc_i`` is the language requirement count (at least 1), ``fixed``
    the weighted education, recognition and destination points (see ``_Scorer``).
    """

    rows: IntArray
    coef: Sparse  # B x F float64
    denominator: IntArray  # D per row
    language_count: IntArray  # max(1, requirements) per row
    const: FloatArray  # points for empty essential / optional lists, times D
    languages: list[tuple[tuple[int, int], ...]]
    eligible: BoolArray  # not worker_pays_fees and some pool key

    def take(self, positions: list[int]) -> _Block:
        """The block of some of these rows (coefficients are computed once per call)."""
        return _Block(
            rows=self.rows[positions],
            coef=self.coef[positions],
            denominator=self.denominator[positions],
            language_count=self.language_count[positions],
            const=self.const[positions],
            languages=[self.languages[p] for p in positions],
            eligible=self.eligible[positions],
        )


def _block(
    index: _CandidateIndex,
    vacancies: VacancyMatrix,
    rows: IntArray,
    weights: tuple[int, ...],
) -> _Block:
    w_ess, w_opt, w_occ = weights[0], weights[1], weights[2]
    essential = vacancies.essential[rows]
    optional = vacancies.optional[rows]
    languages = vacancies.languages[rows]
    ess_count = np.diff(essential.indptr).astype(np.int64)
    opt_count = np.diff(optional.indptr).astype(np.int64)
    lang_count = np.maximum(np.diff(languages.indptr).astype(np.int64), 1)
    denominator = np.lcm(np.lcm(np.maximum(ess_count, 1), np.maximum(opt_count, 1)), lang_count)
    if rows.size and int(denominator.max()) * SCALE >= _EXACT_LIMIT:
        raise ValueError("too many requirements on one vacancy for exact scoring")
    b = len(rows)
    ess_coef = (w_ess * denominator // np.maximum(ess_count, 1)).astype(np.float64)
    opt_coef = (w_opt * denominator // np.maximum(opt_count, 1)).astype(np.float64)
    width = index.feature_count
    skill_part = sp.csr_array(
        (np.repeat(ess_coef, ess_count), essential.indices, essential.indptr), shape=(b, width)
    ) + sp.csr_array(
        (np.repeat(opt_coef, opt_count), optional.indices, optional.indptr), shape=(b, width)
    )
    # Occupation closeness: 250 points per matching level (occupation, unit, minor, sub-major);
    # the levels are nested, so the sum is the closest level's points.
    occupation = vacancies.occupation[rows].astype(np.int64)
    group_columns = [columns[occupation] for columns in index.group_columns]
    known = group_columns[0] >= 0
    quarter = w_occ * (POINTS // 4) * denominator
    occ_rows = [np.arange(b), *(np.flatnonzero(known) for _ in range(3))]
    occ_cols = [
        index.skill_count + occupation,
        *(columns[known] for columns in group_columns),
    ]
    occ_vals = [
        np.where(known, quarter, w_occ * POINTS * denominator),
        *(quarter[known] for _ in range(3)),
    ]
    occupation_part = sp.csr_array(
        (
            np.concatenate(occ_vals).astype(np.float64),
            (np.concatenate(occ_rows), np.concatenate(occ_cols)),
        ),
        shape=(b, width),
    )
    coef = sp.csr_array(skill_part + occupation_part)
    const = (POINTS * denominator * (w_ess * (ess_count == 0) + w_opt * (opt_count == 0))).astype(
        np.float64
    )
    bounds, spoken, ranks = (
        languages.indptr.tolist(),
        languages.indices.tolist(),
        languages.data.tolist(),
    )
    requirements = [
        tuple(zip(spoken[lo:hi], ranks[lo:hi], strict=True))
        for lo, hi in itertools.pairwise(bounds)
    ]
    eligible = ~vacancies.worker_pays_fees[rows] & (np.diff(vacancies.pools[rows].indptr) > 0)
    return _Block(rows, coef, denominator, lang_count, const, requirements, eligible)


class _Scorer:
    """Dense component vectors for one call's weights, cached per subset and per value."""

    def __init__(self, weights: Weights) -> None:
        self.w = weights.thousandths()
        self._cache: OrderedDict[tuple[int, Any], FloatArray] = OrderedDict()

    def _cached(self, subset: _Subset, key: Any, build: Callable[[], FloatArray]) -> FloatArray:
        full_key = (id(subset), key)
        vector = self._cache.get(full_key)
        if vector is None:
            vector = build()
            self._cache[full_key] = vector
            if len(self._cache) > _VECTOR_CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(full_key)
        return vector

    def fixed(self, subset: _Subset, min_isced: int, destination: int) -> FloatArray:
        """Education, recognition and destination points, weighted."""

        def build() -> FloatArray:
            w_edu, w_rec, w_dest = self.w[3], self.w[5], self.w[6]
            points = _EDUCATION[min_isced + 1].astype(np.float64)[subset.isced_column] * w_edu
            points += subset.recognition_points * w_rec
            points += subset.destination_ok(destination) * float(w_dest * POINTS)
            return points

        return self._cached(subset, ("fixed", min_isced, destination), build)

    def language(self, subset: _Subset, language: int, required: int) -> FloatArray:
        """Weighted points for one language requirement: met 1000, one level short 500."""

        def build() -> FloatArray:
            w_lang = self.w[4]
            rank = subset.language_rank(language)
            credit = np.zeros(subset.size, dtype=np.float64)
            if required >= 2:
                credit += (rank >= required - 1) * float(w_lang * POINTS // 2)
                credit += (rank >= required) * float(w_lang * POINTS // 2)
            else:
                credit += (rank >= required) * float(w_lang * POINTS)
            return credit

        return self._cached(subset, ("language", language, required), build)

    def numerators(
        self,
        subset: _Subset,
        vacancies: VacancyMatrix,
        block: _Block,
        i: int,
        sparse_part: Sparse,
        out: FloatArray,
    ) -> None:
        """Row i of the block: exact score numerators for every member of the subset."""
        row = int(block.rows[i])
        lang_count = int(block.language_count[i])
        np.multiply(
            self.fixed(subset, int(vacancies.min_isced[row]), int(vacancies.destination[row])),
            lang_count,
            out=out,
        )
        if block.languages[i]:
            for language, required in block.languages[i]:
                out += self.language(subset, language, required)
        else:
            out += float(self.w[4] * POINTS)
        w_av = self.w[7]
        if w_av:
            day = int(vacancies.start_day[row])
            half = float(lang_count * w_av * POINTS // 2)
            # (masked ufuncs with where= are several times slower than these two passes each)
            out += (subset.available_from <= day) * half
            out += (subset.available_from <= day + AVAILABILITY_GRACE_DAYS) * half
        out *= int(block.denominator[i]) // lang_count
        if block.const[i]:
            out += block.const[i]
        lo, hi = sparse_part.indptr[i], sparse_part.indptr[i + 1]
        out[sparse_part.indices[lo:hi]] += sparse_part.data[lo:hi]


Scored = tuple[int, IntArray, FloatArray, float]


def _scored_rows(
    candidates: CandidateMatrix,
    vacancies: VacancyMatrix,
    rows: IntArray,
    weights: Weights,
    block_size: int,
    k: int | None,
) -> Iterator[Scored]:
    """Yield ``(position in rows, candidate indices, numerators, denominator)`` for eligible
    vacancies: exact integer score numerators (in float64) of consenting candidates only, the
    indices ascending. A vacancy reached through several pool keys yields once per key (a
    candidate may then appear in several yields, with the same numerator). With ``k`` each
    yield holds only that subset's k best, ranked; otherwise everyone in the subset."""
    if block_size < 1:
        raise ValueError("block_size must be at least 1")
    _check_compatible(candidates, vacancies)
    index = candidates._index
    scorer = _Scorer(weights)
    w = scorer.w
    pools = vacancies.pools
    fees = vacancies.worker_pays_fees
    by_pool: dict[int, list[int]] = {}
    everyone: list[int] = []
    for position, row in enumerate(rows.tolist()):
        keys = pools.indices[pools.indptr[row] : pools.indptr[row + 1]]
        if fees[row] or not keys.size:
            continue
        if int(index.pool_sizes[keys].sum()) <= index.n:
            for key in keys.tolist():
                by_pool.setdefault(key, []).append(position)
        else:
            everyone.append(position)
    everything = _block(index, vacancies, rows, w)
    groups = [(index.pool_subset(key), positions, False) for key, positions in by_pool.items()]
    if everyone:
        groups.append((index.everyone, everyone, True))
    for subset, positions, masked in groups:
        buffer = np.empty(subset.size, dtype=np.float64)
        for start in range(0, len(positions), block_size):
            chunk = positions[start : start + block_size]
            block = everything.take(chunk)
            product = sp.csr_array(block.coef @ subset.xt)
            for i, position in enumerate(chunk):
                scorer.numerators(subset, vacancies, block, i, product, buffer)
                members, numerators = subset.members, buffer
                if masked:
                    row = int(block.rows[i])
                    members = index.consenting(
                        pools.indices[pools.indptr[row] : pools.indptr[row + 1]]
                    )
                    numerators = buffer[members]
                denominator = float(int(block.denominator[i]) * SCALE)
                if k is not None:
                    offset = None if masked else subset.key_offset
                    chosen = _select(numerators, k, denominator, offset)
                    members, numerators = members[chosen], numerators[chosen]
                else:
                    numerators = numerators.copy()
                yield position, members, numerators, denominator


def _select(
    numerators: FloatArray,
    k: int,
    largest: float,
    key_offset: npt.NDArray[np.int64] | None = None,
) -> IntArray:
    """Positions of the k largest numerators, by numerator descending then position ascending.

    Selection runs on unique int64 keys ``-(numerator * size) + position - (size - 1)``, so
    ties never reach ``partition`` (its introselect slows down badly on large runs of equal
    values) and the k smallest keys are exactly the k best in the documented order.
    ``largest`` bounds the numerators (the vacancy's ``D * 10**6``).
    """
    size = numerators.size
    if k <= 0 or size == 0:
        return np.empty(0, dtype=np.int64)
    if key_offset is None:
        key_offset = np.arange(size, dtype=np.int64) - (size - 1)
    if largest * size >= 2**62:
        # Keys would overflow int64 (absurdly many requirements and candidates): sort instead.
        order = np.lexsort((np.arange(size), -numerators))
        return order[:k].astype(np.int64)
    keys = numerators.astype(np.int64)
    keys *= -size
    keys += key_offset
    if k < size:
        keys.partition(k - 1)
        keys = keys[:k]
    keys.sort()
    return (keys + (size - 1)) % size


def _merge(
    parts: list[tuple[IntArray, FloatArray]], k: int, largest: float
) -> tuple[IntArray, FloatArray]:
    """The k best of several ranked lists of (candidate, numerator) that may overlap."""
    if len(parts) == 1:
        return parts[0]
    candidates, first = np.unique(np.concatenate([c for c, _ in parts]), return_index=True)
    numerators = np.concatenate([n for _, n in parts])[first]
    chosen = _select(numerators, k, largest)
    return candidates[chosen], numerators[chosen]


@dataclass(frozen=True, eq=False)
class TopK:
    """Ranked candidates per requested vacancy row, stored ragged (CSR-like).

    Row ``i`` (the vacancy ``vacancy_rows[i]``) has candidates
    ``candidates[indptr[i]:indptr[i + 1]]`` with ``scores`` alongside, best first; a row may
    hold fewer than k candidates (hard filters), or none.
    """

    vacancy_rows: IntArray
    indptr: IntArray
    candidates: IntArray
    scores: FloatArray

    def __len__(self) -> int:
        return len(self.vacancy_rows)

    def row(self, i: int) -> tuple[IntArray, FloatArray]:
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        return self.candidates[lo:hi], self.scores[lo:hi]

    def as_lists(self) -> list[list[tuple[int, float]]]:
        """``[[(candidate, score), ...] per row]`` with Python ints and floats."""
        out = []
        for i in range(len(self)):
            candidates, scores = self.row(i)
            out.append(list(zip(candidates.tolist(), scores.tolist(), strict=True)))
        return out


def _top_k_from_lists(rows: IntArray, lists: list[tuple[IntArray, FloatArray]]) -> TopK:
    sizes = np.array([len(c) for c, _ in lists], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    candidates = np.concatenate([c for c, _ in lists]) if lists else np.empty(0)
    scores = np.concatenate([s for _, s in lists]) if lists else np.empty(0)
    return TopK(
        vacancy_rows=rows.copy(),
        indptr=indptr,
        candidates=candidates.astype(np.int64),
        scores=scores.astype(np.float64),
    )


def top_k(
    candidates: CandidateMatrix,
    vacancies: VacancyMatrix,
    k: int = 50,
    weights: Weights = DEFAULT_WEIGHTS,
    vacancy_rows: Sequence[int] | npt.ArrayLike | None = None,
    block_size: int = 64,
) -> TopK:
    """The k best candidates for each vacancy row (all rows by default), best first.

    Vacancies are scored ``block_size`` rows at a time: besides the candidate index, memory
    stays around one ``block_size x n`` sparse product and a few dense vectors of n.
    """
    rows = _rows(vacancies, vacancy_rows)
    parts: list[list[tuple[IntArray, FloatArray]]] = [[] for _ in rows]
    denominators = np.ones(len(rows), dtype=np.float64)
    for position, members, numerators, denominator in _scored_rows(
        candidates, vacancies, rows, weights, block_size, k
    ):
        parts[position].append((members, numerators))
        denominators[position] = denominator
    lists = []
    for position, found in enumerate(parts):
        if not found:
            lists.append((np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)))
            continue
        chosen, numerators = _merge(found, k, denominators[position])
        lists.append((chosen, numerators / denominators[position]))
    return _top_k_from_lists(rows, lists)


def score_block(
    candidates: CandidateMatrix,
    vacancies: VacancyMatrix,
    vacancy_rows: Sequence[int] | npt.ArrayLike | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    block_size: int = 64,
) -> FloatArray:
    """Dense ``len(vacancy_rows) x n`` float64 scores, ``-inf`` for filtered pairs.

    float64 because float32 would merge distinct exact scores; mind the size (8 bytes a pair).
    """
    rows = _rows(vacancies, vacancy_rows)
    out = np.full((len(rows), len(candidates)), -np.inf, dtype=np.float64)
    for position, members, numerators, denominator in _scored_rows(
        candidates, vacancies, rows, weights, block_size, None
    ):
        out[position, members] = numerators / denominator
    return out


def score_candidate(
    candidates: CandidateMatrix,
    candidate_row: int,
    vacancies: VacancyMatrix,
    weights: Weights = DEFAULT_WEIGHTS,
) -> FloatArray:
    """One candidate's score for every vacancy, shape (m,), ``-inf`` where filtered."""
    _check_compatible(candidates, vacancies)
    if not 0 <= candidate_row < len(candidates):
        raise IndexError("candidate row out of range")
    index = candidates._index
    w = weights.thousandths()
    m = len(vacancies)
    rows = np.arange(m, dtype=np.int64)
    block = _block(index, vacancies, rows, w)
    features = np.zeros(index.feature_count, dtype=np.float64)
    x = index.x
    lo, hi = x.indptr[candidate_row], x.indptr[candidate_row + 1]
    features[x.indices[lo:hi]] = x.data[lo:hi]
    sparse_part = block.coef @ features

    c = candidate_row
    education = _EDUCATION[vacancies.min_isced.astype(np.intp) + 1, index.isced_column[c]]
    wanted = candidates.destinations.indices[
        candidates.destinations.indptr[c] : candidates.destinations.indptr[c + 1]
    ]
    destination_ok = np.full(m, bool(index.destination_any[c])) | np.isin(
        vacancies.destination, wanted
    )
    day = int(candidates.available_from[c])
    availability = (POINTS // 2) * (
        (day <= vacancies.start_day.astype(np.int64)).astype(np.int64)
        + (day <= vacancies.start_day.astype(np.int64) + AVAILABILITY_GRACE_DAYS)
    )
    ranks = np.zeros(candidates.languages.shape[1], dtype=np.int64)
    lang_lo, lang_hi = candidates.languages.indptr[c : c + 2]
    ranks[candidates.languages.indices[lang_lo:lang_hi]] = candidates.languages.data[
        lang_lo:lang_hi
    ]
    required = vacancies.languages.data.astype(np.int64)
    have = ranks[vacancies.languages.indices]
    credit = np.where(
        have >= required,
        POINTS,
        np.where((required >= 2) & (have == required - 1), POINTS // 2, 0),
    )
    lang_rows = np.repeat(rows, np.diff(vacancies.languages.indptr))
    credit_sum = np.bincount(lang_rows, weights=credit, minlength=m).astype(np.int64)
    credit_sum = np.where(np.diff(vacancies.languages.indptr) == 0, POINTS, credit_sum)

    lang_count = block.language_count
    dense = (
        lang_count
        * (
            w[3] * education
            + w[5] * int(index.recognition_points[c])
            + w[6] * POINTS * destination_ok
            + w[7] * availability
        )
        + w[4] * credit_sum
    )
    numerators = dense * (block.denominator // lang_count) + block.const + sparse_part
    pool_row = np.zeros(candidates.pools.shape[1], dtype=np.float64)
    pool_row[
        candidates.pools.indices[candidates.pools.indptr[c] : candidates.pools.indptr[c + 1]]
    ] = 1
    consent = (vacancies.pools @ pool_row) > 0
    scores = numerators / (block.denominator * SCALE).astype(np.float64)
    return np.where(block.eligible & consent, scores, -np.inf)


# --------------------------------------------------------------------------------------------
# Pure-Python reference implementation (baseline) and explanations


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


class LanguageGap(NamedTuple):
    language: int
    required: int  # CEFR rank
    actual: int  # 0: not spoken


@dataclass(frozen=True)
class Explanation:
    """Why a candidate scores what they score for a vacancy.

    ``score`` is what ``top_k`` reports for the pair when ``eligible``; for a filtered pair it
    is the score the pair would have, and ``excluded_because`` names the hard filters
    (``"worker_pays_fees"``, ``"no_consent"``). ``components`` are the unweighted component
    values in [0, 1]; ``contributions`` are weight x component (they sum to ``score``).
    """

    candidate: int
    vacancy: int
    eligible: bool
    excluded_because: tuple[str, ...]
    score: float
    components: dict[str, float]
    contributions: dict[str, float]
    occupation_match: str
    matched_essential: tuple[int, ...]
    matched_optional: tuple[int, ...]
    missing_essential: tuple[int, ...]
    unmet_languages: tuple[LanguageGap, ...]
    suggested_programmes: tuple[int, ...]


def explain(
    candidates: CandidateMatrix,
    c: int,
    vacancies: VacancyMatrix,
    v: int,
    programmes: Sparse | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    max_programmes: int = 3,
) -> Explanation:
    """Explain the pair (candidate row c, vacancy row v).

    ``programmes`` (P x S, bool: the skills each training programme teaches) adds up to
    ``max_programmes`` programme indices that teach the missing essential skills, the one
    covering most of them first, ties by lower index.
    """
    _check_compatible(candidates, vacancies)
    candidate = _reference_candidates(candidates, [c], bulk=False)[0]
    vacancy = _reference_vacancies(candidates, vacancies, [v])[0]
    points = _reference_points(candidate, vacancy)
    w = weights.thousandths()
    scale = vacancy.denominator * POINTS
    components = {name: p / scale for name, p in zip(COMPONENTS, points, strict=True)}
    contributions = {
        name: wi * p / (scale * POINTS) for name, wi, p in zip(COMPONENTS, w, points, strict=True)
    }
    numerator = sum(wi * p for wi, p in zip(w, points, strict=True))
    reasons = _filtered_because(candidate, vacancy)
    missing = tuple(s for s in vacancy.essential if s not in candidate.skills)
    suggestions: tuple[int, ...] = ()
    if programmes is not None and missing:
        if programmes.shape[1] != candidates.skills.shape[1]:
            raise ValueError("programmes must have one column per skill")
        gap = np.zeros(programmes.shape[1], dtype=np.float64)
        gap[list(missing)] = 1.0
        covered = np.asarray(programmes @ gap).reshape(-1)
        order = np.argsort(-covered, kind="stable")[:max_programmes]  # ties: lower index first
        suggestions = tuple(int(p) for p in order if covered[p] > 0)
    return Explanation(
        candidate=c,
        vacancy=v,
        eligible=not reasons,
        excluded_because=reasons,
        score=numerator / (vacancy.denominator * SCALE),
        components=components,
        contributions=contributions,
        occupation_match=OCCUPATION_LEVELS[_occupation_points(candidate, vacancy) // 250],
        matched_essential=tuple(s for s in vacancy.essential if s in candidate.skills),
        matched_optional=tuple(s for s in vacancy.optional if s in candidate.skills),
        missing_essential=missing,
        unmet_languages=tuple(
            LanguageGap(lang, r, candidate.languages.get(lang, 0))
            for lang, r in vacancy.languages
            if candidate.languages.get(lang, 0) < r
        ),
        suggested_programmes=suggestions,
    )
