"""Counsellor-assisted intake: the people an organisation counsels, registering someone in
person, and handing the profile over to the person's own login."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.views import form_saved, request_user
from migrants import services
from migrants.forms import ClaimForm, IntakeForm, identity_input
from migrants.permissions import (
    COUNSELLORS,
    INTAKE_REGISTRARS,
    INTAKE_STAFF,
    OWN_PROFILE,
    can_register_migrant,
    get_profile_for_user,
    intake_organisations_of,
    own_profile,
    profiles_counselled_by,
)

PAGE_SIZE = 25


@INTAKE_STAFF
@never_cache
def intake_list(request: HttpRequest) -> HttpResponse:
    """The people the user's organisations counsel (viewers see them too)."""
    user = request_user(request)
    profiles = (
        profiles_counselled_by(user, writers_only=False)
        .select_related("nationality", "registered_by_organisation")
        .order_by("-created_at", "-pk")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        profiles = profiles.filter(normalized_name__contains=services.normalize_name(query, ""))
    context = {
        "page": Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query,
        "can_register": can_register_migrant(user),
    }
    return render(request, "migrants/intake_list.html", context)


@INTAKE_REGISTRARS
@never_cache
def intake_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = IntakeForm(request.POST or None, organisations=intake_organisations_of(user))
    done = form_saved(
        request,
        form,
        lambda: services.profile_create_by_counsellor(
            actor=user, organisation_id=form.organisation_id(), data=identity_input(form)
        ),
        message=lambda profile: (
            _("%(name)s is registered. Continue with their contact details and plans.")
            % {"name": profile}
        ),
        next_url=lambda profile: reverse("migrants:detail", args=[profile.pk]),
    )
    if done is not None:
        return done
    return render(
        request,
        "migrants/intake_form.html",
        {"form": form, "notice_version": services.CURRENT_NOTICE_VERSION},
    )


@COUNSELLORS
@never_cache
@require_POST
def handover_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    profile = get_profile_for_user(user, pk, for_write=True)
    try:
        code = services.profile_handover_start(actor=user, profile_id=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("migrants:detail", pk)
    return render(
        request,
        "migrants/handover.html",
        {"profile": profile, "code": code, "days": services.HANDOVER_DAYS},
    )


@OWN_PROFILE
@never_cache
def handover_claim(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if own_profile(user) is not None:
        messages.info(request, _("You already have a profile."))
        return redirect("migrants:profile")
    form = ClaimForm(request.POST or None)
    done = form_saved(
        request,
        form,
        lambda: services.profile_handover_claim(user=user, code=form.cleaned_data["code"]),
        message=_("The profile is now yours. Check it and complete what is missing."),
        next_url=reverse("migrants:profile"),
    )
    if done is not None:
        return done
    return render(request, "migrants/claim.html", {"form": form})
