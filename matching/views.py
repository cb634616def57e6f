"""The matching pages: a vacancy's ranked candidates with a progress bar while a run works, and
the migrant's "Jobs for me". Rankings, consent checks and explanations come from
``matching.selectors``; a card never carries more than ``employers.selectors.CandidateCard``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.bounds import record_id
from core.http import is_htmx
from core.views import request_user, run_command
from employers.models import Vacancy
from employers.permissions import VACANCY_STAFF, can_manage_vacancy, get_vacancy_for_user
from employers.presenters import (
    OCCUPATION_MATCH_LABELS,
    card_displays,
    components_rows,
    language_gaps,
    score_percent,
)
from employers.selectors import interest_ids_for_profiles
from matching.models import MatchRun
from matching.permissions import JOB_SEEKERS
from matching.selectors import (
    Explained,
    latest_run_for_vacancy,
    ranked_candidates,
    vacancies_for_migrant,
)
from matching.services import vacancy_rematch_start
from migrants.permissions import own_profile

PAGE_SIZE = 25


def _explained(why: Explained | None) -> dict[str, Any] | None:
    if why is None:
        return None
    return {
        "why": why,
        "components": components_rows(why.components),
        "occupation": OCCUPATION_MATCH_LABELS.get(why.occupation_match, why.occupation_match),
        "languages": language_gaps(why.unmet_languages),
    }


def _after(request: HttpRequest) -> int:
    return record_id(request.GET.get("after", "")) or 0


@VACANCY_STAFF
@never_cache
@vary_on_headers("HX-Request")
def vacancy_matches(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_vacancy_for_user(user, pk)
    run = latest_run_for_vacancy(vacancy=vacancy)
    running = run is not None and run.status in MatchRun.ACTIVE
    after = _after(request)
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "run": run,
        "running": running,
        "after": after,
        "can_run": can_manage_vacancy(user, vacancy) and vacancy.status == Vacancy.Status.OPEN,
        "can_shortlist": can_manage_vacancy(user, vacancy)
        and vacancy.status == Vacancy.Status.OPEN,
        "here": request.get_full_path(),
    }
    if not running:
        page = ranked_candidates(
            user=user, vacancy_id=vacancy.pk, after_rank=after, page_size=PAGE_SIZE
        )
        cards = [row.card for row in page.rows]
        pipeline = interest_ids_for_profiles(
            vacancy=vacancy, profile_ids=[card.profile_id for card in cards]
        )
        context["rows"] = [
            {
                "row": row,
                "display": display,
                "percent": score_percent(row.score),
                "explained": _explained(row.why),
            }
            for row, display in zip(page.rows, card_displays(cards, pipeline), strict=True)
        ]
        context["next_after"] = page.next_after
    full = "matching/vacancy_matches.html"
    return render(request, "matching/_matches_body.html" if is_htmx(request) else full, context)


@VACANCY_STAFF
@require_POST
def vacancy_run(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    get_vacancy_for_user(user, pk, for_write=True)
    run_command(
        request,
        lambda: vacancy_rematch_start(actor=user, vacancy_id=pk),
        _("Matching started: the ranking appears here when it ends."),
    )
    return redirect("matching:vacancy-matches", pk)


@JOB_SEEKERS
@never_cache
def my_matches(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    fits = vacancies_for_migrant(user=user)
    context = {
        "profile": own_profile(user),
        "rows": [
            {"fit": fit, "percent": score_percent(fit.score), "explained": _explained(fit.why)}
            for fit in fits
        ],
    }
    return render(request, "matching/my_matches.html", context)
