"""Why a candidate scores what they score for a vacancy: component values and contributions,
matched and missing skills, unmet languages, and training that teaches the missing skills."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from matching.engine.baseline import (
    _filtered_because,
    _occupation_points,
    _reference_candidates,
    _reference_points,
    _reference_vacancies,
)
from matching.engine.matrices import CandidateMatrix, Sparse, VacancyMatrix, _check_compatible
from matching.engine.points import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    OCCUPATION_LEVELS,
    POINTS,
    SCALE,
    Weights,
)


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
