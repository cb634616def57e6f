"""The employer pages (vacancies, the pseudonymised pool, the hiring pipeline), the migrant's
answers to employers' interest, and the partnership officers' aggregate figures.

Identity reaches an employer's page only through ``employers.selectors.candidate_identity``;
every other candidate detail comes from a ``CandidateCard``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from core.access import SIGNED_IN
from core.errors import DomainError, DomainValidationError
from core.http import is_htmx
from employers import services
from employers.forms import (
    PICKER_KINDS,
    InterestMessageForm,
    PlacementForm,
    PoolFilterForm,
    ReasonForm,
    SavedSearchForm,
    VacancyFilterForm,
    VacancyForm,
    vacancy_picker,
)
from employers.models import Interest, Vacancy
from employers.permissions import (
    can_manage_vacancy,
    can_recruit,
    employer_organisations_of,
    get_interest_for_user,
    get_vacancy_for_user,
    is_candidate,
)
from employers.presenters import (
    INTEREST_ACTION_LABELS,
    INTEREST_ACTIONS_WITH_REASON,
    card_displays,
    interest_actions,
    vacancy_actions,
)
from employers.selectors import (
    candidate_identity,
    interest_ids_for_profiles,
    interests_for_migrant,
    interests_for_vacancy,
    partnership_recruitment_figures,
    pool_card_for_profile,
    pool_search,
    saved_searches_for,
    vacancy_list_for_user,
)
from migrants.permissions import own_profile
from partnerships.permissions import get_partnership_for_user

PAGE_SIZE = 25


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def require_recruiter(user: User) -> None:
    """The employer pages are for employers' staff (viewers included); others get 404."""
    if not employer_organisations_of(user, writers_only=False):
        raise Http404("No such page.")


