"""The recognition pages: parse, authorise, call one service, respond.

Every request page looks the request up through ``get_request_for_user`` (404 for anyone who is
neither the applicant nor staff of its authority); a step taken by the wrong side is refused by
the service (403). A refused step comes back as a message on the request page; a refused text
(an empty answer, an incomplete decision) re-renders the page with the form bound, so nothing
typed is lost. Pages hold personal data and a decision's status must show at once after a
revocation, so none of them may be cached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Membership, Role, User
from accounts.permissions import active_memberships, has_role
from core.access import SIGNED_IN
from core.bounds import record_id, record_ids
from core.errors import DomainError, DomainValidationError
from core.verification import qr_svg, verify_url
from migrants.permissions import own_profile, qualifications_visible_to
from recognition import services
from recognition.forms import (
    AssignForm,
    DecisionForm,
    FinderForm,
    MeasureFormSet,
    MessageForm,
    NoteForm,
    QueueFilterForm,
    RequestForm,
    decision_input,
)
from recognition.models import AuthorityProfile, Decision, RecognitionRequest
from recognition.permissions import (
    authority_ids_of,
    can_decide_recognition,
    get_request_for_user,
    is_applicant,
    requests_visible_to,
)
from recognition.presenters import (
    filter_by_due,
    rows_of,
    sort_by_due,
    timeline,
)
from recognition.selectors import (
    precedents_for,
    recognition_finder,
    request_deadlines,
    request_queue_for_officer,
)
from taxonomy.models import Country, Occupation

PAGE_SIZE = 25
S = RecognitionRequest.Status


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _add_domain_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _detail_url(pk: int, section: str = "") -> str:
    url = reverse("recognition:detail", args=[pk])
    return f"{url}#{section}" if section else url


def _visible(user: User, pk: int) -> RecognitionRequest:
    """The request for its applicant or its authority; a draft is the applicant's alone."""
    recognition_request = get_request_for_user(user, pk)
    if recognition_request.status == S.DRAFT and not is_applicant(user, recognition_request):
        raise Http404("No such request.")
    return recognition_request


def _int(value: str | None) -> int | None:
    return record_id(value)


