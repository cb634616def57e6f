"""The reusable scoring index of a candidate set: feature rows (skills, occupations and their
ISCO groups), per-candidate vectors, and the subsets of candidates per consent pool key."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine.matrices import (
    BoolArray,
    CandidateMatrix,
    IntArray,
    Sparse,
    _isco_prefixes,
)
from matching.engine.points import POINTS, RECOGNITION_POINTS


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
