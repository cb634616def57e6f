"""The migrant profile pages: parse, authorise, call one service, respond.

The same step pages serve the migrant (``/migrants/profile/<step>/``, their own profile) and staff
or the migrant reaching a profile by id (``/migrants/<pk>/<step>/``, through
``get_profile_for_user``: 404 without a consented relationship, 403 on a change by a reader). A
``Subject`` carries the profile and builds the links for whichever of the two ways it was reached.
Pages hold personal data, so none of them may be cached (shared computers, proxies).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import Organisation, Role, User
from accounts.permissions import active_memberships, has_role
from core.access import SIGNED_IN
from core.documents import document_response
from core.errors import DomainError
from core.http import is_htmx
from migrants import rights, services
from migrants.forms import (
    ENTRY_FORMS,
    PROFILE_FORMS,
    ClaimForm,
    ConsentForm,
    DisabilityForm,
    DocumentForm,
    EraseConfirmForm,
    IdentityForm,
    IntakeForm,
    blank_step_form,
    identity_input,
    profile_input_of,
    skill_form,
)
from migrants.models import (
    INTAKE_KINDS,
    ConsentGrant,
    DuplicateFlag,
    MigrantProfile,
    QualificationDocument,
)
from migrants.permissions import (
    can_edit_profile,
    can_manage_consents,
    consent_purposes_for,
    get_profile_for_user,
    intake_organisations_of,
    own_profile,
    profiles_visible_to,
    qualifications_visible_to,
)
from migrants.presenters import (
    ENTRY_KINDS,
    ENTRY_STEPS,
    PAGE_STEPS,
    PURPOSE_TITLES,
    REASON_LABELS,
    STEP_TITLES,
    Subject,
    duplicate_rows,
    hidden_steps,
    neighbours,
    overview_context,
    page_steps,
    qualification_rows,
    step_context,
)
from migrants.selectors import duplicate_flag_list_for_user

PAGE_SIZE = 25
# The service that adds an entry, per list step.
ENTRY_SERVICES: dict[str, Any] = {
    "education": services.education_add,
    "languages": services.language_set,
    "experience": services.experience_add,
    "qualifications": services.qualification_add,
    "skills": services.skill_set,
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _add_domain_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _subject(request: HttpRequest, pk: int | None, *, for_write: bool = False) -> Subject | None:
    user = _user(request)
    if pk is None:
        profile = own_profile(user)
        return None if profile is None else Subject(profile, own=True, editable=True)
    profile = get_profile_for_user(user, pk, for_write=for_write)
    return Subject(profile, own=False, editable=for_write or can_edit_profile(user, profile))


def _refuse_staff(user: User) -> None:
    if active_memberships(user):
        raise PermissionDenied(_("Organisation staff do not keep a migrant profile."))


# --- Overview and start -----------------------------------------------------------------------
def _render_overview(request: HttpRequest, subject: Subject) -> HttpResponse:
    context = overview_context(_user(request), subject)
    return render(request, "migrants/overview.html", context)


@SIGNED_IN
@never_cache
def profile_overview(request: HttpRequest) -> HttpResponse:
    """The migrant's own profile, or the page to start one."""
    user = _user(request)
    profile = own_profile(user)
    if profile is not None:
        return _render_overview(request, Subject(profile, own=True, editable=True))
    _refuse_staff(user)
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_create_for_self(user=user, data=identity_input(form))
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Your profile was created. Next: your contact details."))
            return redirect("migrants:own-step", "contact")
    return render(request, "migrants/start.html", {"form": form})


@SIGNED_IN
@never_cache
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    assert subject is not None
    return _render_overview(request, subject)


# --- Steps ------------------------------------------------------------------------------------
def _next_url(request: HttpRequest, subject: Subject, step: str) -> str:
    _previous, following = neighbours(page_steps(_user(request), subject), step)
    return following.url if following else subject.overview_url


