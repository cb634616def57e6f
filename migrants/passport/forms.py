"""The form that shares passport items through a link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_widget, set_choices
from migrants.models import PassportShare
from migrants.passport.selectors import PassportItem


class PassportShareForm(forms.Form):
    """Shape only; the service checks the items are the person's and the expiry's limits."""

    item_keys = forms.MultipleChoiceField(
        label=_("What to share"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one item to share.")},
    )
    expires_on = forms.DateField(
        label=_("The link works until"),
        widget=date_widget(),
        help_text=_("At most %(days)s days from today. You can revoke it sooner.")
        % {"days": PassportShare.MAX_DAYS},
    )
    label = forms.CharField(
        label=_("Note for yourself"),
        required=False,
        max_length=120,
        help_text=_("For example who you send it to. Only you see it."),
    )

    def __init__(self, *args: Any, items: list[PassportItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "item_keys", [(item.key, f"{item.kind_label}: {item.title}") for item in items]
        )
