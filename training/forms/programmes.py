"""The programme list's filters, the programme form and its funding lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import FilterForm, getlist, set_choices, set_organisation_choice
from migrants.forms import country_choices, isced_level_choices, language_choices
from partnerships.models import Partnership
from taxonomy.models import Currency, Sector
from training.forms.pickers import Choices, Picker, picker
from training.models import Programme
from training.permissions import provider_organisations_of
from training.services import ProgrammeInput


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeFilterForm(FilterForm):
    """The programme list's filters (``FilterForm``)."""

    FOLDED = ("status", "kind", "sector", "partnership")

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Programme.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Programme.Kind.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.Code.choices]
    )
    partnership = forms.TypedChoiceField(
        label=_("Partnership"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, partnerships: Iterable[Partnership] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "partnership",
            [("", _("Any partnership")), *((p.pk, str(p)) for p in partnerships)],
        )
        self.fields["q"].widget.attrs.setdefault("autocomplete", "off")


class ProgrammeForm(forms.Form):
    """Everything in ``ProgrammeInput``. The provider is chosen only when creating, and only
    among the training organisations the person works for."""

    provider = forms.TypedChoiceField(label=_("Training provider"), coerce=int)
    partnership = forms.TypedChoiceField(
        label=_("Partnership"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Linking the programme lets the partnership's officers follow it, and its funding "
            "lines go to the partnership's cost-sharing ledger."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("Kind of programme"), choices=[("", _("Choose…")), *Programme.Kind.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("Not said")), *Sector.Code.choices],
        help_text=_("The economic sector it trains for, as partnerships and vacancies name it."),
    )
    delivery_mode = forms.ChoiceField(
        label=_("Delivery"),
        choices=Programme.DeliveryMode.choices,
        initial=Programme.DeliveryMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    tracks = forms.ChoiceField(
        label=_("Tracks offered"),
        choices=Programme.Tracks.choices,
        initial=Programme.Tracks.BOTH,
        widget=forms.RadioSelect,
        help_text=_(
            "Home track: trainees stay and work in their country of origin. Away track: they "
            "migrate. A Global Skill Partnership trains for both."
        ),
    )
    occupations = forms.TypedMultipleChoiceField(
        label=_("Occupations trained for"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.TypedMultipleChoiceField(
        label=_("Skills taught"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Certifying a participant marks these skills as certified on their profile."),
    )
    location_country = forms.ChoiceField(label=_("Country where the training takes place"))
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=10000)
    language = forms.ChoiceField(label=_("Language of instruction"))
    certification_title = forms.CharField(
        label=_("Certification awarded"),
        required=False,
        max_length=255,
        help_text=_("Leave empty when the programme awards no certificate."),
    )
    certification_isced_level = forms.TypedChoiceField(
        label=_("ISCED 2011 level of the certification"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    awarding_body = forms.CharField(label=_("Awarding body"), required=False, max_length=255)
    cost_per_trainee = forms.DecimalField(
        label=_("Cost per trainee"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(label=_("Currency"), required=False)

    PICKERS = ("occupations", "skills")

    def __init__(
        self,
        data: Any = None,
        *,
        user: User,
        programme: Programme | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.programme = programme
        providers = provider_organisations_of(user)
        if programme is not None:
            del self.fields["provider"]
            provider_ids = [programme.provider_id]
        else:
            set_organisation_choice(self, "provider", providers)
            provider_ids = [o.pk for o in providers]
        set_choices(self, "partnership", self._partnership_choices(provider_ids))
        set_choices(self, "location_country", country_choices())
        set_choices(self, "language", language_choices())
        set_choices(self, "certification_isced_level", isced_level_choices())
        set_choices(
            self,
            "currency",
            [("", _("Choose…")), *((c.code, str(c)) for c in Currency.objects.all())],
        )
        self.pickers: dict[str, Picker] = {}
        for name in self.PICKERS:
            chosen = getlist(self.data, name) if self.is_bound else self.initial.get(name, [])
            query = self.data.get(f"{name}_q", "") if self.is_bound else ""
            self.pickers[name] = picker(name, chosen, query)
            set_choices(self, name, self.pickers[name].choices)

    @staticmethod
    def _partnership_choices(provider_ids: list[int]) -> Choices:
        partnerships = (
            Partnership.objects.filter(members__organisation_id__in=provider_ids)
            .distinct()
            .order_by("reference_code")
        )
        return [("", _("Not linked to a partnership")), *((p.pk, str(p)) for p in partnerships)]

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        """The form's values for an existing programme (occupations and skills prefetched)."""
        return {
            **{
                name: getattr(programme, name)
                for name in (
                    "title",
                    "summary",
                    "kind",
                    "delivery_mode",
                    "tracks",
                    "hours",
                    "certification_title",
                    "awarding_body",
                    "cost_per_trainee",
                )
            },
            "partnership": programme.partnership_id,
            "sector": programme.sector_id or "",
            "location_country": programme.location_country_id,
            "language": programme.language_id,
            "certification_isced_level": programme.certification_isced_level_id,
            "currency": programme.currency_id or "",
            "occupations": [o.pk for o in programme.occupations.all()],
            "skills": [s.pk for s in programme.skills.all()],
        }

    def show_without_errors(self) -> None:
        """For a Search click: show the form again with the matches, without complaining about
        fields the person has not filled in yet."""
        self._errors = ErrorDict()

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        provider_id = self.programme.provider_id if self.programme is not None else data["provider"]
        return ProgrammeInput(
            provider_id=provider_id,
            partnership_id=data["partnership"],
            title=data["title"],
            summary=data["summary"],
            kind=data["kind"],
            sector=data["sector"] or None,
            delivery_mode=data["delivery_mode"],
            occupation_ids=list(data["occupations"]),
            skill_ids=list(data["skills"]),
            location_country=data["location_country"],
            hours=data["hours"],
            language=data["language"],
            certification_title=data["certification_title"],
            certification_isced_level=data["certification_isced_level"],
            awarding_body=data["awarding_body"],
            tracks=data["tracks"],
            cost_per_trainee=data["cost_per_trainee"],
            currency=data["currency"] or None,
        )


class FundingLineForm(forms.Form):
    payer = forms.TypedChoiceField(
        label=_("Who pays"),
        coerce=int,
        help_text=_("A member of the partnership. Setting a payer again replaces its amount."),
    )
    amount_per_trainee = forms.DecimalField(
        label=_("Amount per trainee"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, payers: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "funding")
        super().__init__(*args, **kwargs)
        set_choices(self, "payer", [("", _("Choose…")), *payers])
