from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import date_widget


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup`` after creating the user)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, help_text=_("As it appears on your documents.")
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language() or settings.LANGUAGE_CODE

    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["full_name", "preferred_language"])


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. 'ministry statistics export'."),
    )
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=date_widget())
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_(
            "The token may read what you can see, but not change anything. Choose this for "
            "exports and dashboards."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = settings.SMP_API_TOKEN_DAYS
        self.fields["expires_on"].help_text = ngettext(
            "Leave empty for a token that expires in %(days)d day.",
            "Leave empty for a token that expires in %(days)d days.",
            days,
        ) % {"days": days}

    def clean_expires_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return value
