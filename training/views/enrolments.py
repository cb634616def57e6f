"""One participant's enrolment, as the provider (and the partnership's officers, read-only) see
it, and the migrant's own training pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from core.errors import DomainValidationError
from core.views import form_change, move_view, moves_for_page, now_status, request_user
from migrants.permissions import own_profile
from training import services
from training.forms import OutcomeForm, ProgressForm, ReasonForm, TrackChangeForm
from training.models import Enrolment, Programme
from training.permissions import (
    ENROLMENT_MANAGERS,
    ENROLMENT_READERS,
    TRAINEES,
    can_identify_participants,
    can_manage_programme,
    get_enrolment_for_user,
    is_participant,
    participant_identity_rule,
)
from training.presenters import verify_path
from training.selectors import enrolment_detail, my_enrolments
from training.views._common import certificate_print_url, page_url, participant_names

ES = Enrolment.Status


# --- Enrolments -------------------------------------------------------------------------------
def _render_enrolment(
    request: HttpRequest, pk: int, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    user = request_user(request)
    enrolment = enrolment_detail(user=user, enrolment_id=pk)
    if enrolment is None:
        raise Http404("No such enrolment.")
    prefetch_related_objects([enrolment], "track_changes__changed_by")
    programme = enrolment.cohort.programme
    writable = can_manage_programme(user, programme)
    certificate = enrolment.issued_certificate
    # The verification code is the holder's to give: the public page shows their initials.
    identifies = participant_identity_rule(user)(enrolment)
    context: dict[str, Any] = {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "programme": programme,
        "name": participant_names(user, [enrolment])[enrolment.pk],
        "writable": writable,
        "certificate": certificate,
        "code_hidden": not identifies,
        "participant_ref": enrolment.participant_ref if identifies else "",
        "verify_url": verify_path(certificate.verification_code)
        if certificate and identifies
        else "",
        "print_url": certificate_print_url(certificate)
        if certificate and can_identify_participants(user, programme)
        else "",
        "track_changes": enrolment.track_changes.all(),
        "outcomes": enrolment.outcomes.all(),
    }
    if writable:
        context["moves"] = moves_for_page(
            services.ENROLMENT_LIFECYCLE, user, enrolment, url_name="training:enrolment-move"
        )
        closed = enrolment.status in (ES.NOT_SELECTED, ES.DROPPED_OUT)
        if programme.tracks == Programme.Tracks.BOTH and not closed:
            context["track_form"] = bound.get("track_form") or TrackChangeForm(enrolment=enrolment)
        if enrolment.status in (ES.ENROLLED, ES.COMPLETED):
            context["progress_form"] = bound.get("progress_form") or ProgressForm(
                initial={
                    "attendance_percent": enrolment.attendance_percent,
                    "assessment": enrolment.assessment,
                    "assessment_score": enrolment.assessment_score,
                }
            )
        if enrolment.status in Enrolment.FINISHED:
            context["outcome_form"] = bound.get("outcome_form") or OutcomeForm()
        if certificate is not None and certificate.is_valid:
            context["revoke_form"] = bound.get("revoke_form") or ReasonForm(prefix="revoke")
    return render(request, "training/enrolment_detail.html", context, status=status)


@ENROLMENT_READERS
@never_cache
def enrolment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enrolment = get_enrolment_for_user(user, pk)
    if is_participant(user, enrolment) and not can_manage_programme(
        user, enrolment.cohort.programme
    ):
        return redirect("training:my-enrolment", pk)
    return _render_enrolment(request, pk)


enrolment_move = move_view(
    services.ENROLMENT_LIFECYCLE,
    access=ENROLMENT_MANAGERS,
    redirect_to="training:enrolment-detail",
    done=now_status(gettext_lazy("The participant is now %(status)s.")),
)


def _enrolment_command(
    request: HttpRequest,
    pk: int,
    key: str,
    make_form: Callable[[Enrolment], forms.Form],
    call: Callable[[User, dict[str, Any]], object],
    success: str,
    section: str,
) -> HttpResponse:
    """A form on the enrolment page: the service checks the rules, a refusal keeps the input."""
    user = request_user(request)
    enrolment = get_enrolment_for_user(user, pk, for_write=True)
    form = make_form(enrolment)
    if form.is_valid():
        done = form_change(
            request,
            form,
            lambda: call(user, form.cleaned_data),
            message=success,
            next_url=page_url("training:enrolment-detail", pk, section),
        )
        if done is not None:
            return done
    return _render_enrolment(request, pk, status=400, **{key: form})


@ENROLMENT_MANAGERS
@require_POST
def enrolment_track(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_command(
        request,
        pk,
        "track_form",
        lambda enrolment: TrackChangeForm(request.POST, enrolment=enrolment),
        lambda user, data: services.enrolment_change_track(
            actor=user, enrolment_id=pk, track=data["track"], reason=data["reason"]
        ),
        _("The track was changed."),
        "track",
    )


@ENROLMENT_MANAGERS
@require_POST
def enrolment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_command(
        request,
        pk,
        "progress_form",
        lambda _enrolment: ProgressForm(request.POST),
        lambda user, data: services.enrolment_record_progress(
            actor=user,
            enrolment_id=pk,
            attendance_percent=data["attendance_percent"],
            assessment=data["assessment"],
            assessment_score=data["assessment_score"],
        ),
        _("Attendance and assessment were saved."),
        "progress",
    )


@ENROLMENT_MANAGERS
@require_POST
def enrolment_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    def record(user: User, _data: dict[str, Any]) -> object:
        return services.outcome_record(actor=user, enrolment_id=pk, data=form.to_input())

    form = OutcomeForm(request.POST)
    return _enrolment_command(
        request,
        pk,
        "outcome_form",
        lambda _enrolment: form,
        record,
        _("The follow-up was recorded."),
        "outcomes",
    )


@ENROLMENT_MANAGERS
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    def revoke(user: User, data: dict[str, Any]) -> object:
        enrolment = get_enrolment_for_user(user, pk, for_write=True)
        certificate = enrolment.issued_certificate
        if certificate is None:
            raise DomainValidationError(_("No certificate was issued."))
        return services.certificate_revoke(
            actor=user, certificate_id=certificate.pk, reason=data["reason"]
        )

    return _enrolment_command(
        request,
        pk,
        "revoke_form",
        lambda _enrolment: ReasonForm(request.POST, prefix="revoke"),
        revoke,
        _("The certificate was revoked: its verification page says so at once."),
        "certificate",
    )


# --- The migrant's own training ---------------------------------------------------------------
@TRAINEES
@never_cache
def my_training(request: HttpRequest) -> HttpResponse:
    profile = own_profile(request_user(request))
    enrolments = list(my_enrolments(profile=profile)) if profile else []
    rows = []
    for enrolment in enrolments:
        certificate = enrolment.issued_certificate
        rows.append(
            (
                enrolment,
                certificate,
                verify_path(certificate.verification_code) if certificate else "",
            )
        )
    return render(request, "training/my_training.html", {"rows": rows, "profile": profile})


@TRAINEES
@never_cache
def my_enrolment(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    enrolment = get_enrolment_for_user(user, pk)
    if not is_participant(user, enrolment):
        raise Http404("No such enrolment.")
    detail = enrolment_detail(user=user, enrolment_id=pk)
    assert detail is not None
    certificate = detail.issued_certificate
    context = {
        "enrolment": detail,
        "cohort": detail.cohort,
        "programme": detail.cohort.programme,
        "certificate": certificate,
        "verify_url": verify_path(certificate.verification_code) if certificate else "",
        "print_url": certificate_print_url(certificate) if certificate else "",
        "track_changes": detail.track_changes.all(),
        "outcomes": detail.outcomes.all(),
    }
    return render(request, "training/my_enrolment.html", context)
