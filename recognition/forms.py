"""Forms of the recognition pages. They check shape and build the services' inputs; the rules
(which authority, which transition, what a partial recognition must name) stay in
``recognition.services``, whose ``DomainValidationError`` the views put back on these forms.

Country and occupation lists are the migrant profile's: native ``<select>`` elements, occupations
as ISCO-08 unit groups under their major group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import date_widget, radio_field, record_field, set_choices
from migrants.forms import country_choices, isced_level_choices, occupation_choices
from migrants.models import MigrantProfile
from recognition.models import CompensationMeasure, Decision, RecognitionRequest
from recognition.services import DecisionInput, MeasureInput, RequestInput, request_input

Choices = list[tuple[Any, Any]]
S = RecognitionRequest.Status


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def authority_choices() -> Choices:
    """Active recognition authorities, grouped by country."""
    groups: dict[str, list[tuple[int, str]]] = {}
    authorities = (
        Organisation.objects.filter(kind=Organisation.Kind.RECOGNITION_AUTHORITY, is_active=True)
        .select_related("country")
        .order_by("country__name", "name")
    )
    for organisation in authorities:
        label = (
            f"{organisation.name} ({organisation.city})" if organisation.city else organisation.name
        )
        groups.setdefault(organisation.country.name, []).append((organisation.pk, label))
    return [("", _("Choose an authority…")), *groups.items()]


# --- Finder -----------------------------------------------------------------------------------
class FinderForm(forms.Form):
    country = forms.ChoiceField(label=_("Destination country"))
    occupation = record_field(
        _("Occupation you want to work in"),
        empty_value=None,
        help_text=_("ISCO-08 occupation groups, under their major group."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "country", country_choices())
        set_choices(self, "occupation", occupation_choices())


# --- Applicant: a new request -----------------------------------------------------------------
class RequestForm(forms.Form):
    qualification = record_field(
        _("Qualification to be recognised"),
        help_text=_("From your profile. Add a qualification there first if it is missing."),
    )
    destination_country = forms.ChoiceField(label=_("Destination country"))
    authority = record_field(_("Recognition authority"))
    purpose = radio_field(_("What do you need the recognition for?"), RecognitionRequest.Purpose)
    target_occupation = record_field(
        _("Occupation"),
        required=False,
        help_text=_("Required to practise a regulated profession."),
    )
    direction = radio_field(
        _("Kind of recognition"),
        RecognitionRequest.Direction,
        initial=RecognitionRequest.Direction.STANDARD,
    )
    counterpart = record_field(
        _("Your request for the same qualification in the other country"),
        required=False,
        help_text=_("Only for dual or reverse recognition."),
    )
    documents_missing = forms.BooleanField(
        label=_("Some of my documents are missing or cannot be obtained"),
        required=False,
        help_text=_(
            "For example when you had to flee. The authority can then assess your qualification "
            "through an interview and other evidence (like the Council of Europe's European "
            "Qualifications Passport for Refugees)."
        ),
    )

    def __init__(self, *args: Any, profile: MigrantProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qualifications = list(profile.qualifications.select_related("country"))
        set_choices(
            self,
            "qualification",
            [
                ("", _("Choose a qualification…")),
                *[
                    (q.pk, f"{q.title} · {q.institution} ({q.country.name})")
                    for q in qualifications
                ],
            ],
        )
        if len(qualifications) == 1:
            self.fields["qualification"].initial = qualifications[0].pk
        set_choices(self, "destination_country", country_choices())
        set_choices(self, "authority", authority_choices())
        set_choices(
            self,
            "target_occupation",
            occupation_choices(
                [self.initial["target_occupation"]] if self.initial.get("target_occupation") else []
            ),
        )
        set_choices(
            self,
            "counterpart",
            [
                ("", _("None")),
                *[
                    (
                        r.pk,
                        f"{r.reference} · {r.qualification.title} · {r.destination_country.name}",
                    )
                    for r in profile.recognition_requests.select_related(
                        "qualification", "destination_country"
                    ).exclude(status=S.WITHDRAWN)
                ],
            ],
        )

    def to_input(self) -> RequestInput:
        return request_input(self.cleaned_data)


# --- Conversation and one-field steps ---------------------------------------------------------
class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=_textarea(4))


class NoteForm(forms.Form):
    """The text a step needs: an answer, an information request, an appeal, a revocation."""

    text = forms.CharField(max_length=5000, widget=_textarea(3))

    def __init__(self, *args: Any, label: Any, help_text: Any = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text


# The steps whose page asks for one text, and the revocation of a decision.
@dataclass(frozen=True)
class TextStep:
    """A step whose page asks for one text; ``field`` is the name its service reads."""

    move: str
    field: str
    title: Promise
    label: Promise
    help_text: Promise
    button: Promise

    def form(self, data: Any = None) -> NoteForm:
        return NoteForm(data, label=self.label, help_text=self.help_text, prefix="step")


TEXT_STEPS: dict[str, TextStep] = {
    step.move: step
    for step in (
        TextStep(
            "resubmit",
            "message",
            _("The authority needs information from you"),
            _("Your answer"),
            _(
                "Say what you send or answer. Add new documents to the qualification on your "
                "profile first: the authority sees them there."
            ),
            _("Send the answer"),
        ),
        TextStep(
            "ask_information",
            "message",
            _("Request information from the applicant"),
            _("What the applicant must send or answer"),
            _("The decision clock stops until the applicant answers."),
            _("Send the request"),
        ),
        TextStep(
            "appeal",
            "reason",
            _("Appeal the decision"),
            _("Why you appeal"),
            _("Say what the decision got wrong; the authority reviews it."),
            _("Appeal"),
        ),
    )
}


REVOKE_LABEL = _("Reason for revoking")
REVOKE_HELP = _("The verification page shows at once that the decision was revoked.")


def revoke_form(decision_pk: int, data: Any = None) -> NoteForm:
    return NoteForm(data, label=REVOKE_LABEL, help_text=REVOKE_HELP, prefix=f"rv{decision_pk}")


# --- Officer: queue and decision --------------------------------------------------------------
class QueueFilterForm(forms.Form):
    DUE_CHOICES = [
        ("", _("Any")),
        ("overdue", _("Overdue")),
        ("soon", _("Due within a week")),
    ]

    status = forms.ChoiceField(label=_("Status"), required=False)
    due = forms.ChoiceField(label=_("Due"), choices=DUE_CHOICES, required=False)
    occupation = forms.RegexField(
        label=_("Occupation (ISCO code or its first digits)"),
        regex=r"^\d{1,4}$",
        required=False,
        max_length=4,
        error_messages={"invalid": _("Enter one to four digits, for example 2221 or 22.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    origin = forms.ChoiceField(
        label=_("Country where the qualification was awarded"), required=False
    )
    mine = forms.BooleanField(label=_("Only requests assigned to me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "status",
            [("", _("Any")), *[(value, label) for value, label in S.choices if value != S.DRAFT]],
        )
        set_choices(self, "origin", country_choices(_("Any")))

    def params(self) -> dict[str, Any]:
        """The valid filters only: a mistyped one is reported and ignored, not fatal."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value}


