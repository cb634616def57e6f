from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.forms import ApiTokenCreateForm, ProfileForm
from accounts.models import User
from accounts.permissions import OWN_ACCOUNT, OWN_API_TOKEN, OWN_API_TOKENS, can_create_api_token
from accounts.selectors import api_token_list_for_user
from accounts.services import api_token_create, api_token_revoke
from core.errors import DomainError

_NEW_KEY_SESSION = "accounts.new_api_key"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@OWN_ACCOUNT
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=_user(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@never_cache
@OWN_API_TOKENS
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ApiTokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on else None
        )
        try:
            _token, key = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                expires_at=expires_at,
                read_only=form.cleaned_data["read_only"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # Redirect so a reload cannot create a second token; the key survives one page view.
            request.session[_NEW_KEY_SESSION] = key
            return redirect("accounts:token-list")
    new_key = request.session.pop(_NEW_KEY_SESSION, None)
    tokens = api_token_list_for_user(user=user)
    context = {
        "form": form,
        "tokens": tokens,
        "new_key": new_key,
        "can_create": can_create_api_token(user),
    }
    return render(request, "accounts/token_list.html", context)


@OWN_API_TOKEN
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_revoke(actor=_user(request), token_id=pk)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:token-list")
