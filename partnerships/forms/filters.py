"""The partnership list's filters, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from partnerships.forms.codes import CORRIDOR, code_widget
from partnerships.models import Partnership, PartnershipStatus
from taxonomy.models import Country, GcmObjective, Sector


class PartnershipFilterForm(forms.Form):
    """The list's filters, read from the query string; an invalid value is ignored and named."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PartnershipStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Partnership.Kind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    corridor = forms.CharField(
        label=_("Corridor"),
        required=False,
        max_length=10,
        widget=code_widget(),
        help_text=_("Origin-destination, e.g. MA-BE."),
    )
    occupation = forms.RegexField(
        label=_("Occupation (ISCO-08 code)"),
        required=False,
        regex=r"^\d{1,4}$",
        widget=code_widget(),
        help_text=_("A code or its beginning, e.g. 25 for ICT professionals."),
        error_messages={"invalid": _("Use one to four digits of an ISCO-08 code.")},
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.Code.choices]
    )
    gcm = forms.TypedChoiceField(label=_("GCM objective"), required=False, coerce=int)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("title", _("Title")),
            ("start", _("Start date")),
            ("status", _("Status")),
            ("code", _("Reference code")),
        ],
    )

    ADVANCED = ("status", "kind", "country", "corridor", "occupation", "sector", "gcm", "sort")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Any country")),
            *Country.objects.values_list("code", "name"),
        ]
        self.fields["gcm"].choices = [  # type: ignore[attr-defined]
            ("", _("Any objective")),
            *(
                (g.number, f"{g.number}. {Truncator(g.title).chars(70)}")
                for g in GcmObjective.objects.all()
            ),
        ]
        for name in ("q", "corridor", "occupation"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    def clean_corridor(self) -> str:
        value: str = self.cleaned_data.get("corridor", "").strip()
        if not value:
            return ""
        match = CORRIDOR.match(value)
        if match is None:
            raise forms.ValidationError(_("Write a corridor as origin-destination, e.g. MA-BE."))
        return f"{match.group(1).upper()}-{match.group(2).upper()}"

    def params(self) -> dict[str, Any]:
        """The valid, non-empty filters, for ``partnership_filter``."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in self.ADVANCED)