class AssignForm(forms.Form):
    officer = record_field(_("Assign to"))

    def __init__(self, *args: Any, officers: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "officer", [("", _("Choose an officer…")), *officers])


class DecisionForm(forms.Form):
    outcome = radio_field(_("Outcome"), Decision.Outcome)
    comparable_isced_level = record_field(_("Comparable level (ISCED 2011)"), required=False)
    eqf_level = record_field(
        _("EQF level"),
        required=False,
        choices=[("", _("Not stated")), *[(n, str(n)) for n in range(1, 9)]],
    )
    substantial_differences = forms.CharField(
        label=_("Substantial differences"),
        required=False,
        widget=_textarea(4),
        help_text=_("One per line. Required for a partial recognition."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=_textarea(4),
        help_text=_("Required for a partial recognition or a refusal."),
    )
    appeal_route = forms.CharField(
        label=_("How to appeal"),
        required=False,
        widget=_textarea(2),
        help_text=_("The body the applicant appeals to, and how."),
    )
    appeal_deadline = forms.DateField(
        label=_("Appeal deadline"), required=False, widget=date_widget()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "comparable_isced_level", isced_level_choices())


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Choose…")), *CompensationMeasure.Kind.choices],
    )
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(2))
    duration_months = forms.IntegerField(
        label=_("Duration in months"), required=False, min_value=1, max_value=60
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) for name in self.fields):
            if not data.get("kind"):
                self.add_error("kind", _("Choose the kind of measure."))
            if not str(data.get("description") or "").strip():
                self.add_error("description", _("Describe the measure."))
        return data


MeasureFormSet = forms.formset_factory(MeasureForm, extra=2, max_num=6, absolute_max=6)


def decision_input(form: DecisionForm, measures: Any) -> DecisionInput:
    data = form.cleaned_data
    return DecisionInput(
        outcome=data["outcome"],
        comparable_isced_level=_int_or_none(data["comparable_isced_level"]),
        eqf_level=_int_or_none(data["eqf_level"]),
        substantial_differences=[
            line.strip() for line in data["substantial_differences"].splitlines() if line.strip()
        ],
        measures=[
            MeasureInput(m["kind"], m["description"], m.get("duration_months"))
            for m in (f.cleaned_data for f in measures.forms)
            if m.get("kind")
        ],
        reasons=data["reasons"],
        appeal_route=data["appeal_route"],
        appeal_deadline=data["appeal_deadline"],
    )
