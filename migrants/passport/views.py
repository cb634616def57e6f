"""The skills passport pages.

- ``/migrants/passport/`` (and ``.json``): the owner's items, with the form to share some of them
  through a link and the list of their links. Only the person (``OWN_PROFILE``).
- ``/passport/<token>/`` (and ``.json``): what a link shows, to anyone holding it, without an
  account: the holder's initials and the chosen items only. Expired, revoked or erased: a 404
  page that says the link no longer works.
Every answer holds personal data or a secret address, so none is cached, indexed or passed on in
a Referer header.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from core.errors import DomainError
from core.forms import add_domain_error
from core.views import request_user, run_command
from migrants.models import MigrantProfile
from migrants.passport.api import PassportItemSerializer, SharedPassportSerializer, shared_url
from migrants.passport.forms import PassportShareForm
from migrants.passport.selectors import PassportItem, passport_items, share_list_for_profile
from migrants.passport.services import share_create, share_revoke, shared_passport
from migrants.permissions import OWN_PROFILE, PASSPORT_LINK_HOLDERS, own_profile
from migrants.presenters import holder_initials

DEFAULT_DAYS = 30


def _own(request: HttpRequest) -> tuple[User, MigrantProfile]:
    user = request_user(request)
    profile = own_profile(user)
    if profile is None:
        raise Http404("You have no profile yet.")
    return user, profile


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _share_form(items: list[PassportItem], data: Any = None) -> PassportShareForm:
    initial = {"expires_on": timezone.localdate() + timedelta(days=DEFAULT_DAYS)}
    return PassportShareForm(data, items=items, initial=initial)


# --- The owner's passport ---------------------------------------------------------------------
@OWN_PROFILE
@never_cache
def passport(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    profile = own_profile(user)
    if profile is None:
        return redirect("migrants:profile")  # a migrant without a profile yet: start one
    items = passport_items(profile)
    form = _share_form(items, request.POST or None)
    new_link = ""
    if request.method == "POST" and form.is_valid():
        try:
            _share, token = share_create(actor=user, profile_id=profile.pk, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            # Shown on this answer only: the token is not stored, so no redirect.
            new_link = shared_url(request, token)
            form = _share_form(items)
    titles = {item.key: item.title for item in items}
    context = {
        "profile": profile,
        "items": items,
        "form": form,
        "new_link": new_link,
        # Each link with the titles of its items (None: no longer in the passport).
        "share_rows": [
            (share, [titles.get(key) for key in share.item_keys])
            for share in share_list_for_profile(profile=profile)
        ],
    }
    status = 400 if form.errors else 200
    return _private(render(request, "migrants/passport.html", context, status=status))


@OWN_PROFILE
@never_cache
def passport_json(request: HttpRequest) -> HttpResponse:
    _user, profile = _own(request)
    items = PassportItemSerializer(
        passport_items(profile), many=True, context={"request": request}
    ).data
    return _private(JsonResponse({"items": items}))


@OWN_PROFILE
@require_POST
def share_revoke_view(request: HttpRequest, share_pk: int) -> HttpResponse:
    user, profile = _own(request)
    run_command(
        request,
        lambda: share_revoke(actor=user, profile_id=profile.pk, share_id=share_pk),
        _("The link was revoked: it no longer works."),
    )
    return redirect("migrants:passport")


# --- What a link shows ------------------------------------------------------------------------
def _gone(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "migrants/passport_gone.html", status=404))


@PASSPORT_LINK_HOLDERS
@never_cache
def shared(request: HttpRequest, token: str) -> HttpResponse:
    found = shared_passport(token)
    if found is None:
        return _gone(request)
    share, items = found
    context = {
        "holder_initials": holder_initials(share.profile),
        "expires_on": share.expires_on,
        "items": items,
        "token": token,
    }
    return _private(render(request, "migrants/passport_shared.html", context))


@PASSPORT_LINK_HOLDERS
@never_cache
def shared_json(request: HttpRequest, token: str) -> HttpResponse:
    found = shared_passport(token)
    if found is None:
        return _private(JsonResponse({"detail": _("This link is no longer valid.")}, status=404))
    share, items = found
    data = SharedPassportSerializer(
        {
            "holder_initials": holder_initials(share.profile),
            "expires_on": share.expires_on,
            "items": items,
        },
        context={"request": request},
    ).data
    return _private(JsonResponse(data))
