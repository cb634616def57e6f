"""The hiring pipeline as the employer sees it: a vacancy's candidates, one candidate's page
with the next steps (from the interest's lifecycle declaration), and the hire."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.views import form_change, move_view, moves_for_page, request_user
from employers import services
from employers.forms import PlacementForm
from employers.models import Interest, Vacancy
from employers.permissions import (
    INTEREST_PAGE,
    INTEREST_STAFF,
    VACANCY_STAFF,
    can_manage_interest,
    get_interest_for_user,
    get_vacancy_for_user,
    is_candidate,
)
from employers.presenters import card_displays
from employers.selectors import (
    candidate_identity,
    interests_for_vacancy,
    pool_card_for_profile,
)
from employers.views import PAGE_SIZE

IS = Interest.Status


@VACANCY_STAFF
@never_cache
def interest_list(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request_user(request), pk)
    interests = interests_for_vacancy(vacancy=vacancy)
    if (status := request.GET.get("status", "")) in IS.values:
        interests = interests.filter(status=status)
    context = {
        "vacancy": vacancy,
        "page": Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page")),
        "statuses": IS.choices,
        "status": status,
    }
    return render(request, "employers/interest_list.html", context)


def _card_display(vacancy: Vacancy, interest: Interest) -> dict[str, Any] | None:
    """The candidate's card while they stay in the vacancy's pool (None once they left it)."""
    card = pool_card_for_profile(vacancy=vacancy, profile_id=interest.profile_id)
    return card_displays([card])[0] if card is not None else None


def _render_interest(
    request: HttpRequest,
    pk: int,
    *,
    hire_form: PlacementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    interest = get_interest_for_user(user, pk)
    vacancy = interest.vacancy
    moves = moves_for_page(
        services.EMPLOYER_SIDE, user, interest, url_name="employers:interest-move"
    )
    by_name = {move["name"]: move for move in moves}
    context: dict[str, Any] = {
        "interest": interest,
        "vacancy": vacancy,
        "identity": candidate_identity(interest),
        "disclosed_stage": interest.status in Interest.DISCLOSED,
        "card": _card_display(vacancy, interest),
        # Expressing interest and hiring take a form of their own; the others are buttons.
        "express": by_name.get("express"),
        "hire": by_name.get("hire"),
        "hire_form": hire_form or PlacementForm(initial=PlacementForm.initial_for(vacancy)),
        "steps": [move for move in moves if move["name"] not in ("express", "hire")],
        "placement": getattr(interest, "placement", None) if interest.status == IS.HIRED else None,
    }
    return render(request, "employers/interest_detail.html", context, status=status)


@INTEREST_PAGE
@never_cache
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    interest = get_interest_for_user(user, pk)
    if is_candidate(user, interest) and not can_manage_interest(user, interest):
        return redirect("employers:my-interest", pk)
    return _render_interest(request, pk)


def _interest_done(interest: Interest) -> str:
    if interest.status == IS.INTEREST_SENT:
        return _(
            "The candidate was told of your interest. Their identity is shared if they accept."
        )
    return _("The candidate's status is now: %(status)s.") % {
        "status": interest.get_status_display().lower()
    }


interest_move = move_view(
    services.EMPLOYER_SIDE,
    access=INTEREST_STAFF,
    redirect_to="employers:interest-detail",
    done=_interest_done,
)


@INTEREST_STAFF
@never_cache
def interest_hire(request: HttpRequest, pk: int) -> HttpResponse:
    """The hire's form (its own page: more than a reason), shown on the candidate's page."""
    user = request_user(request)
    get_interest_for_user(user, pk, side="employer")
    if request.method != "POST":
        return _render_interest(request, pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        done = form_change(
            request,
            form,
            lambda: services.interest_hire(actor=user, interest_id=pk, data=form.to_input()),
            message=_("The hire was recorded: it counts as a placement of the partnership."),
            next_url=reverse("employers:interest-detail", args=[pk]),
        )
        if done is not None:
            return done
    return _render_interest(request, pk, hire_form=form, status=400)
