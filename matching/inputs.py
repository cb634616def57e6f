"""From the database to the engine's arrays (``matching.engine`` knows nothing of Django).

Candidates are the active profiles with at least one active pool consent; their row order is
ascending profile id, which is also the engine's tie-break, so equal scores always rank the
older profile first, in a full run and in an incremental one alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.db.models import Q
from django.utils import timezone

from employers.models import Vacancy, VacancyLanguage
from matching.engine import EVIDENCE_WEIGHT, CandidateMatrix, VacancyMatrix
from migrants.models import (
    ConsentGrant,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
)
from migrants.selectors import (
    RECOGNITION_ORDER,
    experience_years_for_profiles,
    recognition_status_for,
)
from taxonomy.models import Occupation
from training.models import Programme

EPOCH = date(1970, 1, 1)
POOL_PURPOSES = (ConsentGrant.Purpose.POOL_PARTNERSHIP, ConsentGrant.Purpose.POOL_DESTINATION)


def day_number(value: date | None) -> int:
    return (value - EPOCH).days if value else 0


class Index:
    """A growing mapping from keys (skill ids, country codes...) to column numbers."""

    def __init__(self) -> None:
        self.columns: dict[Any, int] = {}

    def __call__(self, key: Any) -> int:
        return self.columns.setdefault(key, len(self.columns))

    def __len__(self) -> int:
        return len(self.columns)

    def ordered(self) -> list[Any]:
        return list(self.columns)


def _sparse(rows: int, cols: int, entries: Iterable[tuple[int, int, float]], dtype: type) -> object:
    data = list(entries)
    if not data:
        return sp.csr_array((rows, cols), dtype=dtype)
    r, c, v = zip(*data, strict=True)
    return sp.csr_array((np.array(v, dtype=dtype), (r, c)), shape=(rows, cols))


def candidate_profile_ids(profile_ids: list[int] | None = None) -> list[int]:
    qs = ConsentGrant.objects.filter(
        purpose__in=POOL_PURPOSES,
        withdrawn_at__isnull=True,
        profile__state=MigrantProfile.State.ACTIVE,
    )
    if profile_ids is not None:
        qs = qs.filter(profile_id__in=profile_ids)
    return sorted(set(qs.values_list("profile_id", flat=True)))


@dataclass
class Inputs:
    candidates: CandidateMatrix
    vacancies: VacancyMatrix
    profile_ids: list[int]  # candidate row -> profile id
    vacancy_ids: list[int]  # vacancy row -> vacancy id
    skill_ids: list[int]  # skill column -> skill id
    programmes: object  # P x S sparse: skills each published programme teaches
    programme_ids: list[int]
    language_codes: list[str]


def build_inputs(
    *, vacancy_ids: list[int], profile_ids: list[int] | None = None, today: date | None = None
) -> Inputs:
    """Arrays for these vacancies against every pool candidate (or only ``profile_ids``)."""
    today = today or timezone.localdate()
    skills, occupations, languages, countries, pools = Index(), Index(), Index(), Index(), Index()
    vacancies = list(
        Vacancy.objects.filter(pk__in=vacancy_ids)
        .order_by("pk")
        .prefetch_related("essential_skills", "optional_skills")
    )
    # Vacancy side first so that its occupations and skills have columns.
    v_ids = [v.pk for v in vacancies]
    v_lang = defaultdict(list)
    for row in VacancyLanguage.objects.filter(vacancy_id__in=v_ids).values(
        "vacancy_id", "language_id", "min_level__rank"
    ):
        v_lang[row["vacancy_id"]].append((row["language_id"], row["min_level__rank"]))
    essential, optional, v_langs, v_pools = [], [], [], []
    for i, v in enumerate(vacancies):
        essential += [(i, skills(s.pk), 1) for s in v.essential_skills.all()]
        optional += [(i, skills(s.pk), 1) for s in v.optional_skills.all()]
        v_langs += [(i, languages(code), rank) for code, rank in v_lang[v.pk]]
        v_pools.append((i, pools(("d", v.destination_country_id)), 1))
        if v.partnership_id:
            v_pools.append((i, pools(("p", v.partnership_id)), 1))
        occupations(v.occupation_id)
        countries(v.destination_country_id)

    ids = candidate_profile_ids(profile_ids)
    row_of = {pid: i for i, pid in enumerate(ids)}
    n = len(ids)
    c_skills = [
        (row_of[pid], skills(sid), EVIDENCE_WEIGHT[evidence])
        for pid, sid, evidence in ProfileSkill.objects.filter(profile_id__in=ids).values_list(
            "profile_id", "skill_id", "evidence"
        )
    ]
    years = experience_years_for_profiles(profile_ids=ids, today=today)
    c_occ: dict[tuple[int, int], float] = {}
    for pid, by_occ in years.items():
        for occ, value in by_occ.items():
            c_occ[(row_of[pid], occupations(occ))] = value
    preferred = MigrantProfile.preferred_occupations.through.objects.filter(
        migrantprofile_id__in=ids
    ).values_list("migrantprofile_id", "occupation_id")
    for pid, occ in preferred:
        c_occ.setdefault((row_of[pid], occupations(occ)), 0.0)
    isced = np.full(n, -1, dtype=np.int8)
    for pid, level in Education.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "isced_level_id"
    ):
        isced[row_of[pid]] = max(isced[row_of[pid]], level)
    c_langs = [
        (row_of[pid], languages(code), min(u, s, w))
        for pid, code, u, s, w in LanguageSkill.objects.filter(profile_id__in=ids).values_list(
            "profile_id", "language_id", "understanding__rank", "speaking__rank", "writing__rank"
        )
    ]
    status = recognition_status_for(ids)
    recognition = np.array(
        [RECOGNITION_ORDER.index(status.get(pid, "none")) for pid in ids], dtype=np.int8
    )
    c_dest = [
        (row_of[pid], countries(code), 1)
        for pid, code in MigrantProfile.preferred_destinations.through.objects.filter(
            migrantprofile_id__in=ids
        ).values_list("migrantprofile_id", "country_id")
    ]
    available = np.zeros(n, dtype=np.int32)
    for pid, when in MigrantProfile.objects.filter(pk__in=ids).values_list("pk", "available_from"):
        available[row_of[pid]] = day_number(when)
    c_pools = []
    for pid, purpose, partnership_id, country_id in ConsentGrant.objects.filter(
        profile_id__in=ids, purpose__in=POOL_PURPOSES, withdrawn_at__isnull=True
    ).values_list("profile_id", "purpose", "partnership_id", "country_id"):
        key = (
            ("p", partnership_id)
            if purpose == ConsentGrant.Purpose.POOL_PARTNERSHIP
            else ("d", country_id)
        )
        c_pools.append((row_of[pid], pools(key), 1))

    occupation_keys = occupations.ordered()
    isco = dict(Occupation.objects.filter(pk__in=occupation_keys).values_list("pk", "isco_code"))
    occupation_isco = np.array(
        [int(isco[o]) if str(isco.get(o, "")).isdigit() else -1 for o in occupation_keys],
        dtype=np.int32,
    )
    # Programmes that teach skills already in the index (others cannot close a gap here).
    programme_rows: list[tuple[int, int, float]] = []
    programme_ids: list[int] = []
    taught = Programme.skills.through.objects.filter(
        programme__status=Programme.Status.PUBLISHED, skill_id__in=list(skills.columns)
    ).values_list("programme_id", "skill_id")
    row_of_programme: dict[int, int] = {}
    for programme_id, skill_id in taught.order_by("programme_id"):
        if programme_id not in row_of_programme:
            row_of_programme[programme_id] = len(programme_ids)
            programme_ids.append(programme_id)
        programme_rows.append((row_of_programme[programme_id], skills.columns[skill_id], 1))

    n_skills, n_occupations = len(skills), len(occupations)
    n_languages, n_countries, n_pools = len(languages), len(countries), len(pools)
    m = len(vacancies)
    candidate_matrix = CandidateMatrix(
        skills=_sparse(n, n_skills, c_skills, np.float32),
        occupations=_sparse(
            n, n_occupations, ((r, c, y) for (r, c), y in c_occ.items()), np.float32
        ),
        occupation_isco=occupation_isco,
        isced=isced,
        languages=_sparse(n, n_languages, c_langs, np.int8),
        recognition=recognition,
        destinations=_sparse(n, n_countries, c_dest, np.bool_),
        available_from=available,
        pools=_sparse(n, n_pools, c_pools, np.bool_),
    )
    vacancy_matrix = VacancyMatrix(
        essential=_sparse(m, n_skills, essential, np.bool_),
        optional=_sparse(m, n_skills, optional, np.bool_),
        occupation=np.array([occupations.columns[v.occupation_id] for v in vacancies], np.int32),
        min_isced=np.array(
            [v.min_isced_level_id if v.min_isced_level_id is not None else -1 for v in vacancies],
            dtype=np.int8,
        ),
        languages=_sparse(m, n_languages, v_langs, np.int8),
        destination=np.array(
            [countries.columns[v.destination_country_id] for v in vacancies], np.int32
        ),
        pools=_sparse(m, n_pools, v_pools, np.bool_),
        worker_pays_fees=np.array(
            [v.fee_policy != Vacancy.FeePolicy.EMPLOYER_PAYS for v in vacancies], dtype=np.bool_
        ),
        start_day=np.array(
            [day_number(max(v.starts_on or today, today)) for v in vacancies], dtype=np.int32
        ),
    )
    return Inputs(
        candidates=candidate_matrix,
        vacancies=vacancy_matrix,
        profile_ids=ids,
        vacancy_ids=v_ids,
        skill_ids=[int(k) for k in skills.ordered()],
        programmes=_sparse(len(programme_ids), n_skills, programme_rows, np.bool_),
        programme_ids=programme_ids,
        language_codes=[str(k) for k in languages.ordered()],
    )


def open_vacancy_ids() -> list[int]:
    return list(
        Vacancy.objects.filter(
            Q(status=Vacancy.Status.OPEN), fee_policy=Vacancy.FeePolicy.EMPLOYER_PAYS
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
