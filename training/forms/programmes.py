"""The programme list's filters, the programme form and its funding lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import (
    FilterForm,
    PickerForm,
    VersionedForm,
    input_from,
    money_field,
    organisation_choice_for,
    radio_field,
    record_field,
    records_field,
    set_choices,
)
from migrants.forms import (
    country_choices,
    currency_choices,
    isced_level_choices,
    language_choices,
)
from partnerships.forms import member_partnership_choices
from partnerships.models import Partnership
from taxonomy.models import Sector
from training.forms.pickers import Picker, picker
from training.models import Programme
from training.permissions import provider_organisations_of
from training.services import ProgrammeInput


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeFilterForm(FilterForm):
    """The programme list's filters (``FilterForm``)."""

    FOLDED = ("status", "kind", "sector", "partnership")
    NO_AUTOCOMPLETE = ("q",)

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
    partnership = record_field(_("Partnership"), required=False)

    def __init__(self, *args: Any, partnerships: Iterable[Partnership] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "partnership",
            [("", _("Any partnership")), *((p.pk, str(p)) for p in partnerships)],
        )


class ProgrammeForm(VersionedForm, PickerForm):
    """Everything in ``ProgrammeInput``. The provider is chosen only when creating, and only
    among the training organisations the person works for. Editing, it carries the programme's
    version (``VersionedForm``)."""

    provider = record_field(_("Training provider"))
    partnership = record_field(
        _("Partnership"),
        required=False,
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
    delivery_mode = radio_field(
        _("Delivery"), Programme.DeliveryMode, initial=Programme.DeliveryMode.IN_PERSON
    )
    tracks = radio_field(
        _("Tracks offered"),
        Programme.Tracks,
        initial=Programme.Tracks.BOTH,
        help_text=_(
            "Home track: trainees stay and work in their country of origin. Away track: they "
            "migrate. A Global Skill Partnership trains for both."
        ),
    )
    occupations = records_field(_("Occupations trained for"))
    skills = records_field(
        _("Skills taught"),
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
    certification_isced_level = record_field(
        _("ISCED 2011 level of the certification"), required=False
    )
    awarding_body = forms.CharField(label=_("Awarding body"), required=False, max_length=255)
    cost_per_trainee = money_field(_("Cost per trainee"), required=False)
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
        super().__init__(data, edits=programme, **kwargs)
        self.programme = programme
        provider_ids = organisation_choice_for(
            self,
            "provider",
            provider_organisations_of(user),
            fixed=programme.provider_id if programme else None,
        )
        set_choices(
            self,
            "partnership",
            member_partnership_choices(provider_ids, _("Not linked to a partnership")),
        )
        set_choices(self, "location_country", country_choices())
        set_choices(self, "language", language_choices())
        set_choices(self, "certification_isced_level", isced_level_choices())
        set_choices(self, "currency", currency_choices())

    def make_picker(self, name: str, chosen: list[Any], query: str) -> Picker:
        return picker(name, chosen, query)

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

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        provider_id = self.programme.provider_id if self.programme is not None else data["provider"]
        return input_from(
            ProgrammeInput,
            data,
            provider_id=provider_id,
            partnership_id=data["partnership"],
            sector=data["sector"] or None,
            occupation_ids=list(data["occupations"]),
            skill_ids=list(data["skills"]),
            currency=data["currency"] or None,
        )


class FundingLineForm(forms.Form):
    payer = record_field(
        _("Who pays"),
        help_text=_("A member of the partnership. Setting a payer again replaces its amount."),
    )
    amount_per_trainee = money_field(_("Amount per trainee"), min_value=None)

    def __init__(self, *args: Any, payers: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "funding")
        super().__init__(*args, **kwargs)
        set_choices(self, "payer", [("", _("Choose…")), *payers])
