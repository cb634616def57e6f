"""The skills passport pages (``migrants.passport``).

- ``/migrants/passport/`` (and ``.json``): the owner's items, with the form to share some of them
  through a link and the list of their links. Only the person: staff and officers get 404.
- ``/passport/<token>/`` (and ``.json``): what a link shows, to anyone holding it, without an
  account: the holder's initials and the chosen items only. Expired, revoked or erased: a 404
  page that says the link no longer works.
Every answer holds personal data or a secret address, so none is cached, indexed or passed on in
a Referer header.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import active_memberships
from core.access import PUBLIC, SIGNED_IN
from core.errors import DomainError
from migrants.api.passport import PassportItemSerializer, SharedPassportSerializer, shared_url
from migrants.models import MigrantProfile, PassportShare
from migrants.passport import (
    PassportItem,
    passport_items,
    share_create,
    share_list_for_profile,
    share_revoke,
    shared_passport,
)
from migrants.permissions import own_profile
from migrants.presenters import holder_initials

DEFAULT_DAYS = 30


class PassportShareForm(forms.Form):
    """Shape only; the service checks the items are the person's and the expiry's limits."""

    item_keys = forms.MultipleChoiceField(
        label=gettext_lazy("What to share"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one item to share.")},
    )
    expires_on = forms.DateField(
        label=gettext_lazy("The link works until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("At most %(days)s days from today. You can revoke it sooner.")
        % {"days": PassportShare.MAX_DAYS},
    )
    label = forms.CharField(
        label=gettext_lazy("Note for yourself"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("For example who you send it to. Only you see it."),
    )

    def __init__(self, *args: Any, items: list[PassportItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item_keys"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(item.key, f"{item.kind_label}: {item.title}") for item in items]


def _own(request: HttpRequest) -> tuple[User, MigrantProfile]:
    user = request.user
    assert isinstance(user, User)
    profile = own_profile(user)
    if profile is None:
        raise Http404("You have no profile yet.")
    return user, profile


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- The owner's passport ---------------------------------------------------------------------
@SIGNED_IN
@never_cache
def passport(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    profile = own_profile(user)
    if profile is None:
        if active_memberships(user):
            raise Http404("Organisation staff have no skills passport.")
        return redirect("migrants:profile")  # a migrant without a profile yet: start one
    items = passport_items(profile)
    form = PassportShareForm(
        request.POST or None,
        items=items,
        initial={"expires_on": timezone.localdate() + timedelta(days=DEFAULT_DAYS)},
    )
    new_link = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _share, token = share_create(actor=user, profile_id=profile.pk, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                # Shown on this answer only: the token is not stored, so no redirect.
                new_link = shared_url(request, token)
                form = PassportShareForm(
                    items=items,
                    initial={"expires_on": timezone.localdate() + timedelta(days=DEFAULT_DAYS)},
                )
        if form.errors:
            status = 400
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
    return _private(render(request, "migrants/passport.html", context, status=status))


@SIGNED_IN
@never_cache
def passport_json(request: HttpRequest) -> HttpResponse:
    _user, profile = _own(request)
    items = PassportItemSerializer(
        passport_items(profile), many=True, context={"request": request}
    ).data
    return _private(JsonResponse({"items": items}))


@SIGNED_IN
@require_POST
def share_revoke_view(request: HttpRequest, share_pk: int) -> HttpResponse:
    user, profile = _own(request)
    try:
        share_revoke(actor=user, profile_id=profile.pk, share_id=share_pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The link was revoked: it no longer works."))
    return redirect("migrants:passport")


# --- What a link shows ------------------------------------------------------------------------
def _gone(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "migrants/passport_gone.html", status=404))


@PUBLIC
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


@PUBLIC
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
