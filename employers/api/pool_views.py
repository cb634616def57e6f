"""The vacancy's pseudonymised pool, one candidate's card, and saved pool searches.

What an employer learns about a candidate comes from ``CandidateCard`` only: never a name,
contact, birth date or document, and each employer sees the person under a code of its own.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.pagination import keyset_next_url
from core.api.responses import BAD, FORBIDDEN, NOT_FOUND
from core.api.views import answer
from employers.api import pool_serializers as s
from employers.api.views import EmployersApi, card_context
from employers.permissions import (
    SAVED_SEARCH_OWNERS,
    VACANCY_STAFF,
    get_saved_search_for_user,
    get_vacancy_for_user,
)
from employers.selectors import (
    pool_card,
    pool_search,
    saved_searches_for,
)
from employers.services import saved_search_create, saved_search_delete


class VacancyPoolApi(EmployersApi):
    access = VACANCY_STAFF

    @extend_schema(
        operation_id="employers_pool_search",
        summary="The vacancy's pool: pseudonymised candidates who consented to be seen",
        description="Candidates whose owners consented to the pool of the vacancy's "
        "partnership or destination country, checked at every call: a withdrawn consent "
        "removes the person at once. Never a name, contact, birth date or document. Each "
        "employer sees a candidate under a code of its own (`pseudonym`), unrelated to the code "
        "any other employer sees. Follow `next` (keyset on `after`) for the next page.",
        parameters=[s.PoolQuerySerializer],
        responses={200: s.CandidatePageSerializer, **BAD, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        vacancy = get_vacancy_for_user(request_user(request), pk)
        params = dict(validated(s.PoolQuerySerializer, request.query_params))
        page_size = params.pop("page_size")
        page = pool_search(vacancy=vacancy, params=params, page_size=page_size)
        context = card_context(request, vacancy, page.cards)
        data = {
            "count": page.total,
            "next": keyset_next_url(request, "after", page.next_after) if page.next_after else None,
            "results": s.CandidateCardSerializer(page.cards, many=True, context=context).data,
        }
        return Response(data)


class VacancyPoolCardApi(EmployersApi):
    access = VACANCY_STAFF

    @extend_schema(
        operation_id="employers_pool_card",
        summary="One candidate of the vacancy's pool, by the employer's code for them",
        description="404 for a code the caller's employer was not shown: another employer's "
        "code, or the candidate's global pseudonym.",
        responses={200: s.CandidateCardSerializer, **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int, pseudonym: str) -> Response:
        vacancy = get_vacancy_for_user(request_user(request), pk)
        card = pool_card(vacancy=vacancy, pseudonym=pseudonym)
        if card is None:
            raise Http404(_("No such candidate in this vacancy's pool."))
        context = card_context(request, vacancy, [card])
        return Response(s.CandidateCardSerializer(card, context=context).data)


class VacancySavedSearchListCreateApi(EmployersApi):
    access = VACANCY_STAFF

    @extend_schema(
        operation_id="employers_saved_searches_list",
        summary="The caller's saved pool searches for the vacancy",
        responses={200: s.SavedSearchOutputSerializer(many=True), **FORBIDDEN, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        vacancy = get_vacancy_for_user(user, pk)
        rows = saved_searches_for(user=user, vacancy=vacancy)
        return answer(s.SavedSearchOutputSerializer, rows, request, many=True)

    @extend_schema(
        operation_id="employers_saved_searches_create",
        summary="Save the pool filters under a name",
        description="Saved for the caller only; `pool_url` runs the search again.",
        request=s.SavedSearchInputSerializer,
        responses={201: s.SavedSearchOutputSerializer, **BAD, **FORBIDDEN, **NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_vacancy_for_user(actor, pk)
        values = validated(s.SavedSearchInputSerializer, request.data)
        search = saved_search_create(
            actor=actor, vacancy_id=pk, name=values["name"], params=s.jsonable(values["params"])
        )
        return answer(s.SavedSearchOutputSerializer, search, request, code=status.HTTP_201_CREATED)


class SavedSearchDeleteApi(EmployersApi):
    access = SAVED_SEARCH_OWNERS

    @extend_schema(
        operation_id="employers_saved_searches_delete",
        summary="Delete one of the caller's saved searches",
        responses={204: None, **FORBIDDEN, **NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_saved_search_for_user(actor, pk)
        saved_search_delete(actor=actor, search_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
