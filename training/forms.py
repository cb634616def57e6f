"""Forms of the training pages. They check shape and build the services' inputs; the rules (who
may link a programme to a partnership, seats, transitions, certification) stay in
``training.services``.

Skills and occupations of a programme are chosen with a picker: the chosen ones as ticked boxes,
then the concepts matching what the provider types (live with htmx, or with the Search button
without JavaScript, which re-shows the form with nothing typed lost).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.bounds import record_ids
from core.forms import IntegerField, date_widget, getlist, set_choices, set_organisation_choice
from core.transitions import Move
from migrants.forms import (
    country_choices,
    isced_level_choices,
    language_choices,
    occupation_choices,
)
from migrants.models import MigrantProfile
from partnerships.models import Partnership
from taxonomy.models import ConceptStatus, Currency, Occupation, Skill
from taxonomy.selectors import occupation_list, skill_list
from training.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    OutcomeFollowUp,
    Programme,
    Track,
)
from training.permissions import provider_organisations_of
from training.services import (
    ENROLMENT_LIFECYCLE,
    CohortInput,
    OutcomeInput,
    ProgrammeInput,
)

Choices = list[tuple[Any, Any]]
MAX_PICKER_RESULTS = 15


def _ids(values: Iterable[Any]) -> list[int]:
    return record_ids(values)


# --- Pickers ----------------------------------------------------------------------------------
@dataclass
class Picker:
    """The chosen concepts of one picker field, and those matching the typed query."""

    name: str
    query: str = ""
    chosen: list[tuple[int, str]] = field(default_factory=list)
    results: list[tuple[int, str]] = field(default_factory=list)
    result_count: int = 0

    @property
    def choices(self) -> Choices:
        return [*self.chosen, *self.results]


def picker(name: str, chosen_ids: Iterable[Any], query: str) -> Picker:
    """Skills (ESCO) or occupations (ISCO-08 unit groups and ESCO occupations) for a picker."""
    ids = _ids(chosen_ids)
    query = query.strip()[:100]
    if name == "skills":
        chosen_qs: Any = Skill.objects.filter(pk__in=ids)
        search: Any = skill_list(search=query) if query else Skill.objects.none()
        label = "preferred_label"
    else:
        chosen_qs = Occupation.objects.filter(pk__in=ids)
        search = (
            occupation_list(search=query).filter(level__gte=Occupation.Level.UNIT)
            if query
            else Occupation.objects.none()
        )
        label = "title"
    found = {o.pk: o for o in chosen_qs}
    result = Picker(
        name=name,
        query=query,
        chosen=[(pk, _label(found[pk], label)) for pk in ids if pk in found],
    )
    if query:
        matches = search.filter(status=ConceptStatus.ACTIVE).exclude(pk__in=ids)
        result.results = [(o.pk, _label(o, label)) for o in matches[:MAX_PICKER_RESULTS]]
        result.result_count = matches.count()
    return result


def _label(obj: Any, attribute: str) -> str:
    code = getattr(obj, "code", "")
    text = str(getattr(obj, attribute))
    return f"{code} {text}" if code else text


# --- Programmes -------------------------------------------------------------------------------
class ProgrammeFilterForm(forms.Form):
    """The programme list's filters, read from the query string; invalid values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Programme.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Programme.Kind.choices]
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

    def params(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in ("status", "kind", "partnership"))


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


# --- Cohorts ----------------------------------------------------------------------------------
class CohortForm(forms.Form):
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
        data = self.cleaned_data
        return CohortInput(
            code=data["code"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            capacity=data["capacity"],
            location_country=data["location_country"],
            location_city=data["location_city"],
        )


class CohortBoardFilterForm(forms.Form):
    programme = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, programmes: Iterable[Programme] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "programme", [("", _("All programmes")), *((p.pk, p.title) for p in programmes)]
        )

    def params(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


# --- Enrolments -------------------------------------------------------------------------------
class EnrolmentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or reference"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
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
        self.is_valid()
        params = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
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

    profile = forms.TypedChoiceField(
        label=_("Person"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Search for the person above, then choose them.")},
    )
    track = forms.ChoiceField(
        label=_("Track"),
        required=False,
        help_text=_("Leave empty to use the person's stated interest."),
    )
    status = forms.ChoiceField(
        label=_("Add as"),
        choices=[
            (EnrolmentStatus.APPLIED, EnrolmentStatus.APPLIED.label),
            (EnrolmentStatus.SELECTED, EnrolmentStatus.SELECTED.label),
            (EnrolmentStatus.ENROLLED, EnrolmentStatus.ENROLLED.label),
        ],
        initial=EnrolmentStatus.APPLIED,
        widget=forms.RadioSelect,
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
    track = forms.ChoiceField(label=_("New track"), choices=Track.choices, widget=forms.RadioSelect)
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
    months = forms.TypedChoiceField(
        label=_("Follow-up"),
        coerce=int,
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
    occupation = forms.TypedChoiceField(
        label=_("Occupation"), required=False, coerce=int, empty_value=None
    )
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
        return OutcomeInput(
            months=data["months"],
            status=data["status"],
            country=data["country"] or None,
            occupation_id=data["occupation"],
            wage_band=data["wage_band"],
        )


# --- Participant import -----------------------------------------------------------------------
class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participant file"),
        help_text=_(
            "CSV (UTF-8) or Excel (XLSX), one participant per row, with the template's columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


COHORT_STATUS_ORDER = [
    CohortStatus.PLANNED,
    CohortStatus.RECRUITING,
    CohortStatus.IN_TRAINING,
    CohortStatus.COMPLETED,
    CohortStatus.CANCELLED,
]
