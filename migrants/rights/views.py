"""The person's copy of their data, and erasure, as pages. Only the owner (``OWN_PROFILE``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import User
from core.views import request_user
from migrants.models import MigrantProfile
from migrants.permissions import OWN_PROFILE, own_profile
from migrants.rights.forms import EraseConfirmForm
from migrants.rights.services import profile_erase, profile_export


def own_or_404(user: User) -> MigrantProfile:
    profile = own_profile(user)
    if profile is None:
        raise Http404("You have no profile yet.")
    return profile


def export_response(actor: User, profile: MigrantProfile) -> HttpResponse:
    """The ZIP of everything about ``profile``, as a private download (pages and API alike)."""
    response = HttpResponse(
        profile_export(actor=actor, profile_id=profile.pk), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="smp-portal-{profile.pseudonym}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@OWN_PROFILE
@never_cache
def data_export(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return export_response(user, own_or_404(user))


@OWN_PROFILE
@never_cache
def data_erase(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    profile = own_or_404(user)
    form = EraseConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        profile_erase(actor=user, profile_id=profile.pk)
        logout(request)
        messages.success(request, _("Your profile and account were erased."))
        return redirect("home")
    return render(request, "migrants/erase.html", {"form": form, "profile": profile})
