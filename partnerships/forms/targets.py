"""A year's targets and the partners' own indicators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import IntegerField
from partnerships.models import AnnualTarget, Partnership


class AnnualTargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    people_to_train = IntegerField(
        column=(AnnualTarget, "people_to_train"), label=_("People to train"), initial=0
    )
    home_track_placements = IntegerField(
        column=(AnnualTarget, "home_track_placements"),
        label=_("Placements on the home track"),
        initial=0,
    )
    away_track_placements = IntegerField(
        column=(AnnualTarget, "away_track_placements"),
        label=_("Placements on the away track"),
        initial=0,
    )
    min_women_share = forms.IntegerField(
        label=_("Minimum share of women (%)"), required=False, min_value=0, max_value=100
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "target")
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        # Ask only for the tracks the partnership has.
        if partnership.tracks == Partnership.Track.HOME:
            del self.fields["away_track_placements"]
        elif partnership.tracks == Partnership.Track.AWAY:
            del self.fields["home_track_placements"]

    def to_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "year": data["year"],
            "people_to_train": data["people_to_train"],
            "home_track_placements": data.get("home_track_placements") or 0,
            "away_track_placements": data.get("away_track_placements") or 0,
            "min_women_share": data["min_women_share"],
        }


class CustomIndicatorForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        help_text=_("Setting an indicator again for the same year and name replaces it."),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    target_value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    actual_value = forms.DecimalField(
        label=_("Actual"), required=False, max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "indicator")
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
