"""Matching API: start a run (202, computed by Celery workers), watch it, read the published
ranking of a vacancy, and the caller's own matches as a migrant.

Rankings are read through ``matching.selectors``, which check the pool consent at every read: a
withdrawn consent removes the person from every ranking at once, before any rematch runs.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.pagination import keyset_next_url
from core.api.responses import BAD, NOT_FOUND, refusal
from core.api.views import AppApi, answer
from employers.api.views import card_context
from employers.permissions import VACANCY_STAFF, get_vacancy_for_user
from matching.api import serializers as s
from matching.permissions import JOB_SEEKERS, RUN_READERS, RUN_STARTERS
from matching.selectors import (
    latest_run_for_vacancy,
    ranked_candidates,
    run_for_user,
    vacancies_for_migrant,
)
from matching.services import full_rematch_start, vacancy_rematch_start

FORBIDDEN = refusal(
    403,
    "Not for the caller's role; viewers start no run, and only administrators start a full one",
)
CONFLICT = refusal(409, "Only an open vacancy is matched")


class MatchingApi(AppApi):
    access = VACANCY_STAFF
    tags = ["matching"]


class MatchRunStartApi(MatchingApi):
    access = RUN_STARTERS

    @extend_schema(
        operation_id="matching_runs_start",
        summary="Rank the candidates of one vacancy, or (administrators) of every open one",
        description="Answers 202 at once with the run (also in `Location`); Celery workers "
        "score the candidates in deterministic chunks and publish the ranking atomically when "
        "all are done. Poll the run for its progress. A newer run for the same vacancy "
        "supersedes a queued one.",
        request=s.MatchRunStartInputSerializer,
        responses={
            202: s.MatchRunOutputSerializer,
            **BAD,
            **FORBIDDEN,
            **NOT_FOUND,
            **CONFLICT,
        },
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        values = validated(s.MatchRunStartInputSerializer, request.data)
        if values["kind"] == s.RunRequestKind.FULL:
            run = full_rematch_start(actor=actor, k=values["k"])
        else:
            get_vacancy_for_user(actor, values["vacancy"], for_write=True)
            run = vacancy_rematch_start(actor=actor, vacancy_id=values["vacancy"], k=values["k"])
        data = s.MatchRunOutputSerializer(run, context={"request": request}).data
        response = Response(data, status=status.HTTP_202_ACCEPTED)
        response["Location"] = data["url"]
        return response


class MatchRunDetailApi(MatchingApi):
    access = RUN_READERS

    @extend_schema(
        operation_id="matching_runs_retrieve",
        summary="A run's status, progress, counts and timings",
        description="Runs of the caller's vacancies; administrators see every run.",
        responses={200: s.MatchRunOutputSerializer, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        run = run_for_user(user=request_user(request), run_id=pk)
        return answer(s.MatchRunOutputSerializer, run, request)


class VacancyResultsApi(MatchingApi):
    @extend_schema(
        operation_id="matching_vacancy_results",
        summary="The vacancy's published ranking: pseudonymised candidates, best first",
        description="Each row is the candidate's pool card (never a name, contact, birth date "
        "or document) with the rank, the score and why: matched skills, the essential skills "
        "missing, unmet language levels and training that teaches the missing skills. People "
        "who withdrew their pool consent are left out at once. Follow `next` (keyset on "
        "`after`, a rank) for the next page; `run` is the vacancy's latest run.",
        parameters=[s.ResultsQuerySerializer],
        responses={200: s.RankedPageSerializer, **BAD, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        vacancy = get_vacancy_for_user(user, pk)
        params = validated(s.ResultsQuerySerializer, request.query_params)
        page = ranked_candidates(
            user=user, vacancy_id=pk, after_rank=params["after"], page_size=params["page_size"]
        )
        rows: list[dict[str, Any]] = [
            {**vars(row.card), "rank": row.rank, "score": row.score, "explanation": row.why}
            for row in page.rows
        ]
        context = card_context(request, vacancy, [row.card for row in page.rows])
        run = latest_run_for_vacancy(vacancy=vacancy)
        data = {
            "vacancy": vacancy.pk,
            "run": s.LatestRunSerializer(run, context=context).data if run else None,
            "next": (
                keyset_next_url(request, "after", page.next_after)
                if page.next_after is not None
                else None
            ),
            "results": s.RankedCandidateSerializer(rows, many=True, context=context).data,
        }
        return Response(data)


class MyMatchesApi(MatchingApi):
    access = JOB_SEEKERS

    @extend_schema(
        operation_id="matching_me_matches",
        summary="Open vacancies the caller fits, best first, with their skill gaps",
        description="Vacancies whose published ranking includes the caller, while their pool "
        "consent holds; each with the skills missing and training that would teach them.",
        responses={200: s.FittingVacancySerializer(many=True), **FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        rows = vacancies_for_migrant(user=request_user(request))
        return Response(s.FittingVacancySerializer(rows, many=True).data)
