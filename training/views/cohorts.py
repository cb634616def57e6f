"""Cohort pages: the board by status, the cohort form and lifecycle, and the cohort page with
its indicators, participant table, bulk actions and "add a participant" form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from core.bounds import record_id, record_ids
from core.errors import DomainError
from core.http import is_htmx
from core.views import form_saved, move_view, moves_for_page, now_status, request_user
from migrants.models import MigrantProfile
from migrants.permissions import profiles_counselled_by
from migrants.services import normalize_name
from training import services
from training.forms import (
    COHORT_STATUS_ORDER,
    BulkActionForm,
    CohortBoardFilterForm,
    CohortForm,
    EnrolmentAddForm,
    EnrolmentFilterForm,
)
from training.models import Cohort, Enrolment, Programme
from training.permissions import (
    COHORT_MANAGERS,
    COHORT_READERS,
    PROGRAMME_MANAGERS,
    TRAINING_READERS,
    can_identify_participants,
    can_manage_programme,
    can_run_training,
    get_cohort_for_user,
    get_programme_for_user,
    participant_identity_rule,
    programmes_visible_to,
)
from training.presenters import indicator_lines, outcome_lines
from training.selectors import cohort_board, cohort_indicators, enrolment_list
from training.views._common import page_url, participant_names

ENROLMENT_PAGE_SIZE = 50
MAX_CANDIDATES = 15
ES = Enrolment.Status


# --- Cohorts ----------------------------------------------------------------------------------
@TRAINING_READERS
@vary_on_headers("HX-Request")
def cohort_board_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    programmes = programmes_visible_to(user).select_related(None).only("pk", "title")
    filters = CohortBoardFilterForm(request.GET, programmes=programmes)
    board = cohort_board(user=user, params=filters.params())
    labels = dict(Cohort.Status.choices)
    context = {
        "filters": filters,
        "columns": [(status, labels[status], board[status]) for status in COHORT_STATUS_ORDER],
        "empty": not any(board.values()),
        "can_create": can_run_training(user),
    }
    return render(request, "training/cohort_board.html", context)


def _save_cohort(
    request: HttpRequest, form: CohortForm, programme: Programme, cohort: Cohort | None
) -> HttpResponse:
    user = request_user(request)

    def save() -> Cohort:
        if cohort is None:
            return services.cohort_create(
                actor=user, programme_id=programme.pk, data=form.to_input()
            )
        return services.cohort_update(
            actor=user, cohort_id=cohort.pk, data=form.to_input(), version=form.started_from
        )

    done = form_saved(
        request,
        form,
        save,
        message=lambda saved: (
            _("The cohort %(code)s was planned.") % {"code": saved.code}
            if cohort is None
            else _("The cohort was saved.")
        ),
        next_url=lambda saved: page_url("training:cohort-detail", saved.pk),
    )
    if done is not None:
        return done
    context = {"form": form, "programme": programme, "cohort": cohort}
    return render(request, "training/cohort_form.html", context)


@PROGRAMME_MANAGERS
def cohort_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request_user(request), pk, for_write=True)
    return _save_cohort(request, CohortForm(request.POST or None), programme, None)


@COHORT_MANAGERS
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request_user(request), pk, for_write=True)
    if cohort.status in (Cohort.Status.COMPLETED, Cohort.Status.CANCELLED):
        messages.error(request, _("A finished cohort can no longer be changed."))
        return redirect(page_url("training:cohort-detail", pk))
    initial = {
        "code": cohort.code,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "capacity": cohort.capacity,
        "location_city": cohort.location_city,
        "location_country": cohort.location_country_id,
    }
    form = CohortForm(request.POST or None, initial=initial, edits=cohort)
    return _save_cohort(request, form, cohort.programme, cohort)


cohort_move = move_view(
    services.COHORT_LIFECYCLE,
    access=COHORT_MANAGERS,
    redirect_to="training:cohort-detail",
    done=now_status(gettext_lazy("The cohort is now %(status)s.")),
)


def _enrolment_table(request: HttpRequest, user: User, cohort: Cohort) -> dict[str, Any]:
    filters = EnrolmentFilterForm(
        request.GET, names=can_identify_participants(user, cohort.programme)
    )
    params = filters.params()
    page = Paginator(
        enrolment_list(user=user, cohort=cohort, params=params), ENROLMENT_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    enrolments = list(page.object_list)
    names = participant_names(user, enrolments)
    identifies = participant_identity_rule(user)
    writable = can_manage_programme(user, cohort.programme)
    return {
        "filters": filters,
        "page": page,
        # The provider's reference identifies the person as much as their name does.
        "rows": [(e, names[e.pk], e.participant_ref if identifies(e) else "") for e in enrolments],
        "query": request.GET.urlencode(),
        "writable": writable,
        "bulk_form": BulkActionForm() if writable else None,
        "cohort": cohort,
    }


def _candidates(
    user: User, cohort: Cohort, query: str = "", pk: int | None = None
) -> list[MigrantProfile]:
    """People the user's organisations counsel (who may be added), not yet in the cohort."""
    people = profiles_counselled_by(user).exclude(enrolments__cohort=cohort)
    if pk is not None:
        return list(people.filter(pk=pk))
    query = query.strip()[:100]
    if not query:
        return []
    people = people.filter(
        Q(normalized_name__contains=normalize_name(query, ""))
        | Q(pseudonym__iexact=query)
        | Q(contact_email__iexact=query)
        | Q(phone=query.replace(" ", ""))
    )
    return list(people.order_by("family_name", "given_names", "pk")[:MAX_CANDIDATES])