def safe_next(request: HttpRequest, default: str) -> str:
    """The page to go back to: ``next`` when it is a path on this site, else ``default``.
    ``redirect`` takes a bare word for a URL name, so "-1" would crash it (NoReverseMatch)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


# --- Vacancies --------------------------------------------------------------------------------
@SIGNED_IN
@vary_on_headers("HX-Request")
def vacancy_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    require_recruiter(user)
    filters = VacancyFilterForm(request.GET)
    params = filters.params()
    context = {
        "filters": filters,
        "page": Paginator(vacancy_list_for_user(user=user, params=params), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "can_create": can_recruit(user),
        "filtered": bool(params),
    }
    template = (
        "employers/_vacancy_results.html" if is_htmx(request) else "employers/vacancy_list.html"
    )
    return render(request, template, context)


def _save_vacancy(request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None) -> HttpResponse:
    user = user_of(request)
    if request.method == "POST":
        if "search" in request.POST:
            form.show_without_errors()
        elif form.is_valid():
            try:
                if vacancy is None:
                    saved = services.vacancy_create(actor=user, data=form.to_input())
                else:
                    saved = services.vacancy_update(
                        actor=user, vacancy_id=vacancy.pk, data=form.to_input()
                    )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("The vacancy was saved as a draft. Publish it to recruit.")
                    if vacancy is None
                    else _("The vacancy was saved."),
                )
                return redirect("employers:vacancy-detail", saved.pk)
    status = 400 if form.errors else 200
    return render(
        request, "employers/vacancy_form.html", {"form": form, "vacancy": vacancy}, status=status
    )


@SIGNED_IN
def vacancy_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    require_recruiter(user)
    if not can_recruit(user):
        raise PermissionDenied(_("Only employers' staff can post vacancies."))
    return _save_vacancy(request, VacancyForm(request.POST or None, user=user), None)


@SIGNED_IN
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    vacancy = get_vacancy_for_user(user, pk, for_write=True)
    if vacancy.status == Vacancy.Status.CLOSED:
        messages.error(request, _("A closed vacancy can no longer be changed."))
        return redirect("employers:vacancy-detail", pk)
    prefetch_related_objects([vacancy], "essential_skills", "optional_skills", "languages")
    form = VacancyForm(
        request.POST or None, user=user, vacancy=vacancy, initial=VacancyForm.initial_for(vacancy)
    )
    return _save_vacancy(request, form, vacancy)


@SIGNED_IN
def vacancy_picker_view(request: HttpRequest, name: str) -> HttpResponse:
    """The chosen and matching occupations or skills, swapped in by htmx as the employer types."""
    if name not in PICKER_KINDS or not can_recruit(user_of(request)):
        raise Http404("No such list.")
    found = vacancy_picker(name, request.GET.getlist(name), request.GET.get(f"{name}_q", ""))
    return render(request, "employers/_picker.html", {"picker": found})


def _render_vacancy(
    request: HttpRequest, pk: int, *, close_form: ReasonForm | None = None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    vacancy = get_vacancy_for_user(user, pk)
    prefetch_related_objects(
        [vacancy],
        "essential_skills",
        "optional_skills",
        "languages__language",
        "languages__min_level",
    )
    manage = can_manage_vacancy(user, vacancy)
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "can_manage": manage,
        "editable": manage and vacancy.status != Vacancy.Status.CLOSED,
        "actions": vacancy_actions(vacancy) if manage else [],
        "close_form": close_form or ReasonForm(prefix="close"),
        "interest_count": interests_for_vacancy(vacancy=vacancy).count(),
    }
    return render(request, "employers/vacancy_detail.html", context, status=status)


@SIGNED_IN
@never_cache
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_vacancy(request, pk)


@SIGNED_IN
@require_POST
def vacancy_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    get_vacancy_for_user(user, pk, for_write=True)
    if action not in services.VACANCY_ACTIONS:
        raise Http404("No such action.")
    form = ReasonForm(request.POST, prefix="close")
    if action == "close" and not form.is_valid():
        return _render_vacancy(request, pk, close_form=form, status=400)
    try:
        vacancy = services.vacancy_apply_action(
            actor=user, vacancy_id=pk, action=action, reason=form.data.get("close-reason", "")
        )
    except DomainValidationError as exc:
        if exc.field == "reason":
            form.add_error("reason", exc.message)
            return _render_vacancy(request, pk, close_form=form, status=400)
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The vacancy is now %(status)s.") % {"status": vacancy.get_status_display().lower()},
        )
    return redirect("employers:vacancy-detail", pk)


# --- The candidate pool -----------------------------------------------------------------------
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
    user = user_of(request)
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


@SIGNED_IN
@never_cache
@vary_on_headers("HX-Request")
def pool(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(user_of(request), pk)
    return _render_pool(request, vacancy, request.GET)


@SIGNED_IN
@require_POST
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    get_vacancy_for_user(user, pk, for_write=True)
    pseudonym = request.POST.get("pseudonym", "")
    try:
        interest = services.shortlist_add(actor=user, vacancy_id=pk, pseudonym=pseudonym)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(pseudonym)s is on the shortlist. Express interest from the pipeline when ready.")
            % {"pseudonym": interest.candidate_code},
        )
    return redirect(safe_next(request, reverse("employers:pool", args=[pk])))


@SIGNED_IN
@require_POST
def saved_search_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
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


@SIGNED_IN
@require_POST
def saved_search_delete(request: HttpRequest, pk: int, search_pk: int) -> HttpResponse:
    user = user_of(request)
    get_vacancy_for_user(user, pk)
    try:
        services.saved_search_delete(actor=user, search_id=search_pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The saved search was deleted."))
    return redirect("employers:pool", pk)


# --- The pipeline, as the employer sees it ----------------------------------------------------
@SIGNED_IN
@never_cache
def interest_list(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(user_of(request), pk)
    interests = interests_for_vacancy(vacancy=vacancy)
    if (status := request.GET.get("status", "")) in Interest.Status.values:
        interests = interests.filter(status=status)
    context = {
        "vacancy": vacancy,
        "page": Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page")),
        "statuses": Interest.Status.choices,
        "status": status,
    }
    return render(request, "employers/interest_list.html", context)


def _card_display(vacancy: Vacancy, interest: Interest) -> dict[str, Any] | None:
    """The candidate's card while they stay in the vacancy's pool (None once they left it)."""
    card = pool_card_for_profile(vacancy=vacancy, profile_id=interest.profile_id)
    return card_displays([card])[0] if card is not None else None


def _render_interest(
    request: HttpRequest, pk: int, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    user = user_of(request)
    interest = get_interest_for_user(user, pk)
    vacancy = interest.vacancy
    manage = can_manage_vacancy(user, vacancy)
    actions = interest_actions(interest) if manage else []
    context: dict[str, Any] = {
        "interest": interest,
        "vacancy": vacancy,
        "identity": candidate_identity(interest),
        "disclosed_stage": interest.status in Interest.DISCLOSED,
        "card": _card_display(vacancy, interest),
        "can_manage": manage,
        "simple_actions": [
            (name, INTEREST_ACTION_LABELS[name])
            for name in actions
            if name in ("interview", "offer")
        ],
        "reason_actions": [
            (name, INTEREST_ACTION_LABELS[name], bound.get(name) or ReasonForm(prefix=name))
            for name in actions
            if name in INTEREST_ACTIONS_WITH_REASON
        ],
        "express_form": (bound.get("express") or InterestMessageForm())
        if "express" in actions
        else None,
        "hire_form": (
            bound.get("hire") or PlacementForm(initial=PlacementForm.initial_for(vacancy))
        )
        if "hire" in actions
        else None,
        "placement": getattr(interest, "placement", None)
        if interest.status == Interest.Status.HIRED
        else None,
    }
    return render(request, "employers/interest_detail.html", context, status=status)


@SIGNED_IN
@never_cache
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    interest = get_interest_for_user(user, pk)
    if is_candidate(user, interest) and not can_manage_vacancy(user, interest.vacancy):
        return redirect("employers:my-interest", pk)
    return _render_interest(request, pk)


@SIGNED_IN
@require_POST
def interest_express(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    get_interest_for_user(user, pk, side="employer")
    form = InterestMessageForm(request.POST)
    if not form.is_valid():
        return _render_interest(request, pk, status=400, express=form)
    try:
        services.interest_express(actor=user, interest_id=pk, message=form.cleaned_data["message"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The candidate was told of your interest. Their identity is shared if they accept."),
        )
    return redirect("employers:interest-detail", pk)


@SIGNED_IN
@require_POST
def interest_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    get_interest_for_user(user, pk, side="employer")
    if action not in services.EMPLOYER_MOVES:
        raise Http404("No such action.")
    form = ReasonForm(request.POST, prefix=action)
    needs_reason = action in INTEREST_ACTIONS_WITH_REASON
    if needs_reason and not form.is_valid():
        return _render_interest(request, pk, status=400, **{action: form})
    try:
        interest = services.interest_apply_action(
            actor=user, interest_id=pk, action=action, reason=form.data.get(f"{action}-reason", "")
        )
    except DomainValidationError as exc:
        if needs_reason and exc.field == "reason":
            form.add_error("reason", exc.message)
            return _render_interest(request, pk, status=400, **{action: form})
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The candidate's status is now: %(status)s.")
            % {"status": interest.get_status_display().lower()},
        )
    return redirect("employers:interest-detail", pk)


@SIGNED_IN
@require_POST
def interest_hire(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    get_interest_for_user(user, pk, side="employer")
    form = PlacementForm(request.POST)
    if form.is_valid():
        try:
            services.interest_hire(actor=user, interest_id=pk, data=form.to_input())
        except DomainValidationError as exc:
            add_domain_error(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("employers:interest-detail", pk)
        else:
            messages.success(
                request, _("The hire was recorded: it counts as a placement of the partnership.")
            )
            return redirect("employers:interest-detail", pk)
    return _render_interest(request, pk, status=400, hire=form)


# --- The migrant's side -----------------------------------------------------------------------
@SIGNED_IN
@never_cache
def my_interests(request: HttpRequest) -> HttpResponse:
    profile = own_profile(user_of(request))
    interests = interests_for_migrant(profile=profile) if profile else Interest.objects.none()
    context = {
        "profile": profile,
        "page": Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "employers/my_interests.html", context)


def _vacancy_terms(interest: Interest) -> Vacancy:
    """The vacancy's public terms, loaded with what the candidate's page shows."""
    vacancy = interest.vacancy
    prefetch_related_objects([vacancy], "languages__language", "languages__min_level")
    return vacancy


@SIGNED_IN
@never_cache
def my_interest(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    interest = get_interest_for_user(user, pk)
    if not is_candidate(user, interest):
        raise Http404("No such interest.")
    vacancy = _vacancy_terms(interest)
    context = {
        "interest": interest,
        "vacancy": vacancy,
        "can_answer": interest.status == Interest.Status.INTEREST_SENT,
        "shared": interest.status in Interest.DISCLOSED and interest.identity_consent_id,
        "placement": getattr(interest, "placement", None)
        if interest.status == Interest.Status.HIRED
        else None,
        "consents_url": reverse("migrants:own-step", args=["consents"]),
    }
    return render(request, "employers/my_interest.html", context)


@SIGNED_IN
@require_POST
def interest_respond(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    get_interest_for_user(user, pk, side="candidate")
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose whether you accept or decline."))
        return redirect("employers:my-interest", pk)
    try:
        interest = services.interest_respond(
            actor=user, interest_id=pk, accept=decision == "accept"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("You accepted. %(employer)s can now see your name, e-mail and phone.")
            % {"employer": interest.vacancy.employer.name}
            if decision == "accept"
            else _("You declined. The employer is told, and sees nothing more about you."),
        )
    return redirect("employers:my-interest", pk)


# --- Partnership officers ---------------------------------------------------------------------
@SIGNED_IN
def partnership_figures(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(user_of(request), pk)
    context = {
        "partnership": partnership,
        "figures": partnership_recruitment_figures(partnership=partnership),
    }
    return render(request, "employers/partnership_figures.html", context)
