"""The vectorised engine: exact score numerators per block of vacancies against the consenting
candidates (``top_k``, ``score_block``), and one candidate against every vacancy
(``score_candidate``)."""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine.index import _CandidateIndex, _Subset
from matching.engine.matrices import (
    BoolArray,
    CandidateMatrix,
    FloatArray,
    IntArray,
    Sparse,
    VacancyMatrix,
    _check_compatible,
    _rows,
)
from matching.engine.points import (
    _EDUCATION,
    _EXACT_LIMIT,
    AVAILABILITY_GRACE_DAYS,
    DEFAULT_WEIGHTS,
    POINTS,
    SCALE,
    Weights,
)
from matching.engine.selection import TopK, _merge, _select, _top_k_from_lists

_VECTOR_CACHE_SIZE = 64


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
