"""The engine's inputs: candidates and vacancies as validated, canonical NumPy/SciPy arrays (see
the package docstring for every field's meaning), and the checks that two of them fit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine.points import MAX_ISCED

if TYPE_CHECKING:
    from matching.engine.index import _CandidateIndex

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Sparse = Any  # scipy.sparse has no type information


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
        from matching.engine.index import _CandidateIndex  # built on first use

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


def _isco_prefixes(isco: npt.NDArray[np.int32]) -> list[npt.NDArray[np.int64]]:
    """Per occupation: unit (4-digit), minor (3) and sub-major (2) group codes, -1 unknown."""
    codes = isco.astype(np.int64)
    known = codes >= 0
    return [np.where(known, codes // divisor, -1) for divisor in (1, 10, 100)]
