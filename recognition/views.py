"""The recognition pages: parse, authorise, call one service, respond.

Every route declares who may use it (``recognition.permissions``). Every request page looks the
request up through ``get_request_for_user`` (404 for anyone who is neither the applicant nor
staff of its authority). The steps come from ``RECOGNITION_LIFECYCLE``: one-click steps are
posted to the one move view, steps with a text or a decision have a page of their own. A refused
step comes back as a message on the request page; a refused text (an empty answer, an incomplete
decision) re-renders its page with the form bound, so nothing typed is lost. Pages hold personal
data and a decision's status must show at once after a revocation, so none of them may be cached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.access import Access
from core.bounds import record_id, record_ids
from core.errors import DomainError
from core.forms import add_domain_error
from core.verification import qr_svg, verify_url
from core.views import filtered_list, form_change, move_view, moves_for_page, request_user
from migrants.permissions import own_profile, qualifications_visible_to
from recognition import services
from recognition.forms import (
    TEXT_STEPS,
    AssignForm,
    DecisionForm,
    FinderForm,
    MeasureFormSet,
    MessageForm,
    QueueFilterForm,
    RequestForm,
    decision_input,
    revoke_form,
)
from recognition.models import AuthorityProfile, Decision, RecognitionRequest
from recognition.permissions import (
    APPLICANTS,
    AUTHORITY_OFFICERS,
    DECISION_OFFICERS,
    FINDER_USERS,
    RECOGNITION_USERS,
    REQUEST_APPLICANT,
    REQUEST_OFFICERS,
    REQUEST_PARTIES,
    authority_ids_of,
    authority_officers,
    can_decide_recognition,
    can_write_to,
    get_request_for_user,
    is_applicant,
    requests_visible_to,
)
from recognition.presenters import filter_by_due, rows_of, sort_by_due, timeline
from recognition.selectors import (
    precedents_for,
    recognition_finder,
    request_deadlines,
    request_queue_for_officer,
)
from recognition.services import RECOGNITION_LIFECYCLE
from taxonomy.models import Country, Occupation

PAGE_SIZE = 25
S = RecognitionRequest.Status
# What the page says once a step is taken, by the status it led to.
DONE: dict[str, Promise] = {
    S.SUBMITTED: gettext_lazy("Your request was submitted. The authority must acknowledge it."),
    S.RESUBMITTED: gettext_lazy("Your answer was sent: the decision clock runs again."),
    S.WITHDRAWN: gettext_lazy("The request was withdrawn."),
    S.APPEALED: gettext_lazy("Your appeal was lodged; the authority will decide on it."),
    S.SCREENING: gettext_lazy("Receipt acknowledged: the file is being screened."),
    S.INFORMATION_REQUESTED: gettext_lazy(
        "The information request was sent: the decision clock stopped."
    ),
    S.ASSESSMENT: gettext_lazy("The file is complete: the decision deadline now runs."),
    S.DECIDED: gettext_lazy("The decision was recorded and the applicant told."),
    S.APPEAL_DECIDED: gettext_lazy("The decision was recorded and the applicant told."),
    S.CLOSED: gettext_lazy("The request was closed."),
}


def _detail_url(pk: int, section: str = "") -> str:
    url = reverse("recognition:detail", args=[pk])
    return f"{url}#{section}" if section else url


def _done(rec: RecognitionRequest) -> str:
    return str(DONE.get(rec.status, _("Done.")))


def _officer_choices(user: User) -> list[tuple[int, str]]:
    """The officers of the user's authorities who may be assigned requests."""
    return [(officer.pk, str(officer)) for officer in authority_officers(authority_ids_of(user))]


# --- Finder -----------------------------------------------------------------------------------
@FINDER_USERS
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "can_ask": APPLICANTS.permits(request.user)}
    if form.is_valid():
        country, occupation_id = form.cleaned_data["country"], form.cleaned_data["occupation"]
        result = recognition_finder(country=country, occupation_id=occupation_id)
        context |= {
            "result": result,
            "country": Country.objects.get(pk=country),
            "occupation": Occupation.objects.get(pk=occupation_id),
            "rules": AuthorityProfile.objects.filter(organisation=result.authority).first()
            if result.authority
            else None,
            "ask_query": urlencode(
                {
                    "authority": result.authority.pk if result.authority else "",
                    "country": country,
                    "occupation": occupation_id,
                    "purpose": "regulated_profession" if result.regulated else "employment",
                }
            ),
        }
    return render(request, "recognition/finder.html", context)


# --- Lists ------------------------------------------------------------------------------------
@RECOGNITION_USERS
@never_cache
def request_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if authority_ids_of(user):
        return _queue(request, user)
    profile = own_profile(user)
    mine = requests_visible_to(user).filter(applicant__user=user) if profile else []
    return render(request, "recognition/list.html", {"rows": rows_of(mine), "profile": profile})


