"""Employers API: parse, authorise, call one service, respond.

Every view on a vacancy or an interest first looks it up with the ``employers.permissions``
helpers (404 for what the caller may not see: other employers, migrants and officers; with
``for_write``, 403 for the employer's viewers), before it reads the body, so a stranger learns
nothing from validation errors. The services check again under the row lock and own every rule:
a move refused in the record's status answers 409 with the service's message.

What an employer learns about a candidate comes from ``CandidateCard`` (pool, results, interest
detail) and, after the person accepted the interest, from ``candidate_identity`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.models import User
from core.access import SIGNED_IN
from core.api.helpers import INVALID, request_user, validated
from core.api.pagination import PagePagination, keyset_next_url, paginated
from core.errors import DomainValidationError
from employers.api import serializers as s
from employers.models import Interest, Placement, Vacancy
from employers.permissions import (
    can_manage_vacancy,
    employer_organisations_of,
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
    pool_card,
    pool_card_for_profile,
    pool_search,
    saved_searches_for,
    vacancy_list_for_user,
)
from employers.services import (
    VACANCY_ACTIONS,
    PlacementInput,
    VacancyInput,
    interest_apply_action,
    interest_express,
    interest_hire,
    interest_respond,
    saved_search_create,
    saved_search_delete,
    shortlist_add,
    vacancy_apply_action,
    vacancy_create,
    vacancy_update,
)
from migrants.permissions import own_profile
from partnerships.permissions import get_partnership_for_user

TAG = ["employers"]
VS = Vacancy.Status
IS = Interest.Status
ERROR = s.ErrorSerializer
NOT_FOUND = {
    404: OpenApiResponse(ERROR, description="No such record, or not visible to the caller")
}
FORBIDDEN = {
    403: OpenApiResponse(ERROR, description="The caller may read but not change it (viewers)")
}
BAD = {400: OpenApiResponse(INVALID, description="Invalid input or a broken business rule")}
REFUSED = {**BAD, **FORBIDDEN, **NOT_FOUND}
CONFLICT = {409: OpenApiResponse(ERROR, description="Refused in the record's current status")}


# --- Small helpers ----------------------------------------------------------------------------
def _segment(name: str) -> str:
    """``mark_filled`` -> ``mark-filled``: the URL segment of an action endpoint."""
    return name.replace("_", "-")


def _camel(name: str) -> str:
    return "".join(w.capitalize() for w in name.split("_"))


def _url(request: Request, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(f"employers-api:{name}", kwargs=kwargs))


def _pipeline(vacancy: Vacancy, profile_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """profile id -> (interest id, status) for the candidates shown, in one query."""
    rows = interests_for_vacancy(vacancy=vacancy).filter(profile_id__in=list(profile_ids))
    return {pid: (pk, st) for pid, pk, st in rows.values_list("profile_id", "pk", "status")}


def card_context(
    request: Request, vacancy: Vacancy, cards: Iterable[CandidateCard]
) -> dict[str, Any]:
    """What ``CandidateCardSerializer`` needs: the request and the cards' pipeline entries."""
    return {"request": request, "pipeline": _pipeline(vacancy, (c.profile_id for c in cards))}


class EmployersApi(APIView):
    access = SIGNED_IN
    parser_classes = [JSONParser]


# --- Vacancies --------------------------------------------------------------------------------
VACANCY_LABELS: dict[str, str | Promise] = {
    "open": gettext_lazy("Publish"),
    "back_to_draft": gettext_lazy("Back to draft"),
    "mark_filled": gettext_lazy("Mark filled"),
    "reopen": gettext_lazy("Reopen"),
    "close": gettext_lazy("Close"),
}
# ``vacancy_apply_action`` narrows two moves to one source: only a draft is published, only a
# filled vacancy is reopened (an open one goes back to draft instead).
_ONLY_FROM = {"open": VS.DRAFT, "reopen": VS.FILLED}


def vacancy_action_sources(action: str) -> list[str]:
    if action in _ONLY_FROM:
        return [_ONLY_FROM[action]]
    target = VACANCY_ACTIONS[action]
    return [x for x, targets in Vacancy.TRANSITIONS.items() if target in targets]


