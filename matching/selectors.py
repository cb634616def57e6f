"""Reads of rankings. Consent is checked at every read, so a withdrawn pool consent removes the
person from every ranking at once, before any rematch runs. Explanations are computed for the
rows shown, from the same engine and the profile as it is now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import Role, User
from accounts.permissions import AnyUser, has_role
from employers.models import Vacancy
from employers.permissions import get_vacancy_for_user, vacancies_visible_to
from employers.selectors import CandidateCard, candidate_cards, pool_consent_filter
from matching import engine
from matching.inputs import build_inputs, build_programmes
from matching.models import Match, MatchRun
from migrants.models import ConsentGrant, MigrantProfile
from migrants.permissions import own_profile
from taxonomy.models import Skill
from training.models import Programme


@dataclass
class Explained:
    score: float
    components: dict[str, float]
    occupation_match: str
    matched_skills: list[dict[str, Any]] = field(default_factory=list)
    missing_skills: list[dict[str, Any]] = field(default_factory=list)
    unmet_languages: list[dict[str, Any]] = field(default_factory=list)
    programmes: list[dict[str, Any]] = field(default_factory=list)


def _consented_matches(vacancy: Vacancy) -> QuerySet[Match]:
    consents = ConsentGrant.objects.filter(
        pool_consent_filter(vacancy), profile=OuterRef("profile")
    )
    return Match.objects.filter(
        Exists(consents), vacancy=vacancy, profile__state=MigrantProfile.State.ACTIVE
    )


def explanations(
    *, vacancy_ids: list[int], profile_ids: list[int]
) -> dict[tuple[int, int], Explained]:
    """Explanations for every (vacancy, profile) pair of these ids that is eligible."""
    if not vacancy_ids or not profile_ids:
        return {}
    inputs = build_inputs(vacancy_ids=vacancy_ids, profile_ids=profile_ids)
    teaches, programme_ids = build_programmes(inputs.universe)
    found: dict[tuple[int, int], engine.Explanation] = {}
    for v, vacancy_id in enumerate(inputs.vacancy_ids):
        for c, profile_id in enumerate(inputs.profile_ids):
            why = engine.explain(inputs.candidates, c, inputs.vacancies, v, programmes=teaches)
            if why.eligible:
                found[(vacancy_id, profile_id)] = why
    skill_ids = {
        inputs.skill_ids[i]
        for why in found.values()
        for i in why.matched_essential + why.matched_optional + why.missing_essential
    }
    labels = dict(Skill.objects.filter(pk__in=skill_ids).values_list("pk", "preferred_label"))
    suggested = {programme_ids[p] for why in found.values() for p in why.suggested_programmes}
    programmes = {
        p.pk: p for p in Programme.objects.filter(pk__in=suggested).select_related("provider")
    }

    def skill(i: int) -> dict[str, Any]:
        sid = inputs.skill_ids[i]
        return {"id": sid, "label": labels.get(sid, str(sid))}

    return {
        key: Explained(
            score=why.score,
            components={k: round(value, 3) for k, value in why.components.items()},
            occupation_match=why.occupation_match,
            matched_skills=[skill(i) for i in why.matched_essential + why.matched_optional],
            missing_skills=[skill(i) for i in why.missing_essential],
            unmet_languages=[
                {
                    "language": inputs.language_codes[gap.language],
                    "required": gap.required,
                    "actual": gap.actual,
                }
                for gap in why.unmet_languages
            ],
            programmes=[
                {
                    "id": programmes[pid].pk,
                    "title": programmes[pid].title,
                    "provider": programmes[pid].provider.name,
                }
                for pid in (programme_ids[p] for p in why.suggested_programmes)
                if pid in programmes
            ],
        )
        for key, why in found.items()
    }


@dataclass
class RankedCandidate:
    rank: int
    score: float
    card: CandidateCard
    why: Explained | None


@dataclass
class RankedPage:
    rows: list[RankedCandidate]
    next_after: int | None


def ranked_candidates(
    *, user: AnyUser, vacancy_id: int, after_rank: int = 0, page_size: int = 25
) -> RankedPage:
    """The vacancy's published ranking, pseudonymised, with explanations (keyset on rank)."""
    vacancy = get_vacancy_for_user(user, vacancy_id)
    rows = list(
        _consented_matches(vacancy)
        .filter(rank__gt=after_rank)
        .order_by("rank")
        .values_list("rank", "score", "profile_id")[: page_size + 1]
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    cards = {
        c.profile_id: c for c in candidate_cards([pid for _r, _s, pid in rows], vacancy=vacancy)
    }
    why = explanations(vacancy_ids=[vacancy.pk], profile_ids=[pid for _r, _s, pid in rows])
    return RankedPage(
        [
            RankedCandidate(rank, score, cards[pid], why.get((vacancy.pk, pid)))
            for rank, score, pid in rows
            if pid in cards
        ],
        rows[-1][0] if more and rows else None,
    )


@dataclass
class FittingVacancy:
    vacancy: Vacancy
    rank: int
    score: float
    why: Explained | None


def vacancies_for_migrant(*, user: AnyUser, limit: int = 20) -> list[FittingVacancy]:
    """Open vacancies whose ranking the migrant is in, best score first, with their skill gap
    and training that would close it."""
    profile = own_profile(user)
    if profile is None:
        return []
    matches = list(
        Match.objects.filter(profile=profile, vacancy__status=Vacancy.Status.OPEN)
        .select_related("vacancy__employer", "vacancy__destination_country", "vacancy__occupation")
        .order_by("-score", "vacancy_id")[:limit]
    )
    # Consent still holds for each vacancy's pool?
    visible = [m for m in matches if _consented_matches(m.vacancy).filter(pk=m.pk).exists()]
    why = explanations(vacancy_ids=[m.vacancy_id for m in visible], profile_ids=[profile.pk])
    return [
        FittingVacancy(m.vacancy, m.rank, m.score, why.get((m.vacancy_id, profile.pk)))
        for m in visible
    ]


def run_for_user(*, user: AnyUser, run_id: int) -> MatchRun:
    run = MatchRun.objects.select_related("vacancy").filter(pk=run_id).first()
    if run is None:
        raise Http404("No such run.")
    if run.vacancy_id is not None and vacancies_visible_to(user).filter(pk=run.vacancy_id).exists():
        return run
    if isinstance(user, User) and has_role(user, Role.ADMIN):
        return run
    raise Http404("No such run.")


def latest_run_for_vacancy(*, vacancy: Vacancy) -> MatchRun | None:
    return MatchRun.objects.filter(vacancy=vacancy).order_by("-created_at", "-id").first()
