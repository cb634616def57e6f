"""The pure NumPy/SciPy matching engine: ranking behaviour, hard filters, explanations, and
exact agreement with the pair-by-pair Python reference. No database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from matching.engine import (
    EVIDENCE_WEIGHT,
    CandidateMatrix,
    LanguageGap,
    VacancyMatrix,
    Weights,
    baseline_score_pair,
    baseline_top_k,
    explain,
    reference_inputs,
    score_block,
    score_candidate,
    top_k,
)
from matching.engine.selection import _select

S, L, C, K = 12, 3, 3, 4  # skills, languages, countries, pool keys
# Occupations 0 and 1 share ISCO unit 2512; 2 is in minor group 251, 3 in sub-major group 25.
ISCO = [2512, 2512, 2513, 2521, 7212, -1]
SELF, RECOGNISED = EVIDENCE_WEIGHT["self_declared"], EVIDENCE_WEIGHT["recognised"]


def _matrix(rows: list[dict[int, Any]], columns: int, dtype: type) -> sp.csr_array:
    data, indices, indptr = [], [], [0]
    for row in rows:
        for column in sorted(row):
            indices.append(column)
            data.append(row[column])
        indptr.append(len(indices))
    return sp.csr_array(
        (np.array(data, dtype=dtype), np.array(indices, dtype=np.int32), indptr),
        shape=(len(rows), columns),
    )


def candidates(*people: dict[str, Any], isco: list[int] = ISCO) -> CandidateMatrix:
    """Candidates from readable dicts; unspecified fields are neutral (and pool 0 consented)."""

    def get(name: str, default: Any) -> list[Any]:
        return [person.get(name, default) for person in people]

    def as_set(name: str, default: list[int]) -> list[dict[int, bool]]:
        return [dict.fromkeys(values, True) for values in get(name, default)]

    return CandidateMatrix(
        skills=_matrix(get("skills", {}), S, np.float32),
        occupations=_matrix(get("occupations", {}), len(isco), np.float32),
        occupation_isco=np.array(isco),
        isced=np.array(get("isced", 4)),
        languages=_matrix(get("languages", {}), L, np.int8),
        recognition=np.array(get("recognition", 0)),
        destinations=_matrix(as_set("destinations", []), C, np.bool_),
        available_from=np.array(get("available_from", 0)),
        pools=_matrix(as_set("pools", [0]), K, np.bool_),
    )


def vacancies(*jobs: dict[str, Any]) -> VacancyMatrix:
    def get(name: str, default: Any) -> list[Any]:
        return [job.get(name, default) for job in jobs]

    def as_set(name: str, default: list[int]) -> list[dict[int, bool]]:
        return [dict.fromkeys(values, True) for values in get(name, default)]

    return VacancyMatrix(
        essential=_matrix(as_set("essential", []), S, np.bool_),
        optional=_matrix(as_set("optional", []), S, np.bool_),
        occupation=np.array(get("occupation", 0)),
        min_isced=np.array(get("min_isced", -1)),
        languages=_matrix(get("languages", {}), L, np.int8),
        destination=np.array(get("destination", 0)),
        pools=_matrix(as_set("pools", [0]), K, np.bool_),
        worker_pays_fees=np.array(get("worker_pays_fees", False)),
        start_day=np.array(get("start_day", 20_000)),
    )


def ranking(people: CandidateMatrix, jobs: VacancyMatrix, row: int = 0, k: int = 50) -> list[int]:
    return top_k(people, jobs, k=k, vacancy_rows=[row]).row(0)[0].tolist()


def scores(people: CandidateMatrix, jobs: VacancyMatrix, row: int = 0) -> list[float]:
    return score_block(people, jobs, vacancy_rows=[row])[0].tolist()


def test_candidate_with_all_essential_skills_ranks_above_one_with_half() -> None:
    job = vacancies({"essential": [0, 1, 2, 3]})
    people = candidates(
        {"skills": dict.fromkeys([0, 1], RECOGNISED)},  # half, strongest evidence
        {"skills": dict.fromkeys([0, 1, 2, 3], SELF)},  # all, weakest evidence
        {"skills": {}},
    )
    assert ranking(people, job) == [1, 0, 2]
    half, full, none = scores(people, job)
    assert full > half > none
    assert explain(people, 1, job, 0).components["essential"] == pytest.approx(0.6)
    assert explain(people, 0, job, 0).components["essential"] == pytest.approx(0.5)


def test_consent_is_a_hard_filter_even_for_a_perfect_candidate() -> None:
    job = vacancies({"essential": [0, 1], "occupation": 0, "pools": [1, 2]})
    perfect = {"skills": dict.fromkeys([0, 1], RECOGNISED), "occupations": {0: 5.0}}
    people = candidates(
        {**perfect, "pools": [0, 3]},  # consented, but not through this vacancy's keys
        {"skills": {}, "pools": [2]},
        {**perfect, "pools": []},  # consented to nothing
    )
    assert ranking(people, job) == [1]
    assert scores(people, job)[0] == -np.inf
    assert score_candidate(people, 0, job)[0] == -np.inf
    why = explain(people, 0, job, 0)
    assert not why.eligible
    assert why.excluded_because == ("no_consent",)
    assert why.score > explain(people, 1, job, 0).score


def test_vacancy_where_the_worker_pays_fees_gets_no_matches() -> None:
    jobs = vacancies({"essential": [0]}, {"essential": [0], "worker_pays_fees": True})
    people = candidates({"skills": {0: RECOGNISED}}, {"skills": {}})
    result = top_k(people, jobs, k=5)
    assert result.row(0)[0].tolist() == [0, 1]
    assert result.row(1)[0].tolist() == []
    assert np.all(score_block(people, jobs)[1] == -np.inf)
    assert score_candidate(people, 0, jobs)[1] == -np.inf
    assert explain(people, 0, jobs, 1).excluded_because == ("worker_pays_fees",)


def test_occupation_closeness_ordering() -> None:
    job = vacancies({"occupation": 0})
    # Same ESCO occupation, same ISCO unit, same minor group, same sub-major group, unrelated,
    # occupation without ISCO code, no occupation at all.
    people = candidates(*({"occupations": {o: 3.0}} for o in range(6)), {})
    assert ranking(people, job) == [0, 1, 2, 3, 4, 5, 6]
    values = scores(people, job)
    assert values[0] > values[1] > values[2] > values[3] > values[4]
    assert values[4] == values[5] == values[6]
    matches = [explain(people, c, job, 0).occupation_match for c in range(5)]
    assert matches == [
        "same_occupation",
        "same_isco_unit",
        "same_minor_group",
        "same_sub_major_group",
        "none",
    ]
    # The closest of several occupations counts.
    several = candidates({"occupations": {4: 10.0, 2: 1.0}})
    assert explain(several, 0, job, 0).occupation_match == "same_minor_group"


def test_unmet_language_requirement_lowers_the_score_and_is_explained() -> None:
    job = vacancies({"languages": {0: 4, 1: 2}})  # B2 in language 0, A2 in language 1
    people = candidates(
        {"languages": {0: 5, 1: 2}},
        {"languages": {0: 3, 1: 2}},  # one level short in language 0
        {"languages": {1: 6}},  # does not speak language 0
    )
    assert ranking(people, job) == [0, 1, 2]
    values = scores(people, job)
    assert values[0] > values[1] > values[2]
    assert explain(people, 0, job, 0).unmet_languages == ()
    assert explain(people, 1, job, 0).unmet_languages == (LanguageGap(0, 4, 3),)
    assert explain(people, 2, job, 0).unmet_languages == (LanguageGap(0, 4, 0),)
    assert explain(people, 1, job, 0).components["languages"] == pytest.approx(0.75)


def test_minimum_isced_level() -> None:
    job = vacancies({"min_isced": 6})
    people = candidates(*({"isced": level} for level in (7, 6, 5, -1, 3)))
    values = scores(people, job)
    assert values[0] == values[1] > values[2] > values[3] > values[4]
    assert ranking(people, job) == [0, 1, 2, 3, 4]
    no_requirement = vacancies({"min_isced": -1})
    assert len(set(scores(people, no_requirement))) == 1


def test_explanation_lists_skills_and_suggests_the_programme_teaching_most_missing() -> None:
    job = vacancies({"essential": [0, 1, 2, 3], "optional": [4, 5]})
    people = candidates({"skills": {0: SELF, 2: RECOGNISED, 4: SELF, 9: RECOGNISED}})
    programmes = _matrix(
        [{1: True}, {1: True, 3: True}, {5: True}, {3: True}, {7: True}], S, np.bool_
    )
    why = explain(people, 0, job, 0, programmes=programmes)
    assert why.matched_essential == (0, 2)
    assert why.missing_essential == (1, 3)
    assert why.matched_optional == (4,)
    # Programme 1 covers both missing skills; 0 and 3 one each (lower index first); 2 teaches
    # only an optional skill and 4 nothing relevant.
    assert why.suggested_programmes == (1, 0, 3)
    assert why.components["essential"] == pytest.approx((0.6 + 1.0) / 4)
    assert why.components["optional"] == pytest.approx(0.6 / 2)
    assert sum(why.contributions.values()) == pytest.approx(why.score)
    assert why.eligible
    assert why.score == top_k(people, job).row(0)[1][0]


def test_top_k_is_deterministic_and_breaks_ties_by_candidate_index() -> None:
    job = vacancies({"essential": [0]})
    # Even rows hold the skill, odd rows do not: two groups of exactly equal scores.
    people = candidates(*({"skills": {0: SELF} if c % 2 == 0 else {}} for c in range(10)))
    assert ranking(people, job, k=7) == [0, 2, 4, 6, 8, 1, 3]
    assert ranking(people, job, k=3) == [0, 2, 4]
    first = top_k(people, job, k=7)
    again = top_k(people, job, k=7)
    assert first.as_lists() == again.as_lists()
    _, values = first.row(0)
    assert values[0] == values[4] > values[5] == values[6]


def _random_instance(
    seed: int, n: int, m: int, consents: tuple[int, int] = (0, 3)
) -> tuple[CandidateMatrix, VacancyMatrix]:
    """Random candidates and vacancies; each candidate consents to ``consents`` pool keys (of
    6). Few consents score vacancies per pool key, many score them against everyone."""
    rng = np.random.default_rng(seed)
    skills, occupations, languages, countries, pools = 60, 30, 5, 4, 6
    isco = rng.choice([2511, 2512, 2513, 2521, 2522, 3112, 7212, -1], size=occupations)
    evidence = list(EVIDENCE_WEIGHT.values())

    def rows(count: int, columns: int, most: int, value: Any, least: int = 0) -> sp.csr_array:
        out = []
        for _ in range(count):
            chosen = rng.choice(columns, size=rng.integers(least, most + 1), replace=False)
            out.append({int(c): value() for c in chosen})
        return _matrix(out, columns, np.float64)

    people = CandidateMatrix(
        skills=rows(n, skills, 14, lambda: rng.choice(evidence)),
        occupations=rows(n, occupations, 3, lambda: float(rng.integers(0, 12))),
        occupation_isco=isco,
        isced=rng.integers(-1, 9, size=n, dtype=np.int8),
        languages=rows(n, languages, 3, lambda: int(rng.integers(1, 7))),
        recognition=rng.integers(0, 4, size=n, dtype=np.int8),
        destinations=rows(n, countries, 2, lambda: True),
        available_from=np.where(rng.random(n) < 0.4, 0, rng.integers(20_000, 20_300, size=n)),
        pools=rows(n, pools, consents[1], lambda: True, least=consents[0]),
    )
    jobs = VacancyMatrix(
        essential=rows(m, skills, 9, lambda: True),
        optional=rows(m, skills, 7, lambda: True),
        occupation=rng.integers(0, occupations, size=m, dtype=np.int32),
        min_isced=rng.integers(-1, 9, size=m, dtype=np.int8),
        languages=rows(m, languages, 2, lambda: int(rng.integers(1, 7))),
        destination=rng.integers(-1, countries, size=m, dtype=np.int32),
        pools=rows(m, pools, 2, lambda: True),
        worker_pays_fees=rng.random(m) < 0.1,
        start_day=rng.integers(20_000, 20_200, size=m, dtype=np.int32),
    )
    return people, jobs


@pytest.fixture(scope="module", params=["few consents", "many consents"])
def instance(request: pytest.FixtureRequest) -> tuple[CandidateMatrix, VacancyMatrix]:
    consents = (0, 3) if request.param == "few consents" else (4, 6)
    return _random_instance(seed=7, n=400, m=60, consents=consents)


def test_engine_equals_the_pure_python_baseline(
    instance: tuple[CandidateMatrix, VacancyMatrix],
) -> None:
    people, jobs = instance
    ref_people, ref_jobs = reference_inputs(people, jobs)
    for k in (1, 10, 1000):
        engine, baseline = top_k(people, jobs, k=k), baseline_top_k(ref_people, ref_jobs, k=k)
        assert engine.as_lists() == baseline.as_lists()  # indices, order and exact scores
    assert sum(len(row) for row in engine.as_lists()) > 1000  # the instance is not degenerate
    # Every single pair, not only the top of each list.
    dense = score_block(people, jobs)
    for v, job in enumerate(ref_jobs):
        for c, person in enumerate(ref_people):
            numerator = baseline_score_pair(person, job)
            expected = -np.inf if numerator is None else numerator / (job.denominator * 10**6)
            assert dense[v, c] == expected


def test_block_size_does_not_change_results(
    instance: tuple[CandidateMatrix, VacancyMatrix],
) -> None:
    people, jobs = instance
    expected = top_k(people, jobs, k=25, block_size=64).as_lists()
    for block_size in (1, 7, 1000):
        assert top_k(people, jobs, k=25, block_size=block_size).as_lists() == expected
    rows = [5, 3, 5, 59]
    subset = top_k(people, jobs, k=25, vacancy_rows=rows, block_size=2).as_lists()
    assert subset == [expected[row] for row in rows]


def test_score_candidate_agrees_with_top_k_and_score_block(
    instance: tuple[CandidateMatrix, VacancyMatrix],
) -> None:
    people, jobs = instance
    dense = score_block(people, jobs)
    everyone = top_k(people, jobs, k=len(people))
    consented = np.diff(people.pools.indptr) > 0
    chosen = [*np.flatnonzero(consented)[:3].tolist(), *np.flatnonzero(~consented)[:1], 399]
    for c in dict.fromkeys(chosen):
        mine = score_candidate(people, c, jobs)
        assert np.array_equal(mine, dense[:, c])
        for v in range(len(jobs)):
            found, values = everyone.row(v)
            listed = values[found == c]
            assert listed.tolist() == ([] if mine[v] == -np.inf else [mine[v]])
        assert np.isinf(mine).any()  # worker-paid fees, no shared pool key
        assert np.isfinite(mine).any() == consented[c]


def test_explain_score_equals_the_engine_score(
    instance: tuple[CandidateMatrix, VacancyMatrix],
) -> None:
    people, jobs = instance
    dense = score_block(people, jobs, vacancy_rows=[0, 1, 2])
    for v in range(3):
        for c in range(0, len(people), 37):
            why = explain(people, c, jobs, v)
            assert (dense[v, c] == why.score) if why.eligible else dense[v, c] == -np.inf


def test_selection_ties_and_the_overflow_fallback_agree() -> None:
    rng = np.random.default_rng(3)
    numerators = rng.integers(0, 6, size=500).astype(np.float64) * 1000
    expected = np.lexsort((np.arange(500), -numerators))
    for k in (1, 50, 499, 500, 600):
        fast = _select(numerators, k, largest=6000.0)
        fallback = _select(numerators, k, largest=2.0**62)  # int64 keys could overflow
        assert fast.tolist() == fallback.tolist() == expected[:k].tolist()


def test_weights_must_sum_to_one_and_change_the_ranking() -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        Weights(essential=0.5)
    job = vacancies({"essential": [0], "occupation": 0})
    people = candidates({"skills": {0: RECOGNISED}}, {"occupations": {0: 2.0}})
    assert ranking(people, job) == [0, 1]
    occupation_first = Weights(essential=0.15, occupation=0.45)
    assert top_k(people, job, weights=occupation_first).row(0)[0].tolist() == [1, 0]


def test_engine_module_imports_no_django() -> None:
    code = (
        "import sys, matching.engine; "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
