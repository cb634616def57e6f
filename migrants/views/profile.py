"""The profile pages, reached two ways: ``/migrants/profile/<step>/`` for the migrant's own
profile (``OWN_PROFILE``), and ``/migrants/<pk>/<step>/`` for anyone reaching it by id (staff
with a consent, or the migrant; ``PROFILE_READERS``/``PROFILE_EDITORS``, through
``get_profile_for_user``: 404 without a consented relationship, 403 on a change by a reader).
Each page body serves both; a ``Subject`` carries the profile and builds the links for whichever
way it was reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.access import Access
from core.documents import document_response
from core.http import is_htmx
from core.views import form_saved, request_user, run_command
from migrants import services
from migrants.forms import (
    ENTRY_FORMS,
    PROFILE_FORMS,
    ConsentForm,
    DisabilityForm,
    DocumentForm,
    IdentityForm,
    blank_step_form,
    identity_input,
    profile_input_of,
    skill_form,
)
from migrants.models import QualificationDocument
from migrants.permissions import (
    OWN_PROFILE,
    PROFILE_EDITORS,
    PROFILE_READERS,
    can_edit_profile,
    can_manage_consents,
    consent_purposes_for,
    get_profile_for_user,
    own_profile,
    profiles_visible_to,
    qualifications_visible_to,
)
from migrants.presenters import (
    ENTRY_KINDS,
    ENTRY_STEPS,
    PAGE_STEPS,
    PURPOSE_TITLES,
    STEP_TITLES,
    Subject,
    hidden_steps,
    neighbours,
    overview_context,
    page_steps,
    qualification_rows,
    step_context,
)

# The service that adds an entry, per list step.
ENTRY_SERVICES: dict[str, Any] = {
    "education": services.education_add,
    "languages": services.language_set,
    "experience": services.experience_add,
    "qualifications": services.qualification_add,
    "skills": services.skill_set,
}
Page = Callable[..., HttpResponse]


def both_ways(page: Page, *, by_id: Access) -> tuple[Page, Page]:
    """The same page body declared twice: on the caller's own profile, and by id under
    ``by_id``."""
    return OWN_PROFILE(page), by_id(page)


def _subject(request: HttpRequest, pk: int | None, *, for_write: bool = False) -> Subject | None:
    user = request_user(request)
    if pk is None:
        profile = own_profile(user)
        return None if profile is None else Subject(profile, own=True, editable=True)
    profile = get_profile_for_user(user, pk, for_write=for_write)
    return Subject(profile, own=False, editable=for_write or can_edit_profile(user, profile))


# --- Overview and start -----------------------------------------------------------------------
def _render_overview(request: HttpRequest, subject: Subject) -> HttpResponse:
    context = overview_context(request_user(request), subject)
    return render(request, "migrants/overview.html", context)


@OWN_PROFILE
@never_cache
def profile_overview(request: HttpRequest) -> HttpResponse:
    """The migrant's own profile, or the page to start one."""
    user = request_user(request)
    profile = own_profile(user)
    if profile is not None:
        return _render_overview(request, Subject(profile, own=True, editable=True))
    form = IdentityForm(request.POST or None)
    done = form_saved(
        request,
        form,
        lambda: services.profile_create_for_self(user=user, data=identity_input(form)),
        message=_("Your profile was created. Next: your contact details."),
        next_url=reverse("migrants:own-step", args=["contact"]),
    )
    if done is not None:
        return done
    return render(request, "migrants/start.html", {"form": form})


@PROFILE_READERS
@never_cache
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    assert subject is not None
    return _render_overview(request, subject)


# --- Steps ------------------------------------------------------------------------------------
def _next_url(request: HttpRequest, subject: Subject, step: str) -> str:
    _previous, following = neighbours(page_steps(request_user(request), subject), step)
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
    context = {**step_context(request_user(request), subject, step), "form": form, **extra}
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


@never_cache
@vary_on_headers("HX-Request")
def _step_page(request: HttpRequest, step: str, pk: int | None = None) -> HttpResponse:
    if step not in PAGE_STEPS:
        raise Http404("No such step.")
    subject = _subject(request, pk, for_write=request.method == "POST")
    if subject is None:
        return redirect("migrants:profile")
    if step in hidden_steps(request_user(request), subject.profile):
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


own_step, profile_step = both_ways(_step_page, by_id=PROFILE_READERS)


def _save_profile_step(request: HttpRequest, subject: Subject, step: str) -> HttpResponse:
    profile = subject.profile
    form = PROFILE_FORMS[step](request.POST, profile=profile)
    done = form_saved(
        request,
        form,
        lambda: services.profile_update(
            actor=request_user(request),
            profile_id=profile.pk,
            data=form.apply(profile_input_of(profile)),
            version=form.started_from,
        ),
        message=_("%(step)s: saved.") % {"step": STEP_TITLES[step]},
        next_url=lambda _saved: _next_url(request, subject, step),
    )
    if done is not None:
        return done
    return _render_step(request, subject, step, form)


