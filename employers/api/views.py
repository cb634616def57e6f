"""Employers API: parse, authorise, call one service, respond (the pool and saved searches are
in ``pool_views``).

Every route declares its access (``employers.permissions``): staff of employers and agencies,
the migrant for their own interests, partnership officers for counts. A view on one vacancy or
interest then looks it up among what the caller may see (404 for other employers' records)
before it reads the body, so a stranger learns nothing from validation errors. The services
check again under the row lock and own every rule: a viewer changing something answers 403, a
move refused in the record's status 409 with the service's message. Lifecycle endpoints are
made from the declarations in ``employers.services`` (``move_apis``).

What an employer learns about a candidate comes from ``CandidateCard`` (pool, results, interest
detail) and, after the person accepted the interest, from ``candidate_identity`` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api.helpers import request_user, validated
from core.api.moves import MoveApis, move_apis
from core.api.pagination import PagePagination, paginated
from core.api.responses import BAD, CONFLICT, FORBIDDEN, NOT_FOUND, REFUSED, STALE
from core.api.views import ETAG, IF_MATCH, AppApi, RecordResponse, change_input, if_match
from core.transitions import Lifecycle
from employers.api import serializers as s
from employers.api.pool_serializers import ShortlistInputSerializer
from employers.models import Interest, Placement, Vacancy
from employers.permissions import (
    CANDIDATES,
    INTEREST_STAFF,
    OWN_INTERESTS,
    PARTNERSHIP_OFFICERS,
    RECRUITERS,
    VACANCY_STAFF,
    get_interest_for_user,
    get_vacancy_for_user,
)
from employers.selectors import (
    CandidateCard,
    candidate_identity,
    interests_for_migrant,
    interests_for_vacancy,
    partnership_placement_actuals,
    partnership_recruitment_figures,
    placement_list_for_user,
    pool_card_for_profile,
    vacancy_list_for_user,
)
from employers.services import (
    CANDIDATE_SIDE,
    EMPLOYER_SIDE,
    VACANCY_LIFECYCLE,
    VacancyInput,
    shortlist_add,
    vacancy_create,
    vacancy_update,
)
from migrants.permissions import own_profile
from partnerships.permissions import get_partnership_for_user


class EmployersApi(AppApi):
    access = VACANCY_STAFF
    tags = ["employers"]


def card_context(
    request: Request, vacancy: Vacancy, cards: Iterable[CandidateCard]
) -> dict[str, Any]:
    """What ``CandidateCardSerializer`` needs: the request and the cards' pipeline entries
    (profile id -> (interest id, status)), in one query."""
    ids = [c.profile_id for c in cards]
    rows = interests_for_vacancy(vacancy=vacancy).filter(profile_id__in=ids)
    pipeline = {pid: (pk, st) for pid, pk, st in rows.values_list("profile_id", "pk", "status")}
    return {"request": request, "pipeline": pipeline}


# --- Vacancies --------------------------------------------------------------------------------
def _vacancy(user: User, pk: int) -> Vacancy | None:
    """The vacancy with its pipeline count and descriptive lists, as the detail shows it."""
    return (
        vacancy_list_for_user(user=user, params={})
        .select_related("on_behalf_of")
        .prefetch_related("essential_skills", "optional_skills", "languages")
        .filter(pk=pk)
        .first()
    )


_vacancy_detail = RecordResponse(
    s.VacancyDetailOutputSerializer, _vacancy, gettext_lazy("No such vacancy."), versioned=True
)


def _vacancy_input(values: dict[str, Any]) -> VacancyInput:
    languages = {row["language"]: row["min_level"] for row in values["languages"]}
    return VacancyInput.from_values({**values, "languages": languages})


class VacancyListCreateApi(EmployersApi):
    access = RECRUITERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="employers_vacancies_list",
        summary="The vacancies of the caller's employer organisations, newest first",
        parameters=[s.VacancyFilterSerializer],
        responses={200: s.VacancyListOutputSerializer(many=True), **BAD, **FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.VacancyFilterSerializer, request.query_params)
        rows = vacancy_list_for_user(user=request_user(request), params=params)
        return paginated(self, request, rows, s.VacancyListOutputSerializer)

    @extend_schema(
        operation_id="employers_vacancies_create",
        summary="Post a draft vacancy for the caller's employer (or recruitment agency)",
        description="Publish it with the `open` action. A vacancy whose recruitment fees the "
        "worker pays can be saved as a draft but never published.",
        request=s.VacancyCreateInputSerializer,
        responses={201: s.VacancyDetailOutputSerializer, **BAD, **FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        values = validated(s.VacancyCreateInputSerializer, request.data)
        vacancy = vacancy_create(actor=request_user(request), data=_vacancy_input(values))
        return _vacancy_detail(request, vacancy.pk, code=status.HTTP_201_CREATED)


class VacancyDetailUpdateApi(EmployersApi):
    @extend_schema(
        operation_id="employers_vacancies_retrieve",
        summary="A vacancy with its requirements, terms and the actions open to the caller",
        responses={200: s.VacancyDetailOutputSerializer, **FORBIDDEN, **NOT_FOUND},
        parameters=[ETAG],
    )
    def get(self, request: Request, pk: int) -> Response:
        return _vacancy_detail(request, pk)

    @extend_schema(
        operation_id="employers_vacancies_update",
        summary="Replace a vacancy's description, requirements and terms",
        description="Every field given replaces the current value; the employer never "
        "changes. A closed vacancy is not changed (409); an open one cannot switch to "
        "worker-paid fees. The vacancy's ranking is recomputed after the change. Send the "
        "detail's `ETag` in `If-Match` so that a change made meanwhile by someone else is not "
        "overwritten (412).",
        request=s.VacancyUpdateInputSerializer,
        responses={200: s.VacancyDetailOutputSerializer, **REFUSED, **CONFLICT, **STALE},
        parameters=[IF_MATCH, ETAG],
    )
    def put(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_vacancy_for_user, s.VacancyUpdateInputSerializer
        )
        vacancy_update(
            actor=actor, vacancy_id=pk, data=_vacancy_input(values), version=if_match(request)
        )
        return _vacancy_detail(request, pk)


def _move_apis(lifecycle: Lifecycle[Any], prefix: str, **options: Any) -> MoveApis:
    """One endpoint per move of ``lifecycle``: ``employers_<prefix>_<move>``."""
    return move_apis(
        lifecycle,
        base=EmployersApi,
        operation_prefix=f"employers_{prefix}",
        module=__name__,
        **options,
    )


STAFF_WHO = "the staff of the vacancy's employer (403 for its read-only viewers)"
VACANCY_MOVE_APIS = _move_apis(
    VACANCY_LIFECYCLE,
    "vacancies",
    access=VACANCY_STAFF,
    detail=_vacancy_detail,
    class_prefix="Vacancy",
    who=STAFF_WHO,
)


# --- The pipeline (employer's side) -----------------------------------------------------------
def _interest_context(request: Request, interest: Interest) -> dict[str, Any]:
    """The candidate's card, their identity once disclosed, and the placement once hired."""
    card = pool_card_for_profile(vacancy=interest.vacancy, profile_id=interest.profile_id)
    placement = (
        Placement.objects.filter(interest=interest)
        .select_related("vacancy", "profile", "occupation")
        .first()
    )
    return {
        "request": request,
        "card": card,
        "identity": candidate_identity(interest),
        "placement": placement,
        **({"pipeline": {card.profile_id: (interest.pk, interest.status)}} if card else {}),
    }