def _render_cohort(
    request: HttpRequest,
    cohort: Cohort,
    *,
    add_form: EnrolmentAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    indicators = cohort_indicators(cohort=cohort)
    context: dict[str, Any] = {
        **_enrolment_table(request, user, cohort),
        "programme": cohort.programme,
        "indicators": indicator_lines(indicators),
        "outcomes": outcome_lines(indicators),
        "followed_up": indicators.followed_up,
        "target": indicators.target,
        "target_year": cohort.ends_on.year,
        "participants": indicators.participants,
        "seated": sum(indicators.by_status.get(s, 0) for s in Enrolment.SEATED),
        "applicants": indicators.by_status.get(ES.APPLIED, 0),
    }
    if context["writable"]:
        person_q = request.GET.get("person_q", "")
        context |= {
            "moves": moves_for_page(
                services.COHORT_LIFECYCLE, user, cohort, url_name="training:cohort-move"
            ),
            "open": cohort.status
            in (Cohort.Status.PLANNED, Cohort.Status.RECRUITING, Cohort.Status.IN_TRAINING),
            "person_q": person_q,
            "add_form": add_form
            or EnrolmentAddForm(
                candidates=_candidates(user, cohort, person_q), programme=cohort.programme
            ),
        }
    return render(request, "training/cohort_detail.html", context, status=status)


@COHORT_READERS
@never_cache
@vary_on_headers("HX-Request")
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cohort = get_cohort_for_user(user, pk)
    if is_htmx(request):
        return render(
            request, "training/_enrolment_table.html", _enrolment_table(request, user, cohort)
        )
    return _render_cohort(request, cohort)


@COHORT_MANAGERS
@never_cache
def enrolment_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The matching people as radio buttons, for htmx to swap in as the provider types."""
    user = request_user(request)
    cohort = get_cohort_for_user(user, pk, for_write=True)
    person_q = request.GET.get("person_q", "")
    form = EnrolmentAddForm(
        candidates=_candidates(user, cohort, person_q), programme=cohort.programme
    )
    return render(request, "training/_candidates.html", {"add_form": form, "person_q": person_q})


@COHORT_MANAGERS
@require_POST
def enrolment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cohort = get_cohort_for_user(user, pk, for_write=True)
    chosen = request.POST.get("add-profile", "")
    chosen_id = record_id(chosen)
    candidates = _candidates(user, cohort, pk=chosen_id) if chosen_id else []
    form = EnrolmentAddForm(request.POST, candidates=candidates, programme=cohort.programme)

    def add() -> Enrolment:
        data = form.cleaned_data
        return services.enrolment_add(
            actor=user,
            cohort_id=pk,
            profile_id=data["profile"],
            track=data.get("track") or None,
            status=data["status"],
            participant_ref=data["participant_ref"],
        )

    done = form_saved(
        request,
        form,
        add,
        message=lambda enrolment: (
            _("%(name)s was added as %(status)s.")
            % {"name": enrolment.profile, "status": enrolment.get_status_display().lower()}
        ),
        next_url=page_url("training:cohort-detail", pk, "participants"),
    )
    if done is not None:
        return done
    return _render_cohort(request, cohort, add_form=form, status=400)


@COHORT_MANAGERS
@require_POST
def enrolment_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    get_cohort_for_user(user, pk, for_write=True)
    form = BulkActionForm(request.POST)
    ids = record_ids(request.POST.getlist("enrolments"))
    back = reverse("training:cohort-detail", args=[pk])
    if query := request.POST.get("query", ""):
        back = f"{back}?{query}"
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the selected participants."))
    elif not ids:
        messages.error(request, _("Select at least one participant."))
    elif form.move.needs_reason and not form.cleaned_data["reason"].strip():
        messages.error(request, _("Give a reason: it is recorded for each person."))
    else:
        try:
            result = services.enrolments_bulk_action(
                actor=user,
                cohort_id=pk,
                enrolment_ids=ids,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            _report_bulk(request, user, result)
    return redirect(f"{back}#participants")


def _report_bulk(request: HttpRequest, user: User, result: services.BulkResult) -> None:
    moved = ngettext("%(n)s participant moved.", "%(n)s participants moved.", len(result.done)) % {
        "n": len(result.done)
    }
    if not result.refused:
        messages.success(request, moved)
        return
    refused = list(Enrolment.objects.filter(pk__in=result.refused).select_related("profile"))
    names = participant_names(user, refused)
    reasons = "; ".join(f"{names[e.pk]}: {result.refused[e.pk]}" for e in refused)
    text = _("%(n)s could not: %(reasons)s") % {"n": len(result.refused), "reasons": reasons}
    level = messages.WARNING if result.done else messages.ERROR
    messages.add_message(request, level, f"{moved} {text}")
