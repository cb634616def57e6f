"""The matching engine: scores migrant candidates against employer vacancies with NumPy/SciPy.

Pure arrays in, arrays out: this package imports no Django (nor anything that does), so it can
be tested and benchmarked without a database. The Django side (``matching.inputs``) builds the
input matrices from the database and stores the results.

Modules: ``points`` (what each criterion is worth, ``Weights``), ``matrices`` (the inputs),
``index`` (the per-candidate-set scoring index), ``scoring`` (the vectorised engine),
``selection`` (top-k order and ``TopK``), ``baseline`` (the pure-Python reference) and
``explain`` (explanations). The names below are the public API.

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

from matching.engine.baseline import (
    ReferenceCandidate,
    ReferenceVacancy,
    baseline_score_pair,
    baseline_top_k,
    reference_inputs,
)
from matching.engine.explain import Explanation, LanguageGap, explain
from matching.engine.matrices import CandidateMatrix, VacancyMatrix
from matching.engine.points import (
    CEFR_RANK,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    EVIDENCE_WEIGHT,
    OCCUPATION_LEVELS,
    Weights,
)
from matching.engine.scoring import score_block, score_candidate, top_k
from matching.engine.selection import TopK

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
