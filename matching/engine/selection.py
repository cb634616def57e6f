"""Top-k selection with the engine's order (score descending, then candidate index ascending)
and the ragged ``TopK`` result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine.matrices import FloatArray, IntArray


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