def _queue(request: HttpRequest, user: User) -> HttpResponse:
    def rows(params: dict[str, Any]) -> list[Any]:
        requests = request_queue_for_officer(user=user, params=params)
        return sort_by_due(filter_by_due(rows_of(requests), params.get("due", "")))

    return filtered_list(
        request,
        QueueFilterForm(request.GET),
        rows,
        page_size=PAGE_SIZE,
        template="recognition/queue.html",
        context={
            "assign_form": AssignForm(officers=_officer_choices(user)),
            "query": request.GET.urlencode(),
            "can_assign": AUTHORITY_OFFICERS.permits(user),
        },
    )


@AUTHORITY_OFFICERS
@require_POST
def request_assign(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = AssignForm(request.POST, officers=_officer_choices(user))
    ids = record_ids(request.POST.getlist("requests"))
    back = reverse("recognition:list")
    if query := request.POST.get("query", ""):
        back = f"{back}?{query}"
    if not ids:
        messages.error(request, _("Select at least one request to assign."))
    elif not form.is_valid():
        messages.error(request, _("Choose the officer to assign the requests to."))
    else:
        try:
            count = services.request_assign(
                actor=user, request_ids=ids, officer_id=form.cleaned_data["officer"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(count)s request(s) assigned; the others already were.") % {"count": count}
                if count < len(ids)
                else _("%(count)s request(s) assigned.") % {"count": count},
            )
    if request.POST.get("from_detail") and len(ids) == 1:
        return redirect(_detail_url(ids[0]))
    return redirect(back)


# --- A new request ----------------------------------------------------------------------------
@APPLICANTS
@never_cache
def request_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    profile = own_profile(user)
    if profile is None:
        messages.info(request, _("Create your profile and add your qualification first."))
        return redirect("migrants:profile")
    initial = {
        "authority": record_id(request.GET.get("authority")),
        "destination_country": (request.GET.get("country") or "").upper()[:2],
        "target_occupation": record_id(request.GET.get("occupation")),
        "purpose": request.GET.get("purpose") or "",
    }
    form = RequestForm(request.POST or None, profile=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(actor=user, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("recognition:review", created.pk)
    return render(request, "recognition/create.html", {"form": form})


@REQUEST_APPLICANT
@never_cache
def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of the submit step: what submitting shares, then the button."""
    user = request_user(request)
    draft = get_request_for_user(user, pk)
    if draft.status != S.DRAFT:
        return redirect(_detail_url(pk))
    return render(
        request,
        "recognition/review.html",
        {"rec": draft, "documents": draft.qualification.documents.all()},
    )


# --- The request page -------------------------------------------------------------------------
def _decisions(rec: RecognitionRequest) -> list[Decision]:
    """The request's decisions, oldest first, fetched once for the page and its moves."""
    prefetch_related_objects(
        [rec],
        Prefetch(
            "decisions",
            Decision.objects.select_related("comparable_isced_level")
            .prefetch_related("measures")
            .order_by("decided_at", "id"),
        ),
    )
    return list(rec.decisions.all())


def _render_detail(
    request: HttpRequest, rec: RecognitionRequest, *, status: int = 200, **bound: Any
) -> HttpResponse:
    user = request_user(request)
    applicant = is_applicant(user, rec)
    officer = can_decide_recognition(user, rec)
    decisions = _decisions(rec)
    shared = qualifications_visible_to(user, rec.applicant).filter(pk=rec.qualification_id)
    context: dict[str, Any] = {
        "rec": rec,
        "deadlines": request_deadlines(request=rec),
        "is_applicant": applicant,
        "is_officer": officer,
        "moves": moves_for_page(RECOGNITION_LIFECYCLE, user, rec, url_name="recognition:move"),
        "decisions": [
            (
                d,
                (bound.get(f"revoke_form_{d.pk}") or revoke_form(d.pk))
                if officer and d.is_valid
                else None,
            )
            for d in decisions
        ],
        "first_decision": next((d for d in decisions if d.stage == Decision.Stage.FIRST), None),
        "documents": rec.qualification.documents.all() if shared.exists() else None,
        "timeline": timeline(rec, viewer_is_applicant=applicant),
        "can_write": can_write_to(user, rec),
        "message_form": bound.get("message_form") or MessageForm(prefix="msg"),
    }
    if officer:
        context |= {
            "precedents": precedents_for(request=rec),
            "assign_form": AssignForm(
                officers=_officer_choices(user), initial={"officer": rec.assigned_officer_id}
            ),
        }
    return render(request, "recognition/detail.html", context, status=status)


@REQUEST_PARTIES
@never_cache
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_request_for_user(request_user(request), pk))


# One-click steps (submit, withdraw, screen, assess, close): the service checks who may take
# them and when.
request_move = move_view(
    RECOGNITION_LIFECYCLE, access=REQUEST_PARTIES, redirect_to=_detail_url, done=_done
)


# --- Steps with a text: a page each -----------------------------------------------------------
def _attempt(
    request: HttpRequest,
    change: Callable[[], Any],
    form: forms.Form,
    *,
    back: str,
    field: str = "",
    message: str = "",
) -> HttpResponse | None:
    """Make ``change`` from a page's form (``form_change``): done, back to the request with the
    news (``message``, or what the step led to); any refusal but of the input, back to the top
    of the request's page."""
    return form_change(
        request,
        form,
        change,
        message=message or _done,
        next_url=back,
        refused_url=back.split("#")[0],
        field=field,
    )


def _offered(user: User, rec: RecognitionRequest, move: str) -> bool:
    return any(m.name == move for m in RECOGNITION_LIFECYCLE.available(user, rec))


def _text_step_page(move: str, access: Access) -> Callable[..., HttpResponse]:
    step = TEXT_STEPS[move]

    @access
    @require_http_methods(["GET", "POST"])
    @never_cache
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        user = request_user(request)
        rec = get_request_for_user(user, pk)
        if request.method != "POST" and not _offered(user, rec, move):
            return redirect(_detail_url(pk))
        form = step.form(request.POST or None)
        if request.method == "POST" and form.is_valid():
            values = {step.field: form.cleaned_data["text"]}
            done = _attempt(
                request,
                lambda: RECOGNITION_LIFECYCLE.take(move, actor=user, pk=pk, values=values),
                form,
                field="text",
                back=_detail_url(pk, "timeline"),
            )
            if done is not None:
                return done
        context = {
            "rec": rec,
            "step": step,
            "form": form,
            "asked": rec.messages.filter(requests_documents=True).last(),
            "decisions": [(d, None) for d in _decisions(rec) if d.stage == Decision.Stage.FIRST],
        }
        status = 400 if request.method == "POST" else 200
        return render(request, "recognition/step.html", context, status=status)

    return page


request_resubmit = _text_step_page("resubmit", REQUEST_APPLICANT)
request_appeal = _text_step_page("appeal", REQUEST_APPLICANT)
request_ask_information = _text_step_page("ask_information", REQUEST_OFFICERS)


# --- The decision page ------------------------------------------------------------------------
@REQUEST_OFFICERS
@require_http_methods(["GET", "POST"])
@never_cache
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    rec = get_request_for_user(user, pk)
    if request.method != "POST" and not _offered(user, rec, "decide"):
        return redirect(_detail_url(pk))
    form = DecisionForm(request.POST or None, prefix="decide")
    measures = MeasureFormSet(request.POST or None, prefix="measure")
    if request.method == "POST" and form.is_valid() and measures.is_valid():
        data = decision_input(form, measures)
        done = _attempt(
            request,
            lambda: services.request_decide(actor=user, request_id=pk, data=data).request,
            form,
            back=_detail_url(pk, "decisions"),
        )
        if done is not None:
            return done
    context = {
        "rec": rec,
        "form": form,
        "measure_formset": measures,
        "precedents": precedents_for(request=rec),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recognition/decide.html", context, status=status)


# --- Decisions and the conversation -----------------------------------------------------------
@DECISION_OFFICERS
@require_POST
def decision_revoke(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    user = request_user(request)
    rec = get_request_for_user(user, pk)
    get_object_or_404(Decision, pk=decision_pk, request=rec)
    form = revoke_form(decision_pk, request.POST)
    if form.is_valid():
        reason = form.cleaned_data["text"]
        done = _attempt(
            request,
            lambda: services.decision_revoke(actor=user, decision_id=decision_pk, reason=reason),
            form,
            field="text",
            back=_detail_url(pk, "decisions"),
            message=_("The decision was revoked."),
        )
        if done is not None:
            return done
    return _render_detail(request, rec, status=400, **{f"revoke_form_{decision_pk}": form})


@REQUEST_PARTIES
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    rec = get_request_for_user(user, pk)
    form = MessageForm(request.POST, prefix="msg")
    if form.is_valid():
        body = form.cleaned_data["body"]
        done = _attempt(
            request,
            lambda: services.message_post(actor=user, request_id=pk, body=body),
            form,
            back=_detail_url(pk, "timeline"),
            message=_("Your message was sent."),
        )
        if done is not None:
            return done
    return _render_detail(request, rec, status=400, message_form=form)


# --- Decision document (checked at the portal's one /verify/ page) --------------------------
@REQUEST_PARTIES
@never_cache
def decision_print(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    rec = get_request_for_user(request_user(request), pk)
    decision = get_object_or_404(
        Decision.objects.select_related("comparable_isced_level", "decided_by").prefetch_related(
            "measures"
        ),
        pk=decision_pk,
        request=rec,
    )
    url = verify_url(request, decision.verification_code)
    context = {"rec": rec, "decision": decision, "verify_url": url, "qr": qr_svg(url)}
    return render(request, "recognition/decision_print.html", context)