def _vacancy(user: User, pk: int) -> Vacancy:
    """The vacancy with its pipeline count and descriptive lists, as the detail shows it."""
    vacancy = (
        vacancy_list_for_user(user=user, params={})
        .select_related("on_behalf_of")
        .prefetch_related("essential_skills", "optional_skills", "languages")
        .filter(pk=pk)
        .first()
    )
    if vacancy is None:
        raise Http404(_("No such vacancy."))
    return vacancy


def _vacancy_detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    user = request_user(request)
    vacancy = _vacancy(user, pk)
    actions = (
        [
            {
                "name": name,
                "label": str(VACANCY_LABELS[name]),
                "needs_reason": name == "close",
                "url": _url(request, f"vacancy-{_segment(name)}", pk=pk),
            }
            for name in VACANCY_ACTIONS
            if vacancy.status in vacancy_action_sources(name)
        ]
        if can_manage_vacancy(user, vacancy)
        else []
    )
    context = {"request": request, "available_actions": actions}
    return Response(s.VacancyDetailOutputSerializer(vacancy, context=context).data, status=code)


def _vacancy_input(employer_id: int, values: dict[str, Any]) -> VacancyInput:
    values = dict(values)
    values.pop("employer", None)
    return VacancyInput(
        employer_id=employer_id,
        occupation_id=values.pop("occupation"),
        essential_skill_ids=values.pop("essential_skills"),
        optional_skill_ids=values.pop("optional_skills"),
        languages={row["language"]: row["min_level"] for row in values.pop("languages")},
        partnership_id=values.pop("partnership"),
        on_behalf_of_id=values.pop("on_behalf_of"),
        **values,
    )


