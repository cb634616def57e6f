"""Forms of the employer and candidate pages. They check shape and build the services' inputs;
the rules (who may post for which organisation, the fee policy, the pipeline's moves) stay in
``employers.services``.

The vacancy's occupation and skills are chosen with the same picker as a training programme's
(``training.forms.picker``): live with htmx, or with a Search button without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import (
    FilterForm,
    PickerForm,
    VersionedForm,
    date_widget,
    found_record_field,
    input_from,
    money_field,
    organisation_choice_for,
    radio_field,
    record_field,
    records_field,
    search_field,
    set_choices,
)
from employers.models import Vacancy
from employers.permissions import employer_organisations_of
from employers.presenters import RECOGNITION_LABELS
from employers.services import PlacementInput, VacancyInput
from migrants.forms import (
    cefr_choices,
    country_choices,
    currency_choices,
    isced_level_choices,
    language_choices,
)
from migrants.models import ProfileSkill
from migrants.selectors import RECOGNITION_ORDER
from partnerships.forms import member_partnership_choices
from taxonomy.models import Sector
from training.forms import Picker, picker

Choices = list[tuple[Any, Any]]
LANGUAGE_ROWS = 3


def sector_choices(empty: Any) -> Choices:
    return [("", empty), *((s.code, str(s)) for s in Sector.objects.all())]


# --- Pickers ----------------------------------------------------------------------------------
# Field name -> the kind of concept ``training.forms.picker`` looks up.
PICKER_KINDS: dict[str, str] = {
    "occupation": "occupations",
    "essential_skills": "skills",
    "optional_skills": "skills",
}


def vacancy_picker(name: str, chosen_ids: Iterable[Any], query: str) -> Picker:
    """The chosen and matching concepts of one of the vacancy form's pickers."""
    return replace(picker(PICKER_KINDS[name], chosen_ids, query), name=name)


# --- Vacancies --------------------------------------------------------------------------------
class VacancyFilterForm(FilterForm):
    """The vacancy list's filters (``FilterForm``)."""

    FOLDED = ("status", "country", "sector")
    NO_AUTOCOMPLETE = ("q",)

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Vacancy.Status.choices],
    )
    country = forms.ChoiceField(label=_("Country of work"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "country", country_choices(_("Any country")))
        set_choices(self, "sector", sector_choices(_("Any sector")))


class VacancyForm(VersionedForm, PickerForm):
    """Everything in ``VacancyInput``. The employer is chosen only when creating, among the
    employer organisations the person works for; the partnership among those it belongs to.
    Editing, it carries the vacancy's version (``VersionedForm``)."""

    employer = record_field(_("Employer"))
    partnership = record_field(
        _("Partnership"),
        required=False,
        help_text=_(
            "Recruiting through a partnership also reaches the candidates who consented to that "
            "partnership's pool, and counts your hires towards its targets."
        ),
    )
    title = forms.CharField(label=_("Job title"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    occupation = found_record_field(
        _("Occupation"), required_message=_("Search for the occupation, then choose it.")
    )
    essential_skills = records_field(
        _("Essential skills"),
        help_text=_(
            "A candidate missing one of these is shown the gap, and training that fills it."
        ),
    )
    optional_skills = records_field(_("Optional skills"))
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    min_isced_level = record_field(_("Minimum education level (ISCED 2011)"), required=False)
    destination_country = forms.ChoiceField(label=_("Country of work"))
    destination_city = forms.CharField(label=_("City"), required=False, max_length=120)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=10000, initial=1)
    wage_amount = money_field(_("Gross wage"))
    wage_currency = forms.ChoiceField(label=_("Currency"))
    wage_period = forms.ChoiceField(
        label=_("Wage period"),
        choices=Vacancy.WagePeriod.choices,
        initial=Vacancy.WagePeriod.MONTH,
    )
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=60)
    contract_months = forms.IntegerField(
        label=_("Contract length in months"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("Leave empty for an open-ended contract."),
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=date_widget())
    fee_policy = radio_field(
        _("Recruitment fees and costs"),
        Vacancy.FeePolicy,
        initial=Vacancy.FeePolicy.EMPLOYER_PAYS,
        help_text=_(
            "Under fair recruitment (ILO General principles) workers pay no recruitment fees or "
            "related costs: the employer pays them. A vacancy that makes the worker pay can be "
            "saved as a draft, but it cannot be published."
        ),
    )

    PICKERS = tuple(PICKER_KINDS)

    def __init__(
        self,
        data: Any = None,
        *,
        user: User,
        vacancy: Vacancy | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, edits=vacancy, **kwargs)
        self.vacancy = vacancy
        employer_ids = organisation_choice_for(
            self,
            "employer",
            employer_organisations_of(user),
            fixed=vacancy.employer_id if vacancy else None,
        )
        set_choices(
            self,
            "partnership",
            member_partnership_choices(employer_ids, _("Not through a partnership")),
        )
        set_choices(self, "sector", sector_choices(_("Not said")))
        set_choices(self, "min_isced_level", isced_level_choices())
        set_choices(self, "destination_country", country_choices())
        set_choices(self, "wage_currency", currency_choices())
        languages, levels = language_choices(), cefr_choices()
        for i in range(LANGUAGE_ROWS):
            self.fields[f"language_{i}"] = forms.ChoiceField(
                label=_("Language"), required=False, choices=languages
            )
            self.fields[f"level_{i}"] = forms.ChoiceField(
                label=_("Minimum level (CEFR)"), required=False, choices=levels
            )

    def make_picker(self, name: str, chosen: list[Any], query: str) -> Picker:
        return vacancy_picker(name, chosen, query)

    @property
    def language_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"language_{i}"], self[f"level_{i}"]) for i in range(LANGUAGE_ROWS)]

    @classmethod
    def initial_for(cls, vacancy: Vacancy) -> dict[str, Any]:
        """The form's values for an existing vacancy (skills and languages prefetched)."""
        initial: dict[str, Any] = {
            name: getattr(vacancy, name)
            for name in (
                "title",
                "description",
                "destination_city",
                "positions",
                "wage_amount",
                "wage_period",
                "hours_per_week",
                "contract_months",
                "starts_on",
                "fee_policy",
            )
        }
        initial |= {
            "partnership": vacancy.partnership_id,
            "occupation": [vacancy.occupation_id],
            "sector": vacancy.sector_id or "",
            "essential_skills": [s.pk for s in vacancy.essential_skills.all()],
            "optional_skills": [s.pk for s in vacancy.optional_skills.all()],
            "min_isced_level": vacancy.min_isced_level_id,
            "destination_country": vacancy.destination_country_id,
            "wage_currency": vacancy.wage_currency_id,
        }
        for i, row in enumerate(list(vacancy.languages.all())[:LANGUAGE_ROWS]):
            initial[f"language_{i}"] = row.language_id
            initial[f"level_{i}"] = row.min_level_id
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(LANGUAGE_ROWS):
            language, level = data.get(f"language_{i}"), data.get(f"level_{i}")
            if language and not level:
                self.add_error(f"level_{i}", _("Choose the minimum level for this language."))
            if level and not language:
                self.add_error(f"language_{i}", _("Choose the language for this level."))
        return data

    def to_input(self) -> VacancyInput:
        data = self.cleaned_data
        languages = {
            data[f"language_{i}"]: data[f"level_{i}"]
            for i in range(LANGUAGE_ROWS)
            if data.get(f"language_{i}") and data.get(f"level_{i}")
        }
        # A vacancy keeps its employer and the employer an agency recruits for.
        kept = {"on_behalf_of": self.vacancy.on_behalf_of_id} if self.vacancy else {}
        return VacancyInput.from_values({**data, "languages": languages, **kept})