def _save_disability(request: HttpRequest, subject: Subject) -> HttpResponse:
    form = DisabilityForm(request.POST)
    if form.is_valid():
        services.disability_set(
            actor=request_user(request), profile_id=subject.profile.pk, **form.cleaned_data
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
    done = form_saved(
        request,
        form,
        lambda: ENTRY_SERVICES[step](
            actor=request_user(request), profile_id=subject.profile.pk, **form.to_kwargs()
        ),
        message=_("%(step)s: entry added.") % {"step": STEP_TITLES[step]},
        next_url=subject.step_url(step),
    )
    if done is not None:
        return done
    return _render_step(request, subject, step, form, **extra)


def _skill_results(request: HttpRequest) -> HttpResponse:
    """The radio list of matching skills, for htmx to swap in as the person types."""
    form, info = skill_form(request.GET.get("q", ""))
    return render(request, "migrants/_skill_results.html", {"form": form, **info})


@require_POST
def _entry_remove(
    request: HttpRequest, step: str, entry_pk: int, pk: int | None = None
) -> HttpResponse:
    if step not in ENTRY_STEPS:
        raise Http404("No such step.")
    subject = _subject(request, pk, for_write=True)
    if subject is None:
        return redirect("migrants:profile")
    run_command(
        request,
        lambda: services.entry_remove(
            actor=request_user(request),
            profile_id=subject.profile.pk,
            kind=ENTRY_KINDS[step],
            entry_id=entry_pk,
        ),
        _("The entry was removed."),
    )
    return redirect(subject.step_url(step))


own_entry_remove, entry_remove = both_ways(_entry_remove, by_id=PROFILE_EDITORS)


# --- Documents --------------------------------------------------------------------------------
@require_POST
def _document_upload(
    request: HttpRequest, qualification_pk: int, pk: int | None = None
) -> HttpResponse:
    subject = _subject(request, pk, for_write=True)
    if subject is None:
        return redirect("migrants:profile")
    form = DocumentForm(request.POST, request.FILES, prefix=f"doc{qualification_pk}")
    done = form_saved(
        request,
        form,
        lambda: services.qualification_document_upload(
            actor=request_user(request),
            profile_id=subject.profile.pk,
            qualification_id=qualification_pk,
            upload=form.cleaned_data["file"],
        ),
        message=lambda document: _("“%(name)s” was uploaded.") % {"name": document.original_name},
        next_url=subject.step_url("qualifications"),
    )
    if done is not None:
        return done
    return _render_step(request, subject, "qualifications", document_forms={qualification_pk: form})


own_document_upload, document_upload = both_ways(_document_upload, by_id=PROFILE_EDITORS)


@require_POST
def _document_delete(request: HttpRequest, document_pk: int, pk: int | None = None) -> HttpResponse:
    subject = _subject(request, pk, for_write=True)
    if subject is None:
        return redirect("migrants:profile")
    services.qualification_document_delete(
        actor=request_user(request), profile_id=subject.profile.pk, document_id=document_pk
    )
    messages.success(request, _("The document was deleted."))
    return redirect(subject.step_url("qualifications"))


own_document_delete, document_delete = both_ways(_document_delete, by_id=PROFILE_EDITORS)


@PROFILE_READERS
def document_download(request: HttpRequest, profile_pk: int, document_pk: int) -> FileResponse:
    user = request_user(request)
    profile = get_profile_for_user(user, profile_pk)
    document = get_object_or_404(
        QualificationDocument,
        pk=document_pk,
        qualification__in=qualifications_visible_to(user, profile),
    )
    return document_response(document)


# --- Consent ----------------------------------------------------------------------------------
def _consents_step(request: HttpRequest, subject: Subject) -> HttpResponse:
    user = request_user(request)
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
        done = form_saved(
            request,
            form,
            lambda: services.consent_grant(actor=user, profile_id=profile.pk, data=form.to_input()),
            message=_("Consent given: %(purpose)s.") % {"purpose": PURPOSE_TITLES[purpose]},
            next_url=subject.step_url("consents"),
        )
        if done is not None:
            return done
    return _render_step(
        request,
        subject,
        "consents",
        form,
        manage=manage,
        purpose=purpose if form is not None else "",
        purpose_title=PURPOSE_TITLES.get(purpose, ""),
    )


@require_POST
def _consent_withdraw(request: HttpRequest, consent_pk: int, pk: int | None = None) -> HttpResponse:
    user = request_user(request)
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


own_consent_withdraw, consent_withdraw = both_ways(_consent_withdraw, by_id=PROFILE_EDITORS)