class VacancyListCreateApi(EmployersApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="employers_vacancies_list",
        summary="The vacancies of the caller's employer organisations, newest first",
        parameters=[s.VacancyFilterSerializer],
        responses={200: s.VacancyListOutputSerializer(many=True), **BAD},
    )
    def get(self, request: Request) -> Response:
        params = validated(s.VacancyFilterSerializer, request.query_params)
        rows = vacancy_list_for_user(user=request_user(request), params=params)
        return paginated(self, request, rows, s.VacancyListOutputSerializer)

    @extend_schema(
        tags=TAG,
        operation_id="employers_vacancies_create",
        summary="Post a draft vacancy for the caller's employer (or recruitment agency)",
        description="Publish it with the `open` action. A vacancy whose recruitment fees the "
        "worker pays can be saved as a draft but never published.",
        request=s.VacancyCreateInputSerializer,
        responses={201: s.VacancyDetailOutputSerializer, **BAD, **FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        employers = employer_organisations_of(actor)
        if not employers:
            raise PermissionDenied(_("Only staff of an employer or agency post vacancies."))
        values = validated(s.VacancyCreateInputSerializer, request.data)
        employer = values["employer"]
        if employer is None:
            if len(employers) > 1:
                raise DomainValidationError(
                    _("You work for several employers: say which one."), field="employer"
                )
            employer = employers[0].pk
        vacancy = vacancy_create(actor=actor, data=_vacancy_input(employer, values))
        return _vacancy_detail(request, vacancy.pk, code=status.HTTP_201_CREATED)


class VacancyDetailUpdateApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_vacancies_retrieve",
        summary="A vacancy with its requirements, terms and the actions open to the caller",
        responses={200: s.VacancyDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _vacancy_detail(request, pk)

    @extend_schema(
        tags=TAG,
        operation_id="employers_vacancies_update",
        summary="Replace a vacancy's description, requirements and terms",
        description="Every field given replaces the current value; the employer never "
        "changes. A closed vacancy is not changed (409); an open one cannot switch to "
        "worker-paid fees. The vacancy's ranking is recomputed after the change.",
        request=s.VacancyUpdateInputSerializer,
        responses={200: s.VacancyDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def put(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        vacancy = get_vacancy_for_user(actor, pk, for_write=True)
        values = validated(s.VacancyUpdateInputSerializer, request.data)
        vacancy_update(actor=actor, vacancy_id=pk, data=_vacancy_input(vacancy.employer_id, values))
        return _vacancy_detail(request, pk)


# --- Transitions: one endpoint per move ---------------------------------------------------------
class VacancyTransitionApi(EmployersApi):
    """Base of the vacancy moves; ``vacancy_transition_api`` makes one subclass per move."""

    action_name: ClassVar[str] = ""
    needs_reason: ClassVar[bool] = False

    def take(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_vacancy_for_user(actor, pk, for_write=True)
        reason = (
            validated(s.EmployerReasonInputSerializer, request.data)["reason"]
            if self.needs_reason
            else ""
        )
        vacancy_apply_action(actor=actor, vacancy_id=pk, action=self.action_name, reason=reason)
        return _vacancy_detail(request, pk)


def vacancy_transition_api(name: str) -> type[VacancyTransitionApi]:
    """``mark_filled`` -> ``VacancyMarkFilledApi``, its own operation in the schema."""
    label = VACANCY_LABELS[name]
    *others, last = [str(VS(x).label).lower() for x in vacancy_action_sources(name)]
    sources_text = f"{', '.join(others)} or {last}" if others else last
    target = str(VS(VACANCY_ACTIONS[name]).label).lower()
    needs_reason = name == "close"
    note = {
        "open": "Refused (409) when the worker would pay recruitment fees: under fair "
        "recruitment the employer pays them. The pool opens and a match run starts.",
        "reopen": "Refused (409) when the worker would pay recruitment fees.",
        "close": "Final: a closed vacancy is not changed again.",
    }.get(name, "")

    @extend_schema(
        tags=TAG,
        operation_id=f"employers_vacancies_{name}",
        summary=f"{label}: from {sources_text} to {target}",
        description=(
            f"Moves the vacancy from {sources_text} to {target}. "
            + ("A `reason` is required. " if needs_reason else "")
            + (f"{note} " if note else "")
            + "Refused with 409 and a message when the vacancy is in another status."
        ),
        request=s.EmployerReasonInputSerializer if needs_reason else None,
        responses={200: s.VacancyDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self: VacancyTransitionApi, request: Request, pk: int) -> Response:
        return self.take(request, pk)

    attrs = {
        "action_name": name,
        "needs_reason": needs_reason,
        "post": post,
        "__doc__": f"{label}.",
    }
    return type("Vacancy" + _camel(name) + "Api", (VacancyTransitionApi,), attrs)


VACANCY_APIS: dict[str, type[VacancyTransitionApi]] = {
    _segment(name): vacancy_transition_api(name) for name in VACANCY_ACTIONS
}


# --- The pool ---------------------------------------------------------------------------------
class VacancyPoolApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_pool_search",
        summary="The vacancy's pool: pseudonymised candidates who consented to be seen",
        description="Candidates whose owners consented to the pool of the vacancy's "
        "partnership or destination country, checked at every call: a withdrawn consent "
        "removes the person at once. Never a name, contact, birth date or document. Each "
        "employer sees a candidate under a code of its own (`pseudonym`), unrelated to the code "
        "any other employer sees. Follow `next` (keyset on `after`) for the next page.",
        parameters=[s.PoolQuerySerializer],
        responses={200: s.CandidatePageSerializer, **BAD, **NOT_FOUND},
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
    @extend_schema(
        tags=TAG,
        operation_id="employers_pool_card",
        summary="One candidate of the vacancy's pool, by the employer's code for them",
        description="404 for a code the caller's employer was not shown: another employer's "
        "code, or the candidate's global pseudonym.",
        responses={200: s.CandidateCardSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int, pseudonym: str) -> Response:
        vacancy = get_vacancy_for_user(request_user(request), pk)
        card = pool_card(vacancy=vacancy, pseudonym=pseudonym)
        if card is None:
            raise Http404(_("No such candidate in this vacancy's pool."))
        context = card_context(request, vacancy, [card])
        return Response(s.CandidateCardSerializer(card, context=context).data)


class VacancySavedSearchListCreateApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_saved_searches_list",
        summary="The caller's saved pool searches for the vacancy",
        responses={200: s.SavedSearchOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        vacancy = get_vacancy_for_user(user, pk)
        rows = saved_searches_for(user=user, vacancy=vacancy)
        context = {"request": request}
        return Response(s.SavedSearchOutputSerializer(rows, many=True, context=context).data)

    @extend_schema(
        tags=TAG,
        operation_id="employers_saved_searches_create",
        summary="Save the pool filters under a name",
        description="Saved for the caller only; `pool_url` runs the search again.",
        request=s.SavedSearchInputSerializer,
        responses={201: s.SavedSearchOutputSerializer, **BAD, **NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_vacancy_for_user(actor, pk)
        values = validated(s.SavedSearchInputSerializer, request.data)
        search = saved_search_create(
            actor=actor, vacancy_id=pk, name=values["name"], params=s.jsonable(values["params"])
        )
        data = s.SavedSearchOutputSerializer(search, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class SavedSearchDeleteApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_saved_searches_delete",
        summary="Delete one of the caller's saved searches",
        responses={204: None, **NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        if not actor.saved_searches.filter(pk=pk).exists():
            raise Http404(_("No such saved search."))
        saved_search_delete(actor=actor, search_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- The pipeline (employer's side) ---------------------------------------------------------------
def _employer_interest(user: User, pk: int, *, for_write: bool = False) -> Interest:
    """An interest of the caller's employer: 404 for anyone else (the candidate included, who
    has ``me/interests/``); with ``for_write``, 403 for the employer's viewers."""
    interest = get_interest_for_user(user, pk)
    get_vacancy_for_user(user, interest.vacancy_id, for_write=for_write)
    return interest


@dataclass(frozen=True)
class Move:
    """One step of the employer's side of the pipeline."""

    name: str
    label: str | Promise
    target: str
    body: type[BaseSerializer[Any]] | None
    run: Callable[[User, int, dict[str, Any]], object]
    note: str = ""

    @property
    def segment(self) -> str:
        return _segment(self.name)

    @property
    def needs_reason(self) -> bool:
        return self.body is s.EmployerReasonInputSerializer


def _apply(action: str) -> Callable[[User, int, dict[str, Any]], object]:
    return lambda a, pk, v: interest_apply_action(
        actor=a, interest_id=pk, action=action, reason=v.get("reason", "")
    )


INTEREST_MOVES: tuple[Move, ...] = (
    Move(
        "express",
        gettext_lazy("Express interest"),
        IS.INTEREST_SENT,
        s.EmployerMessageInputSerializer,
        lambda a, pk, v: interest_express(actor=a, interest_id=pk, message=v["message"]),
        "The candidate is notified and may accept (their identity is then shared with this "
        "employer only) or decline. Refused (409) when the vacancy is not open or the "
        "candidate left the pool.",
    ),
    Move("interview", gettext_lazy("Invite to interview"), IS.INTERVIEW, None, _apply("interview")),
    Move("offer", gettext_lazy("Make an offer"), IS.OFFER, None, _apply("offer")),
    Move(
        "not_selected",
        gettext_lazy("Not selected"),
        IS.NOT_SELECTED,
        s.EmployerReasonInputSerializer,
        _apply("not_selected"),
    ),
    Move(
        "withdraw",
        gettext_lazy("Withdraw"),
        IS.WITHDRAWN,
        s.EmployerReasonInputSerializer,
        _apply("withdraw"),
    ),
)
HIRE_LABEL = gettext_lazy("Record the hire")


def _interest_actions(request: Request, user: User, interest: Interest) -> list[dict[str, Any]]:
    if not can_manage_vacancy(user, interest.vacancy):
        return []
    moves = [(m.name, m.label, m.needs_reason, m.target) for m in INTEREST_MOVES]
    moves.append(("hire", HIRE_LABEL, False, IS.HIRED))
    return [
        {
            "name": name,
            "label": str(label),
            "needs_reason": needs_reason,
            "url": _url(request, f"interest-{_segment(name)}", pk=interest.pk),
        }
        for name, label, needs_reason, target in moves
        if interest.can_become(target)
    ]


def _interest_detail(request: Request, pk: int, *, code: int = status.HTTP_200_OK) -> Response:
    user = request_user(request)
    interest = _employer_interest(user, pk)
    card = pool_card_for_profile(vacancy=interest.vacancy, profile_id=interest.profile_id)
    placement = (
        Placement.objects.filter(interest=interest)
        .select_related("vacancy", "profile", "occupation")
        .first()
    )
    context: dict[str, Any] = {
        "request": request,
        "card": card,
        "identity": candidate_identity(interest),
        "placement": placement,
        "available_actions": _interest_actions(request, user, interest),
        **({"pipeline": {card.profile_id: (interest.pk, interest.status)}} if card else {}),
    }
    return Response(s.InterestDetailOutputSerializer(interest, context=context).data, status=code)


class VacancyShortlistApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_shortlist_add",
        summary="Put a candidate of the pool on the vacancy's shortlist",
        description="The candidate is not told yet: express interest to notify them. "
        "Refused (409) when the vacancy is not open.",
        request=s.ShortlistInputSerializer,
        responses={201: s.InterestDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        get_vacancy_for_user(actor, pk, for_write=True)
        pseudonym = validated(s.ShortlistInputSerializer, request.data)["pseudonym"]
        interest = shortlist_add(actor=actor, vacancy_id=pk, pseudonym=pseudonym)
        return _interest_detail(request, interest.pk, code=status.HTTP_201_CREATED)


class VacancyInterestListApi(EmployersApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="employers_interests_list",
        summary="The vacancy's pipeline: candidates by pseudonym, last changed first",
        responses={200: s.InterestListOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        vacancy = get_vacancy_for_user(request_user(request), pk)
        rows = interests_for_vacancy(vacancy=vacancy).select_related("vacancy")
        return paginated(self, request, rows, s.InterestListOutputSerializer)


class InterestDetailApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_interests_retrieve",
        summary="One candidate in the pipeline, with the identity once disclosed",
        description="`identity` is null until the candidate accepted this employer's "
        "interest, and again as soon as they withdraw the consent that acceptance granted. "
        "`candidate` is null once they left the vacancy's pool.",
        responses={200: s.InterestDetailOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _interest_detail(request, pk)


class InterestTransitionApi(EmployersApi):
    """Base of the employer's moves; ``interest_transition_api`` makes one per move."""

    move: ClassVar[Move]

    def take(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _employer_interest(actor, pk, for_write=True)
        values = validated(self.move.body, request.data) if self.move.body else {}
        self.move.run(actor, pk, values)
        return _interest_detail(request, pk)


def _interest_sources(target: str) -> str:
    names = [str(IS(x).label).lower() for x, to in Interest.TRANSITIONS.items() if target in to]
    *others, last = names
    return f"{', '.join(others)} or {last}" if others else last


def interest_transition_api(move: Move) -> type[InterestTransitionApi]:
    """``not_selected`` -> ``InterestNotSelectedApi``, its own operation in the schema."""
    sources = _interest_sources(move.target)
    target = str(IS(move.target).label).lower()

    @extend_schema(
        tags=TAG,
        operation_id=f"employers_interests_{move.name}",
        summary=f"{move.label}: from {sources} to {target}",
        description=(
            f"Moves the interest from {sources} to {target}. "
            + ("A `reason` is required. " if move.needs_reason else "")
            + (f"{move.note} " if move.note else "")
            + "Refused with 409 and a message when the interest is in another status."
        ),
        request=move.body,
        responses={200: s.InterestDetailOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self: InterestTransitionApi, request: Request, pk: int) -> Response:
        return self.take(request, pk)

    attrs = {"move": move, "post": post, "__doc__": f"{move.label}."}
    return type("Interest" + _camel(move.name) + "Api", (InterestTransitionApi,), attrs)


INTEREST_APIS: dict[str, type[InterestTransitionApi]] = {
    move.segment: interest_transition_api(move) for move in INTEREST_MOVES
}


class InterestHireApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_interests_hire",
        summary=f"{HIRE_LABEL}: from {_interest_sources(IS.HIRED)} to hired",
        description="Records the placement in the vacancy's country and occupation (the wage "
        "defaults to the vacancy's). It counts toward the partnership's placement targets and "
        "becomes the outcome of the person's training; the vacancy is marked filled when all "
        "its positions are. Refused with 409 when the interest is in another status.",
        request=s.HireInputSerializer,
        responses={201: s.PlacementOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _employer_interest(actor, pk, for_write=True)
        values = validated(s.HireInputSerializer, request.data)
        placement = interest_hire(actor=actor, interest_id=pk, data=PlacementInput(**values))
        data = s.PlacementOutputSerializer(placement, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class PlacementListApi(EmployersApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="employers_placements_list",
        summary="Hires recorded on the caller's vacancies, latest start first",
        responses={200: s.PlacementOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = placement_list_for_user(user=request_user(request))
        return paginated(self, request, rows, s.PlacementOutputSerializer)


# --- The migrant's side -----------------------------------------------------------------------
def _my_interests(user: User) -> QuerySet[Interest]:
    profile = own_profile(user)
    return interests_for_migrant(profile=profile) if profile else Interest.objects.none()


def _my_interest(request: Request, pk: int) -> Interest:
    interest = _my_interests(request_user(request)).filter(pk=pk).first()
    if interest is None:
        raise Http404(_("No such interest."))
    return interest


def _my_interest_response(request: Request, pk: int) -> Response:
    interest = _my_interest(request, pk)
    return Response(s.MyInterestOutputSerializer(interest, context={"request": request}).data)


class MyInterestListApi(EmployersApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        operation_id="employers_me_interests_list",
        summary="Employers' interest in the caller, last changed first",
        description="Only interests already expressed: an employer's shortlist stays private.",
        responses={200: s.MyInterestOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = _my_interests(request_user(request))
        return paginated(self, request, rows, s.MyInterestOutputSerializer)


class MyInterestDetailApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_me_interests_retrieve",
        summary="One employer's interest in the caller, with the job offered",
        responses={200: s.MyInterestOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _my_interest_response(request, pk)


class MyInterestRespondApi(EmployersApi):
    """Base of accept and decline; ``my_interest_respond_api`` makes both."""

    accept: ClassVar[bool] = True

    def take(self, request: Request, pk: int) -> Response:
        actor = request_user(request)
        _my_interest(request, pk)
        interest_respond(actor=actor, interest_id=pk, accept=self.accept)
        return _my_interest_response(request, pk)


def my_interest_respond_api(accept: bool) -> type[MyInterestRespondApi]:
    name = "accept" if accept else "decline"
    target = "accepted by the candidate" if accept else "declined by the candidate"
    note = (
        "Grants this employer, and no other, a consent to see your name, e-mail and phone; "
        "withdraw it in your consents at any time."
        if accept
        else "The employer is told; nothing about you is shared."
    )

    @extend_schema(
        tags=TAG,
        operation_id=f"employers_me_interests_{name}",
        summary=f"{name.capitalize()} an employer's interest: from interest expressed to {target}",
        description=f"{note} Refused with 409 when the interest was already answered or withdrawn.",
        request=None,
        responses={200: s.MyInterestOutputSerializer, **NOT_FOUND, **CONFLICT},
    )
    def post(self: MyInterestRespondApi, request: Request, pk: int) -> Response:
        return self.take(request, pk)

    attrs = {"accept": accept, "post": post, "__doc__": f"{name.capitalize()}."}
    return type(f"MyInterest{name.capitalize()}Api", (MyInterestRespondApi,), attrs)


MyInterestAcceptApi = my_interest_respond_api(True)
MyInterestDeclineApi = my_interest_respond_api(False)


# --- Aggregates for partnership officers -------------------------------------------------------
class PartnershipFiguresApi(EmployersApi):
    @extend_schema(
        tags=TAG,
        operation_id="employers_partnership_figures",
        summary="Recruitment through a partnership, in counts only",
        description="For the officers of the partnership's members: open vacancies, "
        "positions, interests, acceptances and placements per year of start. No candidate, "
        "vacancy or employer is named.",
        responses={200: s.PartnershipRecruitmentFiguresSerializer, **NOT_FOUND},
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