# --- The candidate pool -----------------------------------------------------------------------
class PoolFilterForm(FilterForm):
    """The pool's filters, read from the query string; invalid values are ignored. The names are
    those ``employers.selectors.pool_search`` and saved searches use."""

    q = search_field(_("Skill or occupation words"))
    occupation = forms.RegexField(
        label=_("ISCO-08 code"),
        required=False,
        regex=r"^\d{1,4}$",
        max_length=4,
        help_text=_("A major group (2), sub-major (25), minor (251) or unit group (2512)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )
    skills = records_field(_("Has these skills"))
    evidence = forms.ChoiceField(
        label=_("Minimum evidence of the skills"),
        required=False,
        choices=[("", _("Any, even self-declared")), *ProfileSkill.Evidence.choices],
        help_text=_("For the skills ticked below."),
    )
    language = forms.ChoiceField(label=_("Speaks"), required=False)
    language_level = forms.ChoiceField(label=_("At least (CEFR)"), required=False)
    isced = record_field(_("Minimum education level"), required=False)
    residence = forms.ChoiceField(label=_("Lives in"), required=False)
    recognition = forms.ChoiceField(label=_("Recognition of qualifications"), required=False)
    available_by = forms.DateField(label=_("Available by"), required=False, widget=date_widget())

    # Folded under "Filter", in this order; the skills' checkboxes go below them.
    FOLDED = (
        "occupation",
        "evidence",
        "language",
        "language_level",
        "isced",
        "residence",
        "recognition",
        "available_by",
    )

    def __init__(self, *args: Any, skills: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "skills", list(skills))
        set_choices(self, "language", [("", _("Any language")), *language_choices()[1:]])
        set_choices(self, "language_level", [("", _("Any level")), *cefr_choices()[1:]])
        set_choices(self, "isced", [("", _("Any level")), *isced_level_choices()[1:]])
        set_choices(self, "residence", country_choices(_("Any country")))
        set_choices(
            self,
            "recognition",
            [("", _("Any")), *((s, RECOGNITION_LABELS[s]) for s in RECOGNITION_ORDER)],
        )

    def params(self) -> dict[str, Any]:
        """The valid filters, as ``pool_search`` and saved searches take them."""
        self.is_valid()
        params: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if value in ("", None, []):
                continue
            if name == "available_by":
                value = value.isoformat()
            params[name] = value
        return params

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in (*self.FOLDED, "skills"))


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "saved")
        super().__init__(*args, **kwargs)


# --- The pipeline -----------------------------------------------------------------------------
class PlacementForm(forms.Form):
    starts_on = forms.DateField(label=_("First day of work"), widget=date_widget())
    wage_amount = money_field(_("Gross wage"))
    wage_currency = forms.ChoiceField(label=_("Currency"))
    wage_period = forms.ChoiceField(label=_("Wage period"), choices=Vacancy.WagePeriod.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "hire")
        super().__init__(*args, **kwargs)
        set_choices(self, "wage_currency", currency_choices())

    @staticmethod
    def initial_for(vacancy: Vacancy) -> dict[str, Any]:
        return {
            "starts_on": vacancy.starts_on,
            "wage_amount": vacancy.wage_amount,
            "wage_currency": vacancy.wage_currency_id,
            "wage_period": vacancy.wage_period,
        }

    def to_input(self) -> PlacementInput:
        return input_from(PlacementInput, self.cleaned_data)
