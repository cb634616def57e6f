"""The cohort form and the cohort board's filter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    FilterForm,
    IntegerField,
    VersionedForm,
    date_widget,
    input_from,
    record_field,
    set_choices,
)
from migrants.forms import country_choices
from training.models import Cohort, CohortStatus, Programme
from training.services import CohortInput


# --- Cohorts ----------------------------------------------------------------------------------
class CohortForm(VersionedForm):
    """A cohort's code, dates, capacity and place; editing, its version (``edits=``)."""

    code = forms.CharField(
        label=_("Cohort code"),
        max_length=40,
        help_text=_("Unique within the programme, e.g. WEB-2027-01."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=date_widget())
    ends_on = forms.DateField(label=_("Ends on"), widget=date_widget())
    capacity = IntegerField(
        column=(Cohort, "capacity"),
        label=_("Capacity"),
        min_value=1,
        help_text=_("Places for selected, enrolled and finished participants."),
    )
    location_city = forms.CharField(label=_("City"), required=False, max_length=120)
    location_country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Leave empty for the programme's country."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "location_country", country_choices(_("The programme's country")))

    def to_input(self) -> CohortInput:
        return input_from(CohortInput, self.cleaned_data)


class CohortBoardFilterForm(FilterForm):
    programme = record_field(_("Programme"), required=False)

    def __init__(self, *args: Any, programmes: Iterable[Programme] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "programme", [("", _("All programmes")), *((p.pk, p.title) for p in programmes)]
        )


COHORT_STATUS_ORDER = [
    CohortStatus.PLANNED,
    CohortStatus.RECRUITING,
    CohortStatus.IN_TRAINING,
    CohortStatus.COMPLETED,
    CohortStatus.CANCELLED,
]
