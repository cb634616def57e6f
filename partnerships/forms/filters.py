"""The partnership list's filters, read from the query string."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, record_field, set_choices
from partnerships.forms.codes import CORRIDOR, code_widget
from partnerships.models import Partnership, PartnershipStatus
from taxonomy.models import Country, GcmObjective, Sector


class ListFilters(FilterForm):
    """The filters the officers' list and the public registry share; ``partnership_filter``
    reads what ``params`` returns. Countries to offer may be narrowed (the registry offers those
    of public partnerships); GCM titles are cut to ``GCM_TITLE_CHARS`` where space is short."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Partnership.Kind.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.Code.choices]
    )
    gcm = record_field(_("GCM objective"), required=False)
    GCM_TITLE_CHARS: int | None = None

    def __init__(
        self, *args: Any, countries: Iterable[Country] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offered = Country.objects.all() if countries is None else countries
        set_choices(self, "country", [("", _("Any country")), *((c.code, c.name) for c in offered)])
        width = self.GCM_TITLE_CHARS
        set_choices(
            self,
            "gcm",
            [
                ("", _("Any objective")),
                *(
                    (
                        g.number,
                        f"{g.number}. {Truncator(g.title).chars(width) if width else g.title}",
                    )
                    for g in GcmObjective.objects.all()
                ),
            ],
        )


class PartnershipFilterForm(ListFilters):
    """The list's filters, read from the query string; an invalid value is ignored and named."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PartnershipStatus.choices],
    )
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
    NO_AUTOCOMPLETE = ("q", "corridor", "occupation")

    GCM_TITLE_CHARS = 70
    field_order = ["q", "status", "kind", "country", "corridor", "occupation", "sector", "gcm"]

    def clean_corridor(self) -> str:
        value: str = self.cleaned_data.get("corridor", "").strip()
        if not value:
            return ""
        match = CORRIDOR.match(value)
        if match is None:
            raise forms.ValidationError(_("Write a corridor as origin-destination, e.g. MA-BE."))
        return f"{match.group(1).upper()}-{match.group(2).upper()}"

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in self.ADVANCED)
