"""What each criterion is worth: the component names, the points of each value (in thousandths
of a component), and the weights that combine them. Everything the vectorised engine and the
pure-Python reference must agree on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

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
