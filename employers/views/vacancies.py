"""Vacancy pages: the list, the form (with the occupation and skill pickers), the detail with
its lifecycle buttons, and the partnership officers' recruitment figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers

from core.views import (
    filtered_list,
    form_saved,
    move_view,
    moves_for_page,
    now_status,
    request_user,
)
from employers import services
from employers.forms import PICKER_KINDS, VacancyFilterForm, VacancyForm, vacancy_picker
from employers.models import Vacancy
from employers.permissions import (
    PARTNERSHIP_OFFICERS,
    RECRUITERS,
    VACANCY_STAFF,
    can_manage_vacancy,
    can_recruit,
    get_vacancy_for_user,
)
from employers.selectors import (
    interests_for_vacancy,
    partnership_recruitment_figures,
    vacancy_list_for_user,
)
from employers.views import PAGE_SIZE
from partnerships.permissions import get_partnership_for_user


def _detail_url(pk: int) -> str:
    return reverse("employers:vacancy-detail", args=[pk])


@RECRUITERS
@vary_on_headers("HX-Request")
def vacancy_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return filtered_list(
        request,
        VacancyFilterForm(request.GET),
        lambda params: vacancy_list_for_user(user=user, params=params),
        page_size=PAGE_SIZE,
        template="employers/vacancy_list.html",
        results_template="employers/_vacancy_results.html",
        context={"can_create": can_recruit(user)},
    )


def _save_vacancy(request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None) -> HttpResponse:
    user = request_user(request)

    def save() -> Vacancy:
        if vacancy is None:
            return services.vacancy_create(actor=user, data=form.to_input())
        return services.vacancy_update(
            actor=user, vacancy_id=vacancy.pk, data=form.to_input(), version=form.started_from
        )

    done = form_saved(
        request,
        form,
        save,
        message=lambda _saved: (
            _("The vacancy was saved as a draft. Publish it to recruit.")
            if vacancy is None
            else _("The vacancy was saved.")
        ),
        next_url=lambda saved: _detail_url(saved.pk),
    )
    if done is not None:
        return done
    status = 400 if form.errors else 200
    return render(
        request, "employers/vacancy_form.html", {"form": form, "vacancy": vacancy}, status=status
    )


@RECRUITERS
def vacancy_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not can_recruit(user):
        raise PermissionDenied(_("Only employers' staff can post vacancies."))
    return _save_vacancy(request, VacancyForm(request.POST or None, user=user), None)


@VACANCY_STAFF
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_vacancy_for_user(user, pk, for_write=True)
    if vacancy.status == Vacancy.Status.CLOSED:
        messages.error(request, _("A closed vacancy can no longer be changed."))
        return redirect("employers:vacancy-detail", pk)
    prefetch_related_objects([vacancy], "essential_skills", "optional_skills", "languages")
    form = VacancyForm(
        request.POST or None, user=user, vacancy=vacancy, initial=VacancyForm.initial_for(vacancy)
    )
    return _save_vacancy(request, form, vacancy)


@RECRUITERS
def vacancy_picker_view(request: HttpRequest, name: str) -> HttpResponse:
    """The chosen and matching occupations or skills, swapped in by htmx as the employer types."""
    if name not in PICKER_KINDS:
        raise Http404("No such list.")
    if not can_recruit(request_user(request)):
        raise PermissionDenied(_("Only employers' staff can post vacancies."))
    found = vacancy_picker(name, request.GET.getlist(name), request.GET.get(f"{name}_q", ""))
    return render(request, "employers/_picker.html", {"picker": found})


@VACANCY_STAFF
@never_cache
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_vacancy_for_user(user, pk)
    prefetch_related_objects(
        [vacancy],
        "essential_skills",
        "optional_skills",
        "languages__language",
        "languages__min_level",
    )
    manage = can_manage_vacancy(user, vacancy)
    intro = _("The vacancy is %(status)s.") % {"status": vacancy.get_status_display().lower()}
    if vacancy.status == Vacancy.Status.DRAFT:
        intro += " " + _(
            "Publish it to browse its candidate pool, run matching and contact candidates."
        )
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "editable": manage and vacancy.status != Vacancy.Status.CLOSED,
        "moves": moves_for_page(
            services.VACANCY_LIFECYCLE, user, vacancy, url_name="employers:vacancy-move"
        ),
        "intro": intro,
        "interest_count": interests_for_vacancy(vacancy=vacancy).count(),
    }
    return render(request, "employers/vacancy_detail.html", context)


vacancy_move = move_view(
    services.VACANCY_LIFECYCLE,
    access=VACANCY_STAFF,
    redirect_to=_detail_url,
    done=now_status(gettext_lazy("The vacancy is now %(status)s.")),
)


@PARTNERSHIP_OFFICERS
def partnership_figures(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request_user(request), pk)
    context = {
        "partnership": partnership,
        "figures": partnership_recruitment_figures(partnership=partnership),
    }
    return render(request, "employers/partnership_figures.html", context)