def _officer_choices(user: User) -> list[tuple[int, str]]:
    """The staff of the user's authorities who may be assigned requests."""
    memberships = (
        Membership.objects.filter(
            organisation_id__in=authority_ids_of(user),
            is_active=True,
            role__in=(Membership.Role.MANAGER, Membership.Role.STAFF),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return list({m.user_id: str(m.user) for m in memberships}.items())


# --- Finder -----------------------------------------------------------------------------------
@SIGNED_IN
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "can_ask": has_role(_user(request), Role.MIGRANT)}
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
@SIGNED_IN
@never_cache
def request_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if authority_ids_of(user):
        return _queue(request, user)
    profile = own_profile(user)
    mine = requests_visible_to(user).filter(applicant__user=user) if profile else []
    return render(
        request,
        "recognition/list.html",
        {"rows": rows_of(mine), "profile": profile, "is_migrant": has_role(user, Role.MIGRANT)},
    )


def _queue(request: HttpRequest, user: User) -> HttpResponse:
    filters = QueueFilterForm(request.GET)
    params = filters.params()
    requests = request_queue_for_officer(user=user, params=params)
    rows = sort_by_due(filter_by_due(rows_of(requests), params.get("due", "")))
    context = {
        "filters": filters,
        "filtered": bool(params),
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "assign_form": AssignForm(officers=_officer_choices(user)),
        "query": request.GET.urlencode(),
        "can_assign": bool(authority_ids_of(user, writers_only=True)),
    }
    return render(request, "recognition/queue.html", context)


@SIGNED_IN
@require_POST
def request_assign(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
@SIGNED_IN
@never_cache
def request_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = own_profile(user)
    if profile is None:
        if active_memberships(user):
            raise PermissionDenied(_("Recognition is asked for by migrants, on their own profile."))
        messages.info(request, _("Create your profile and add your qualification first."))
        return redirect("migrants:profile")
    initial = {
        "authority": _int(request.GET.get("authority")),
        "destination_country": (request.GET.get("country") or "").upper()[:2],
        "target_occupation": _int(request.GET.get("occupation")),
        "purpose": request.GET.get("purpose") or "",
    }
    form = RequestForm(request.POST or None, profile=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(actor=user, data=form.to_input())
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            return redirect("recognition:review", created.pk)
    return render(request, "recognition/create.html", {"form": form})


@SIGNED_IN
@never_cache
def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    draft = _visible(user, pk)
    if not is_applicant(user, draft):
        raise Http404("No such request.")
    if draft.status != S.DRAFT:
        return redirect(_detail_url(pk))
    return render(
        request,
        "recognition/review.html",
        {"rec": draft, "documents": draft.qualification.documents.all()},
    )


# --- The request page -------------------------------------------------------------------------
NOTE_LABELS: dict[str, tuple[Any, Any]] = {
    "resubmit": (
        gettext_lazy("Your answer"),
        gettext_lazy(
            "Say what you send or answer. Add new documents to the qualification on your "
            "profile first: the authority sees them there."
        ),
    ),
    "ask": (
        gettext_lazy("What the applicant must send or answer"),
        gettext_lazy("The decision clock stops until the applicant answers."),
    ),
    "appeal": (
        gettext_lazy("Why you appeal"),
        gettext_lazy("Say what the decision got wrong; the authority reviews it."),
    ),
    "revoke": (
        gettext_lazy("Reason for revoking"),
        gettext_lazy("The verification page shows at once that the decision was revoked."),
    ),
}


def _note_form(name: str, data: Any = None, prefix: str | None = None) -> NoteForm:
    label, help_text = NOTE_LABELS[name]
    return NoteForm(data, label=label, help_text=help_text, prefix=prefix or name)


def _render_detail(
    request: HttpRequest, rec: RecognitionRequest, *, status: int = 200, **bound: Any
) -> HttpResponse:
    user = _user(request)
    applicant = is_applicant(user, rec)
    officer = can_decide_recognition(user, rec)
    decisions = list(
        rec.decisions.select_related("comparable_isced_level")
        .prefetch_related("measures")
        .order_by("decided_at", "id")
    )
    first = next((d for d in decisions if d.stage == Decision.Stage.FIRST), None)
    today = timezone.localdate()
    can_appeal = bool(
        applicant
        and rec.can_become(S.APPEALED)
        and first is not None
        and first.outcome != Decision.Outcome.FULL
        and (first.appeal_deadline is None or today <= first.appeal_deadline)
    )
    shared = qualifications_visible_to(user, rec.applicant).filter(pk=rec.qualification_id)
    context: dict[str, Any] = {
        "rec": rec,
        "deadlines": request_deadlines(request=rec, today=today),
        "is_applicant": applicant,
        "is_officer": officer,
        "decisions": [
            (
                d,
                (bound.get(f"revoke_form_{d.pk}") or _note_form("revoke", prefix=f"rv{d.pk}"))
                if officer and d.is_valid
                else None,
            )
            for d in decisions
        ],
        "documents": rec.qualification.documents.all() if shared.exists() else None,
        "timeline": timeline(rec, viewer_is_applicant=applicant),
        "can_write": applicant or officer,
        "message_form": bound.get("message_form") or MessageForm(prefix="msg"),
        "can_withdraw": applicant and rec.status in services.BEFORE_DECISION,
        "can_appeal": can_appeal,
        "appeal_deadline": first.appeal_deadline if first else None,
        "first_decision": first,
    }
    if applicant and rec.status == S.INFORMATION_REQUESTED:
        context["resubmit_form"] = bound.get("resubmit_form") or _note_form("resubmit")
    if can_appeal:
        context["appeal_form"] = bound.get("appeal_form") or _note_form("appeal")
    if officer:
        context |= {
            "can_screen": rec.can_become(S.SCREENING),
            "can_assess": rec.can_become(S.ASSESSMENT),
            "can_close": rec.can_become(S.CLOSED),
            "precedents": precedents_for(request=rec),
            "assign_form": AssignForm(
                officers=_officer_choices(user), initial={"officer": rec.assigned_officer_id}
            ),
        }
        if rec.can_become(S.INFORMATION_REQUESTED):
            context["ask_form"] = bound.get("ask_form") or _note_form("ask")
        if rec.status in (S.ASSESSMENT, S.APPEALED):
            context["decision_form"] = bound.get("decision_form") or DecisionForm(prefix="decide")
            context["measure_formset"] = bound.get("measure_formset") or MeasureFormSet(
                prefix="measure"
            )
    return render(request, "recognition/detail.html", context, status=status)


@SIGNED_IN
@never_cache
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible(_user(request), pk))


# One-click steps: the service checks who may take them and when.
SIMPLE_ACTIONS: dict[str, tuple[Callable[..., object], Any]] = {
    "submit": (
        services.request_submit,
        gettext_lazy("Your request was submitted. The authority must acknowledge it."),
    ),
    "withdraw": (services.request_withdraw, gettext_lazy("The request was withdrawn.")),
    "screen": (
        services.request_start_screening,
        gettext_lazy("Receipt acknowledged: the file is being screened."),
    ),
    "assess": (
        services.request_start_assessment,
        gettext_lazy("The file is complete: the decision deadline now runs."),
    ),
    "close": (services.request_close, gettext_lazy("The request was closed.")),
}
# Steps that carry a text, and the name of the service's keyword for it.
NOTE_ACTIONS: dict[str, tuple[Callable[..., object], str, Any]] = {
    "resubmit": (
        services.request_resubmit,
        "message",
        gettext_lazy("Your answer was sent: the decision clock runs again."),
    ),
    "ask": (
        services.request_ask_information,
        "message",
        gettext_lazy("The information request was sent: the decision clock stopped."),
    ),
    "appeal": (
        services.request_appeal,
        "reason",
        gettext_lazy("Your appeal was lodged; the authority will decide on it."),
    ),
}


@SIGNED_IN
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    rec = _visible(user, pk)
    if action in SIMPLE_ACTIONS:
        service, success = SIMPLE_ACTIONS[action]
        try:
            service(actor=user, request_id=pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(success))
        return redirect(_detail_url(pk))
    if action not in NOTE_ACTIONS:
        raise Http404("No such step.")
    service, keyword, success = NOTE_ACTIONS[action]
    form = _note_form(action, request.POST)
    if form.is_valid():
        try:
            service(actor=user, request_id=pk, **{keyword: form.cleaned_data["text"]})
        except DomainValidationError as exc:
            form.add_error("text", exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_detail_url(pk))
        else:
            messages.success(request, str(success))
            return redirect(_detail_url(pk))
    return _render_detail(request, rec, status=400, **{f"{action}_form": form})


@SIGNED_IN
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rec = _visible(user, pk)
    form = DecisionForm(request.POST, prefix="decide")
    measures = MeasureFormSet(request.POST, prefix="measure")
    if form.is_valid() and measures.is_valid():
        try:
            services.request_decide(actor=user, request_id=pk, data=decision_input(form, measures))
        except DomainValidationError as exc:
            _add_domain_error(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_detail_url(pk))
        else:
            messages.success(request, _("The decision was recorded and the applicant told."))
            return redirect(_detail_url(pk, "decisions"))
    return _render_detail(request, rec, status=400, decision_form=form, measure_formset=measures)


@SIGNED_IN
@require_POST
def decision_revoke(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    user = _user(request)
    rec = _visible(user, pk)
    get_object_or_404(Decision, pk=decision_pk, request=rec)
    form = _note_form("revoke", request.POST, prefix=f"rv{decision_pk}")
    if form.is_valid():
        try:
            services.decision_revoke(
                actor=user, decision_id=decision_pk, reason=form.cleaned_data["text"]
            )
        except DomainValidationError as exc:
            form.add_error("text", exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_detail_url(pk))
        else:
            messages.success(request, _("The decision was revoked."))
            return redirect(_detail_url(pk, "decisions"))
    return _render_detail(request, rec, status=400, **{f"revoke_form_{decision_pk}": form})


@SIGNED_IN
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    rec = _visible(user, pk)
    form = MessageForm(request.POST, prefix="msg")
    if form.is_valid():
        try:
            services.message_post(actor=user, request_id=pk, body=form.cleaned_data["body"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(_detail_url(pk, "timeline"))
    return _render_detail(request, rec, status=400, message_form=form)


# --- Decision document (checked at the portal's one /verify/ page) --------------------------
@SIGNED_IN
@never_cache
def decision_print(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    rec = _visible(_user(request), pk)
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