def _render_step(
    request: HttpRequest,
    subject: Subject,
    step: str,
    form: forms.Form | None = None,
    **extra: Any,
) -> HttpResponse:
    if form is None and subject.editable:
        form = _blank_form(request, subject, step, extra)
    context = {**step_context(_user(request), subject, step), "form": form, **extra}
    if step == "qualifications":
        context["rows"] = qualification_rows(context["entries"], extra.get("document_forms", {}))
    return render(request, "migrants/step.html", context)


def _blank_form(
    request: HttpRequest, subject: Subject, step: str, extra: dict[str, Any]
) -> forms.Form | None:
    if step == "skills":
        form, info = skill_form(request.GET.get("q", ""))
        extra.update(info)
        return form
    return blank_step_form(step, subject.profile)


@SIGNED_IN
@never_cache
@vary_on_headers("HX-Request")
def profile_step(request: HttpRequest, step: str, pk: int | None = None) -> HttpResponse:
    if step not in PAGE_STEPS:
        raise Http404("No such step.")
    subject = _subject(request, pk, for_write=request.method == "POST")
    if subject is None:
        return redirect("migrants:profile")
    if step in hidden_steps(_user(request), subject.profile):
        raise Http404("No such step.")
    if step == "consents":
        return _consents_step(request, subject)
    if step == "skills" and is_htmx(request):
        return _skill_results(request)
    if request.method != "POST":
        return _render_step(request, subject, step)
    if step in PROFILE_FORMS:
        return _save_profile_step(request, subject, step)
    if step == "disability":
        return _save_disability(request, subject)
    return _add_entry(request, subject, step)


def _save_profile_step(request: HttpRequest, subject: Subject, step: str) -> HttpResponse:
    profile = subject.profile
    form = PROFILE_FORMS[step](request.POST, profile=profile)
    if form.is_valid():
        try:
            services.profile_update(
                actor=_user(request),
                profile_id=profile.pk,
                data=form.apply(profile_input_of(profile)),
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("%(step)s: saved.") % {"step": STEP_TITLES[step]})
            return redirect(_next_url(request, subject, step))
    return _render_step(request, subject, step, form)


def _save_disability(request: HttpRequest, subject: Subject) -> HttpResponse:
    form = DisabilityForm(request.POST)
    if form.is_valid():
        services.disability_set(
            actor=_user(request), profile_id=subject.profile.pk, **form.cleaned_data
        )
        messages.success(request, _("Your disability information was saved."))
        return redirect(subject.overview_url)
    return _render_step(request, subject, "disability", form)


def _add_entry(request: HttpRequest, subject: Subject, step: str) -> HttpResponse:
    form: Any  # each entry form has ``to_kwargs()`` for its service
    extra: dict[str, Any] = {}
    if step == "skills":
        form, extra = skill_form(request.POST.get("q", ""), request.POST)
    else:
        form = ENTRY_FORMS[step](request.POST)
    if form.is_valid():
        try:
            ENTRY_SERVICES[step](
                actor=_user(request), profile_id=subject.profile.pk, **form.to_kwargs()
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("%(step)s: entry added.") % {"step": STEP_TITLES[step]})
            return redirect(subject.step_url(step))
    return _render_step(request, subject, step, form, **extra)


def _skill_results(request: HttpRequest) -> HttpResponse:
    """The radio list of matching skills, for htmx to swap in as the person types."""
    form, info = skill_form(request.GET.get("q", ""))
    return render(request, "migrants/_skill_results.html", {"form": form, **info})