_interest_detail = RecordResponse(
    s.InterestDetailOutputSerializer, get_interest_for_user, context=_interest_context
)


class VacancyShortlistApi(EmployersApi):
    @extend_schema(
        operation_id="employers_shortlist_add",
        summary="Put a candidate of the pool on the vacancy's shortlist",
        description="The candidate is not told yet: express interest to notify them. "
        "Refused (409) when the vacancy is not open.",
        request=ShortlistInputSerializer,
        responses={201: s.InterestDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_vacancy_for_user, ShortlistInputSerializer
        )
        interest = shortlist_add(actor=actor, vacancy_id=pk, pseudonym=values["pseudonym"])
        return _interest_detail(request, interest.pk, code=status.HTTP_201_CREATED)


class VacancyInterestListApi(EmployersApi):
    pagination_class = PagePagination

    @extend_schema(
        operation_id="employers_interests_list",
        summary="The vacancy's pipeline: candidates by pseudonym, last changed first",
        responses={200: s.InterestListOutputSerializer(many=True), **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        vacancy = get_vacancy_for_user(request_user(request), pk)
        rows = interests_for_vacancy(vacancy=vacancy).select_related("vacancy")
        return paginated(self, request, rows, s.InterestListOutputSerializer)


class InterestDetailApi(EmployersApi):
    access = INTEREST_STAFF

    @extend_schema(
        operation_id="employers_interests_retrieve",
        summary="One candidate in the pipeline, with the identity once disclosed",
        description="`identity` is null until the candidate accepted this employer's "
        "interest, and again as soon as they withdraw the consent that acceptance granted. "
        "`candidate` is null once they left the vacancy's pool.",
        responses={200: s.InterestDetailOutputSerializer, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _interest_detail(request, pk)


INTEREST_MOVE_APIS = _move_apis(
    EMPLOYER_SIDE,
    "interests",
    access=INTEREST_STAFF,
    detail=_interest_detail,
    class_prefix="Interest",
    who=STAFF_WHO,
)


class PlacementListApi(EmployersApi):
    access = RECRUITERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="employers_placements_list",
        summary="Hires recorded on the caller's vacancies, latest start first",
        responses={200: s.PlacementOutputSerializer(many=True), **FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        rows = placement_list_for_user(user=request_user(request))
        return paginated(self, request, rows, s.PlacementOutputSerializer)


# --- The migrant's side -----------------------------------------------------------------------
def _my_interests(user: User) -> QuerySet[Interest]:
    profile = own_profile(user)
    return interests_for_migrant(profile=profile) if profile else Interest.objects.none()


_my_interest_response = RecordResponse(
    s.MyInterestOutputSerializer,
    lambda user, pk: _my_interests(user).filter(pk=pk).first(),
    gettext_lazy("No such interest."),
)


class MyInterestListApi(EmployersApi):
    access = CANDIDATES
    pagination_class = PagePagination

    @extend_schema(
        operation_id="employers_me_interests_list",
        summary="Employers' interest in the caller, last changed first",
        description="Only interests already expressed: an employer's shortlist stays private.",
        responses={200: s.MyInterestOutputSerializer(many=True), **FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        rows = _my_interests(request_user(request))
        return paginated(self, request, rows, s.MyInterestOutputSerializer)


class MyInterestDetailApi(EmployersApi):
    access = OWN_INTERESTS

    @extend_schema(
        operation_id="employers_me_interests_retrieve",
        summary="One employer's interest in the caller, with the job offered",
        responses={200: s.MyInterestOutputSerializer, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _my_interest_response(request, pk)


MY_INTEREST_MOVE_APIS = _move_apis(
    CANDIDATE_SIDE,
    "me_interests",
    access=OWN_INTERESTS,
    detail=_my_interest_response,
    class_prefix="MyInterest",
    who="the candidate the interest is addressed to",
)


# --- Aggregates for partnership officers ------------------------------------------------------
class PartnershipFiguresApi(EmployersApi):
    access = PARTNERSHIP_OFFICERS

    @extend_schema(
        operation_id="employers_partnership_figures",
        summary="Recruitment through a partnership, in counts only",
        description="For the government officers of the partnership's members: open "
        "vacancies, positions, interests, acceptances and placements per year of start. No "
        "candidate, vacancy or employer is named.",
        responses={200: s.PartnershipRecruitmentFiguresSerializer, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request_user(request), pk)
        figures = partnership_recruitment_figures(partnership=partnership)
        by_year = partnership_placement_actuals(partnership)
        data = {
            "partnership": partnership.pk,
            **figures,
            "placements_by_year": [
                {"year": year, "placements": row["portal_placements"]}
                for year, row in sorted(by_year.items())
            ],
        }
        return Response(s.PartnershipRecruitmentFiguresSerializer(data).data)
