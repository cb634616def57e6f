"""The vacancy's pseudonymised candidate pool: filters, keyset pages, the shortlist button and
saved searches."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.errors import DomainValidationError
from core.forms import add_domain_error
from core.http import is_htmx
from core.views import request_user, run_command
from employers import services
from employers.forms import PoolFilterForm, SavedSearchForm
from employers.models import Vacancy
from employers.permissions import VACANCY_STAFF, can_manage_vacancy, get_vacancy_for_user
from employers.presenters import card_displays
from employers.selectors import interest_ids_for_profiles, pool_search, saved_searches_for
from employers.views import safe_next


def _skill_choices(vacancy: Vacancy) -> list[tuple[int, str]]:
    prefetch_related_objects([vacancy], "essential_skills", "optional_skills")
    skills = [*vacancy.essential_skills.all(), *vacancy.optional_skills.all()]
    return [(s.pk, s.preferred_label) for s in skills]


def _query(params: dict[str, Any], **extra: Any) -> str:
    return "?" + urlencode({**params, **extra}, doseq=True)


def _render_pool(
    request: HttpRequest,
    vacancy: Vacancy,
    query: QueryDict,
    *,
    saved_form: SavedSearchForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    filters = PoolFilterForm(query, skills=_skill_choices(vacancy))
    params = filters.params()
    after = str(query.get("after", "")).strip().upper()
    try:
        found = pool_search(vacancy=vacancy, params={**params, "after": after})
    except DomainValidationError:  # a cursor edited by hand: start again
        after = ""
        found = pool_search(vacancy=vacancy, params=params)
    searches = list(saved_searches_for(user=user, vacancy=vacancy))
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "filters": filters,
        "filtered": bool(params),
        "found": found,
        "after": after,
        "first_url": _query(params) if after else "",
        "next_url": _query(params, after=found.next_after) if found.next_after else "",
        "cards": card_displays(
            found.cards,
            interest_ids_for_profiles(
                vacancy=vacancy, profile_ids=[c.profile_id for c in found.cards]
            ),
        ),
        "can_shortlist": can_manage_vacancy(user, vacancy)
        and vacancy.status == Vacancy.Status.OPEN,
        "searches": [(s, _query(s.params)) for s in searches],
        "saved_form": saved_form or SavedSearchForm(),
        "params": params,
        "here": request.get_full_path(),
    }
    template = "employers/_pool_results.html" if is_htmx(request) else "employers/pool.html"
    return render(request, template, context, status=status)


@VACANCY_STAFF
@never_cache
@vary_on_headers("HX-Request")
def pool(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request_user(request), pk)
    return _render_pool(request, vacancy, request.GET)


@VACANCY_STAFF
@require_POST
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    get_vacancy_for_user(user, pk, for_write=True)
    pseudonym = request.POST.get("pseudonym", "")
    run_command(
        request,
        lambda: services.shortlist_add(actor=user, vacancy_id=pk, pseudonym=pseudonym),
        lambda interest: (
            _("%(pseudonym)s is on the shortlist. Express interest from the pipeline when ready.")
            % {"pseudonym": interest.candidate_code}
        ),
    )
    return redirect(safe_next(request, reverse("employers:pool", args=[pk])))


@VACANCY_STAFF
@require_POST
def saved_search_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_vacancy_for_user(user, pk)
    form = SavedSearchForm(request.POST)
    filters = PoolFilterForm(request.POST, skills=_skill_choices(vacancy))
    if form.is_valid():
        params = filters.params()
        try:
            services.saved_search_create(
                actor=user, vacancy_id=pk, name=form.cleaned_data["name"], params=params
            )
        except DomainValidationError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The search was saved."))
            return redirect(reverse("employers:pool", args=[pk]) + _query(params))
    return _render_pool(request, vacancy, request.POST, saved_form=form, status=400)


@VACANCY_STAFF
@require_POST
def saved_search_delete(request: HttpRequest, pk: int, search_pk: int) -> HttpResponse:
    user = request_user(request)
    get_vacancy_for_user(user, pk)
    services.saved_search_delete(actor=user, search_id=search_pk)
    messages.success(request, _("The saved search was deleted."))
    return redirect("employers:pool", pk)