@SIGNED_IN
@require_POST
def entry_remove(
    request: HttpRequest, step: str, entry_pk: int, pk: int | None = None
) -> HttpResponse:
    if step not in ENTRY_STEPS:
        raise Http404("No such step.")
    subject = _subject(request, pk, for_write=True)
    if subject is None:
        return redirect("migrants:profile")
    try:
        services.entry_remove(
            actor=_user(request),
            profile_id=subject.profile.pk,
            kind=ENTRY_KINDS[step],
            entry_id=entry_pk,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The entry was removed."))
    return redirect(subject.step_url(step))


# --- Documents --------------------------------------------------------------------------------
@SIGNED_IN
@require_POST
def document_upload(
    request: HttpRequest, qualification_pk: int, pk: int | None = None
) -> HttpResponse:
    subject = _subject(request, pk, for_write=True)
    if subject is None:
        return redirect("migrants:profile")
    form = DocumentForm(request.POST, request.FILES, prefix=f"doc{qualification_pk}")
    if form.is_valid():
        try:
            document = services.qualification_document_upload(
                actor=_user(request),
                profile_id=subject.profile.pk,
                qualification_id=qualification_pk,
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(
                request, _("“%(name)s” was uploaded.") % {"name": document.original_name}
            )
            return redirect(subject.step_url("qualifications"))
    return _render_step(request, subject, "qualifications", document_forms={qualification_pk: form})


@SIGNED_IN
@require_POST
def document_delete(request: HttpRequest, document_pk: int, pk: int | None = None) -> HttpResponse:
    subject = _subject(request, pk, for_write=True)
    if subject is None:
        return redirect("migrants:profile")
    services.qualification_document_delete(
        actor=_user(request), profile_id=subject.profile.pk, document_id=document_pk
    )
    messages.success(request, _("The document was deleted."))
    return redirect(subject.step_url("qualifications"))


@SIGNED_IN
def document_download(request: HttpRequest, profile_pk: int, document_pk: int) -> FileResponse:
    user = _user(request)
    profile = get_profile_for_user(user, profile_pk)
    document = get_object_or_404(
        QualificationDocument,
        pk=document_pk,
        qualification__in=qualifications_visible_to(user, profile),
    )
    return document_response(document)


# --- Consent ----------------------------------------------------------------------------------
def _consents_step(request: HttpRequest, subject: Subject) -> HttpResponse:
    user = _user(request)
    profile = subject.profile
    manage = can_manage_consents(user, profile)
    if request.method == "POST" and not manage:
        raise PermissionDenied(_("Only the person decides about their consents."))
    source = request.POST if request.method == "POST" else request.GET
    purpose = source.get("purpose", "")
    form = None
    if manage and purpose in consent_purposes_for(user, profile):
        form = ConsentForm(request.POST or None, purpose=purpose, profile=profile, user=user)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Choose what you consent to."))
            return redirect(subject.step_url("consents"))
        if form.is_valid():
            try:
                services.consent_grant(actor=user, profile_id=profile.pk, data=form.to_input())
            except DomainError as exc:
                _add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Consent given: %(purpose)s.") % {"purpose": PURPOSE_TITLES[purpose]},
                )
                return redirect(subject.step_url("consents"))
    return _render_step(
        request,
        subject,
        "consents",
        form,
        manage=manage,
        purpose=purpose if form is not None else "",
        purpose_title=PURPOSE_TITLES.get(purpose, ""),
    )


@SIGNED_IN
@require_POST
def consent_withdraw(request: HttpRequest, consent_pk: int, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    subject = _subject(request, pk)
    if subject is None:
        return redirect("migrants:profile")
    grant = services.consent_withdraw(
        actor=user, profile_id=subject.profile.pk, consent_id=consent_pk
    )
    messages.success(
        request,
        _("Consent withdrawn: %(purpose)s. It no longer applies, from now on.")
        % {"purpose": PURPOSE_TITLES[grant.purpose]},
    )
    if not subject.own and not profiles_visible_to(user).filter(pk=subject.profile.pk).exists():
        return redirect("migrants:intake-list")
    return redirect(subject.step_url("consents"))


# --- Handover ---------------------------------------------------------------------------------
@SIGNED_IN
@never_cache
@require_POST
def handover_start(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk, for_write=True)
    assert subject is not None
    try:
        code = services.profile_handover_start(actor=_user(request), profile_id=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(subject.overview_url)
    return render(
        request,
        "migrants/handover.html",
        {"profile": subject.profile, "code": code, "days": services.HANDOVER_DAYS},
    )


@SIGNED_IN
@never_cache
def handover_claim(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _refuse_staff(user)
    if own_profile(user) is not None:
        messages.info(request, _("You already have a profile."))
        return redirect("migrants:profile")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_handover_claim(user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The profile is now yours. Check it and complete what is missing.")
            )
            return redirect("migrants:profile")
    return render(request, "migrants/claim.html", {"form": form})


# --- Counsellor-assisted intake ---------------------------------------------------------------
def _intake_organisations(user: User) -> list[Organisation]:
    """Organisations whose registered migrants the user sees (viewers included)."""
    organisations = [
        m.organisation for m in active_memberships(user) if m.organisation.kind in INTAKE_KINDS
    ]
    if not organisations:
        raise PermissionDenied(
            _("Only staff of a training provider or a government office register migrants.")
        )
    return organisations


@SIGNED_IN
@never_cache
def intake_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisations = _intake_organisations(user)
    counselled = (
        ConsentGrant.objects.active()
        .filter(purpose=ConsentGrant.Purpose.COUNSELLING, organisation__in=organisations)
        .values("profile_id")
    )
    profiles = (
        MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE, pk__in=counselled)
        .select_related("nationality", "registered_by_organisation")
        .order_by("-created_at", "-pk")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        profiles = profiles.filter(normalized_name__contains=services.normalize_name(query, ""))
    context = {
        "page": Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query,
        "can_register": bool(intake_organisations_of(user)),
    }
    return render(request, "migrants/intake_list.html", context)


@SIGNED_IN
@never_cache
def intake_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisations = intake_organisations_of(user)
    if not organisations:
        raise PermissionDenied(
            _("Only staff of a training provider or a government office register migrants.")
        )
    form = IntakeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.profile_create_by_counsellor(
                actor=user, organisation_id=form.organisation_id(), data=form.profile_input()
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Continue with their contact details and plans.")
                % {"name": profile},
            )
            return redirect("migrants:detail", profile.pk)
    return render(
        request,
        "migrants/intake_form.html",
        {"form": form, "notice_version": services.CURRENT_NOTICE_VERSION},
    )


# --- Duplicates -------------------------------------------------------------------------------
def _require_reviewer(user: User) -> None:
    if not active_memberships(user) and not has_role(user, Role.ADMIN):
        raise PermissionDenied(_("Only officers review possible duplicates."))


@SIGNED_IN
@never_cache
def duplicate_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_reviewer(user)
    reviewed = request.GET.get("show") == "reviewed"
    flags = duplicate_flag_list_for_user(user=user).select_related(
        "profile__nationality", "other__nationality", "profile__user", "other__user", "reviewed_by"
    )
    S = DuplicateFlag.Status
    flags = flags.exclude(status=S.OPEN) if reviewed else flags.filter(status=S.OPEN)
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "reviewed": reviewed,
        "rows": [
            (flag, [REASON_LABELS.get(r, r) for r in flag.reasons], duplicate_rows(flag))
            for flag in page.object_list
        ],
    }
    return render(request, "migrants/duplicate_list.html", context)


@SIGNED_IN
@require_POST
def duplicate_review(request: HttpRequest, flag_pk: int) -> HttpResponse:
    user = _user(request)
    _require_reviewer(user)
    try:
        flag = services.duplicate_flag_review(
            actor=user, flag_id=flag_pk, status=request.POST.get("status", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Recorded: %(outcome)s (%(one)s and %(other)s).")
            % {"outcome": flag.get_status_display(), "one": flag.profile, "other": flag.other},
        )
    return redirect(reverse("migrants:duplicate-list") + _page_query(request))


def _page_query(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return f"?page={page}" if page.isdigit() else ""


# --- Rights: a copy of everything, and erasure ------------------------------------------------
@SIGNED_IN
@never_cache
def data_export(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = own_profile(user)
    if profile is None:
        raise Http404("You have no profile yet.")
    archive = rights.profile_export(actor=user, profile_id=profile.pk)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="smp-portal-{profile.pseudonym}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@SIGNED_IN
@never_cache
def data_erase(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = own_profile(user)
    if profile is None:
        raise Http404("You have no profile yet.")
    form = EraseConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        rights.profile_erase(actor=user, profile_id=profile.pk)
        logout(request)
        messages.success(request, _("Your profile and account were erased."))
        return redirect("home")
    return render(request, "migrants/erase.html", {"form": form, "profile": profile})
