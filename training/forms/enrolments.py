"""A cohort's participants (filters, bulk moves, adding a person) and one enrolment's forms
(reason, track, progress, outcome)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    FilterForm,
    found_record_field,
    input_from,
    radio_field,
    record_field,
    search_field,
    set_choices,
)
from core.transitions import Move
from migrants.forms import country_choices, occupation_choices
from migrants.models import MigrantProfile
from training.forms.pickers import _ids
from training.models import Enrolment, EnrolmentStatus, OutcomeFollowUp, Programme, Track
from training.services import ENROLMENT_LIFECYCLE, OutcomeInput


# --- Enrolments -------------------------------------------------------------------------------
class EnrolmentFilterForm(FilterForm):
    q = search_field(_("Name or reference"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *EnrolmentStatus.choices],
    )
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("Either track")), *Track.choices]
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("Any")), *MigrantProfile.Sex.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("status", _("Status")), ("newest", _("Newest first"))],
    )

    PERSONAL = ("q", "sex")

    def __init__(self, *args: Any, names: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        if not names:
            # Someone who sees pseudonyms only (a partnership's officer) must not learn names or
            # sex by searching, filtering or sorting on them.
            for name in self.PERSONAL:
                del self.fields[name]
            set_choices(self, "sort", [("status", _("Status")), ("newest", _("Newest first"))])

    def params(self) -> dict[str, Any]:
        params = super().params()
        if not self.names:
            params.setdefault("sort", "status")
        return params

    @property
    def filtered(self) -> bool:
        return any(
            self.data.get(name) for name in ("q", "status", "track", "sex") if name in self.fields
        )


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=255,
        help_text=_("Needed for “not selected” and “dropped out”; recorded for each person."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "bulk")
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "action",
            [("", _("Choose…")), *((m.name, m.label) for m in ENROLMENT_LIFECYCLE.moves)],
        )

    @property
    def move(self) -> Move[Enrolment]:
        """The chosen move (once the form is valid)."""
        move = ENROLMENT_LIFECYCLE.get(self.cleaned_data["action"])
        assert move is not None
        return move


class EnrolmentAddForm(forms.Form):
    """Add a person the organisation already counsels; the service checks the consent."""

    profile = found_record_field(
        _("Person"), required_message=_("Search for the person above, then choose them.")
    )
    track = forms.ChoiceField(
        label=_("Track"),
        required=False,
        help_text=_("Leave empty to use the person's stated interest."),
    )
    status = radio_field(
        _("Add as"),
        [
            (EnrolmentStatus.APPLIED, EnrolmentStatus.APPLIED.label),
            (EnrolmentStatus.SELECTED, EnrolmentStatus.SELECTED.label),
            (EnrolmentStatus.ENROLLED, EnrolmentStatus.ENROLLED.label),
        ],
        initial=EnrolmentStatus.APPLIED,
    )
    participant_ref = forms.CharField(
        label=_("Your reference for the person"), required=False, max_length=64
    )

    def __init__(
        self,
        *args: Any,
        candidates: Iterable[MigrantProfile] = (),
        programme: Programme,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        set_choices(self, "profile", [(p.pk, _candidate_label(p)) for p in candidates])
        tracks = [(t.value, t.label) for t in Track if programme.offers(t.value)]
        if len(tracks) == 1:
            del self.fields["track"]
        else:
            set_choices(self, "track", [("", _("The person's interest")), *tracks])


def _candidate_label(profile: MigrantProfile) -> str:
    born = profile.date_of_birth.isoformat() if profile.date_of_birth else ""
    parts = [str(profile), profile.pseudonym, born]
    return " · ".join(p for p in parts if p)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrackChangeForm(forms.Form):
    track = radio_field(_("New track"), Track)
    reason = forms.CharField(label=_("Why the track changes"), max_length=255)

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "track")
        super().__init__(*args, **kwargs)
        programme = enrolment.cohort.programme
        set_choices(
            self,
            "track",
            [
                (t.value, t.label)
                for t in Track
                if t.value != enrolment.track and programme.offers(t.value)
            ],
        )


class ProgressForm(forms.Form):
    attendance_percent = forms.IntegerField(
        label=_("Attendance (%)"), required=False, min_value=0, max_value=100
    )
    assessment = forms.ChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[("", _("Not assessed yet")), *Enrolment.Assessment.choices],
    )
    assessment_score = forms.DecimalField(
        label=_("Score (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "progress")
        super().__init__(*args, **kwargs)


class OutcomeForm(forms.Form):
    months = record_field(
        _("Follow-up"),
        choices=OutcomeFollowUp.Point.choices,
        widget=forms.RadioSelect,
        help_text=_("Recording a follow-up again corrects it."),
    )
    status = forms.ChoiceField(
        label=_("Situation"), choices=[("", _("Choose…")), *OutcomeFollowUp.Status.choices]
    )
    country = forms.ChoiceField(
        label=_("Country of work"),
        required=False,
        help_text=_("Needed for work in the destination or a third country."),
    )
    occupation = record_field(_("Occupation"), required=False)
    wage_band = forms.ChoiceField(
        label=_("Wage"),
        required=False,
        choices=[("", _("Not recorded")), *OutcomeFollowUp.WageBand.choices],
        help_text=_("Relative to the minimum wage of the country of work."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "outcome")
        super().__init__(*args, **kwargs)
        set_choices(self, "country", country_choices(_("Not recorded")))
        chosen = self.data.get(self.add_prefix("occupation")) if self.is_bound else None
        set_choices(self, "occupation", occupation_choices(_ids([chosen] if chosen else [])))

    def to_input(self) -> OutcomeInput:
        data = self.cleaned_data
        return input_from(
            OutcomeInput,
            data,
            country=data["country"] or None,
            occupation_id=data["occupation"],
        )
