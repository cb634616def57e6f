"""Programme pages: the list with filters, the form with its skills and occupations pickers,
the programme page with its lifecycle, funding lines, cohorts and history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from accounts.permissions import active_memberships
from audit.selectors import audit_event_list_for_target
from core.views import (
    filtered_list,
    form_saved,
    move_view,
    moves_for_page,
    now_status,
    request_user,
    run_command,
)
from partnerships.models import Partnership, PartnershipMember
from training import services
from training.forms import FundingLineForm, ProgrammeFilterForm, ProgrammeForm, picker
from training.models import Programme
from training.permissions import (
    PROGRAMME_MANAGERS,
    PROGRAMME_READERS,
    TRAINING_PROVIDERS,
    TRAINING_READERS,
    can_manage_programme,
    can_run_training,
    get_programme_for_user,
)
from training.presenters import programme_history_rows
from training.selectors import cohort_list_for_user, programme_detail, programme_list_for_user
from training.views._common import page_url

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


# --- Programmes -------------------------------------------------------------------------------
def _partnerships_of(user: User) -> list[Partnership]:
    org_ids = [m.organisation_id for m in active_memberships(user)]
    return list(
        Partnership.objects.filter(members__organisation_id__in=org_ids)
        .distinct()
        .order_by("reference_code")
    )


@TRAINING_READERS
@vary_on_headers("HX-Request")
def programme_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return filtered_list(
        request,
        ProgrammeFilterForm(request.GET, partnerships=_partnerships_of(user)),
        lambda params: programme_list_for_user(user=user, params=params),
        page_size=PAGE_SIZE,
        template="training/programme_list.html",
        results_template="training/_programme_results.html",
        context={"can_create": can_run_training(user)},
    )


def _save_programme(
    request: HttpRequest, form: ProgrammeForm, programme: Programme | None
) -> HttpResponse:
    user = request_user(request)

    def save() -> Programme:
        if programme is None:
            return services.programme_create(actor=user, data=form.to_input())
        return services.programme_update(
            actor=user, programme_id=programme.pk, data=form.to_input(), version=form.started_from
        )

    done = form_saved(
        request,
        form,
        save,
        message=lambda _saved: (
            _("The programme was created as a draft.")
            if programme is None
            else _("The programme was saved.")
        ),
        next_url=lambda saved: page_url("training:programme-detail", saved.pk),
    )
    if done is not None:
        return done
    return render(request, "training/programme_form.html", {"form": form, "programme": programme})


@TRAINING_PROVIDERS
def programme_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return _save_programme(request, ProgrammeForm(request.POST or None, user=user), None)


@PROGRAMME_MANAGERS
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = get_programme_for_user(user, pk, for_write=True)
    if programme.status == Programme.Status.ARCHIVED:
        messages.error(request, _("An archived programme can no longer be changed."))
        return redirect(page_url("training:programme-detail", pk))
    prefetch_related_objects([programme], "occupations", "skills")
    form = ProgrammeForm(
        request.POST or None,
        user=user,
        programme=programme,
        initial=ProgrammeForm.initial_for(programme),
    )
    return _save_programme(request, form, programme)


@TRAINING_PROVIDERS
def programme_picker(request: HttpRequest, name: str) -> HttpResponse:
    """The chosen and matching skills or occupations, swapped in by htmx as the provider types."""
    if name not in ProgrammeForm.PICKERS:
        raise Http404("No such list.")
    found = picker(name, request.GET.getlist(name), request.GET.get(f"{name}_q", ""))
    return render(request, "training/_picker.html", {"picker": found})


def _payers(programme: Programme) -> list[tuple[int, str]]:
    """The partnership's member organisations: who may pay a funding line."""
    if programme.partnership_id is None:
        return []
    return list(
        PartnershipMember.objects.filter(partnership_id=programme.partnership_id)
        .order_by("organisation__name")
        .values_list("organisation_id", "organisation__name")
    )


def _render_programme(
    request: HttpRequest, pk: int, *, funding_form: FundingLineForm | None = None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    programme = programme_detail(user=user, programme_id=pk)
    if programme is None:
        raise Http404("No such programme.")
    editable = (
        can_manage_programme(user, programme) and programme.status != Programme.Status.ARCHIVED
    )
    members = _payers(programme)
    funding = list(programme.funding.all())
    funded = sum((line.amount_per_trainee for line in funding), Decimal(0))
    history = Paginator(audit_event_list_for_target(target=programme), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("hpage")
    )
    context: dict[str, Any] = {
        "programme": programme,
        "editable": editable,
        "can_manage": can_manage_programme(user, programme),
        "moves": moves_for_page(
            services.PROGRAMME_LIFECYCLE, user, programme, url_name="training:programme-move"
        ),
        "funding": funding,
        "funded": funded,
        "unfunded": programme.cost_per_trainee - funded
        if programme.cost_per_trainee is not None
        else None,
        "cohorts": cohort_list_for_user(user=user, params={"programme": pk}),
        "history": history,
        "history_rows": programme_history_rows(history, dict(members)),
    }
    if editable and programme.partnership_id:
        context["funding_form"] = funding_form or FundingLineForm(payers=members)
    return render(request, "training/programme_detail.html", context, status=status)


@PROGRAMME_READERS
def programme_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_programme(request, pk)


programme_move = move_view(
    services.PROGRAMME_LIFECYCLE,
    access=PROGRAMME_MANAGERS,
    redirect_to="training:programme-detail",
    done=now_status(gettext_lazy("The programme is now %(status)s.")),
)


@PROGRAMME_MANAGERS
@require_POST
def funding_set(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    programme = get_programme_for_user(user, pk, for_write=True)
    form = FundingLineForm(request.POST, payers=_payers(programme))
    done = form_saved(
        request,
        form,
        lambda: services.funding_line_set(
            actor=user,
            programme_id=pk,
            payer_id=form.cleaned_data["payer"],
            amount_per_trainee=form.cleaned_data["amount_per_trainee"],
        ),
        message=_("The funding line was saved."),
        next_url=page_url("training:programme-detail", pk, "funding"),
    )
    if done is not None:
        return done
    return _render_programme(request, pk, funding_form=form, status=400)


@PROGRAMME_MANAGERS
@require_POST
def funding_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    user = request_user(request)
    get_programme_for_user(user, pk, for_write=True)
    run_command(
        request,
        lambda: services.funding_line_remove(actor=user, programme_id=pk, line_id=line_pk),
        _("The funding line was removed."),
    )
    return redirect(page_url("training:programme-detail", pk, "funding"))
