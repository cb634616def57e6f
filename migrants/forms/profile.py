"""The profile's own pages (identity, contact, situation and plans, disability), intake and the
handover claim. They check shape and build ``ProfileInput``; the rules stay in the services."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.bounds import column_length
from core.forms import (
    VersionedForm,
    date_widget,
    input_from,
    radio_field,
    record_field,
    set_choices,
    set_organisation_choice,
)
from migrants.forms.choices import country_choices, language_choices, ltr_widget, occupation_choices
from migrants.models import DisabilityInformation, MigrantProfile
from migrants.services import CURRENT_NOTICE_VERSION, ProfileInput


def profile_input_of(profile: MigrantProfile) -> ProfileInput:
    """The profile's current values, as the input ``profile_update`` takes."""
    return ProfileInput(
        given_names=profile.given_names,
        family_name=profile.family_name,
        date_of_birth=profile.date_of_birth,
        sex=profile.sex,
        nationality=profile.nationality_id,
        country_of_residence=profile.country_of_residence_id,
        phone=profile.phone,
        contact_email=profile.contact_email,
        contact_language=profile.contact_language_id,
        migration_status=profile.migration_status,
        returned_from=profile.returned_from_id,
        preferred_destinations=list(profile.preferred_destinations.values_list("code", flat=True)),
        preferred_occupations=list(profile.preferred_occupations.values_list("pk", flat=True)),
        available_from=profile.available_from,
        track_interest=profile.track_interest,
    )


# --- Profile steps ----------------------------------------------------------------------------
class ProfileStepForm(VersionedForm):
    """One page of the profile's own fields; ``apply`` merges them into the full input. Editing
    a profile, it carries its version (``VersionedForm``)."""

    def __init__(self, *args: Any, profile: MigrantProfile | None = None, **kwargs: Any) -> None:
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(profile_input_of(profile))
        super().__init__(*args, edits=profile, **kwargs)

    @classmethod
    def initial_for(cls, current: ProfileInput) -> dict[str, Any]:
        return {name: getattr(current, name) for name in cls.base_fields if name != "version"}

    def apply(self, current: ProfileInput) -> ProfileInput:
        return replace(current, **{k: v for k, v in self.cleaned_data.items() if k != "version"})


class IdentityForm(ProfileStepForm):
    given_names = forms.CharField(
        label=_("Given names"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=date_widget(autocomplete="bday")
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=MigrantProfile.Sex.choices,
        initial=MigrantProfile.Sex.UNDISCLOSED,
        widget=forms.RadioSelect,
    )
    nationality = forms.ChoiceField(label=_("Nationality"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "nationality", country_choices())
        self.fields["nationality"].help_text = _("The country of your passport or identity card.")


class ContactForm(ProfileStepForm):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
        help_text=_("With the country code, for example +212612345678."),
    )
    contact_email = forms.EmailField(
        label=_("E-mail address for contact"),
        required=False,
        max_length=column_length(MigrantProfile, "contact_email"),
        widget=forms.EmailInput({"autocomplete": "email"}),
        help_text=_("Can be different from the address you sign in with."),
    )
    contact_language = forms.ChoiceField(
        label=_("Language we should write to you in"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "contact_language", language_choices())


class MigrationForm(ProfileStepForm):
    """Status and wishes. Destinations and occupations are up to three ordered choices each."""

    migration_status = radio_field(_("Where are you now?"), MigrantProfile.MigrationStatus)
    returned_from = forms.ChoiceField(
        label=_("Country you returned from"),
        required=False,
        help_text=_("Only if you have returned to your country of origin."),
    )
    country_of_residence = forms.ChoiceField(label=_("Country where you live now"))
    available_from = forms.DateField(
        label=_("From when could you start a new job or training?"), widget=date_widget()
    )
    track_interest = radio_field(_("Where would you like to work?"), MigrantProfile.TrackInterest)
    ORDINALS = (_("First choice"), _("Second choice"), _("Third choice"))

    def __init__(self, *args: Any, profile: MigrantProfile | None = None, **kwargs: Any) -> None:
        current = profile_input_of(profile) if profile is not None else None
        if current is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(current)
        super().__init__(*args, profile=profile, **kwargs)
        countries = country_choices()
        set_choices(self, "returned_from", country_choices(_("Not applicable")))
        set_choices(self, "country_of_residence", countries)
        destinations = current.preferred_destinations if current else []
        occupations = current.preferred_occupations if current else []
        self.destination_count = max(3, len(destinations))
        self.occupation_count = max(3, len(occupations))
        occupation_options = occupation_choices(occupations)
        for i in range(self.destination_count):
            self.fields[f"destination_{i}"] = forms.ChoiceField(
                label=self._ordinal(i),
                required=False,
                choices=country_choices(_("No preference")),
                initial=destinations[i] if i < len(destinations) else "",
            )
        for i in range(self.occupation_count):
            self.fields[f"occupation_{i}"] = forms.TypedChoiceField(
                label=self._ordinal(i),
                required=False,
                coerce=int,
                empty_value=None,
                choices=occupation_options,
                initial=occupations[i] if i < len(occupations) else "",
            )

    def _ordinal(self, i: int) -> Any:
        return self.ORDINALS[i] if i < len(self.ORDINALS) else _("Another choice")

    @classmethod
    def initial_for(cls, current: ProfileInput) -> dict[str, Any]:
        initial = {
            name: getattr(current, name)
            for name in (
                "migration_status",
                "returned_from",
                "country_of_residence",
                "available_from",
                "track_interest",
            )
        }
        # Most people still live in the country of their nationality: one choice less to make.
        initial["country_of_residence"] = current.country_of_residence or current.nationality
        return initial

    def destination_fields(self) -> list[forms.BoundField]:
        return [self[f"destination_{i}"] for i in range(self.destination_count)]

    def occupation_fields(self) -> list[forms.BoundField]:
        return [self[f"occupation_{i}"] for i in range(self.occupation_count)]

    def apply(self, current: ProfileInput) -> ProfileInput:
        data = self.cleaned_data
        destinations = [data[f"destination_{i}"] for i in range(self.destination_count)]
        occupations = [data[f"occupation_{i}"] for i in range(self.occupation_count)]
        return replace(
            current,
            migration_status=data["migration_status"],
            returned_from=data["returned_from"] or None,
            country_of_residence=data["country_of_residence"],
            available_from=data["available_from"],
            track_interest=data["track_interest"],
            preferred_destinations=list(dict.fromkeys(d for d in destinations if d)),
            preferred_occupations=list(dict.fromkeys(o for o in occupations if o)),
        )


class DisabilityForm(forms.Form):
    def __init__(self, *args: Any, profile: MigrantProfile | None = None, **kwargs: Any) -> None:
        info = DisabilityInformation.objects.filter(profile=profile).first() if profile else None
        if info is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "description": info.description,
                "needs_accommodation": info.needs_accommodation,
                "accommodation_notes": info.accommodation_notes,
            }
        super().__init__(*args, **kwargs)

    description = forms.CharField(
        label=_("What should we know about your disability or health condition?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    needs_accommodation = forms.BooleanField(
        label=_("I need adjustments at training, interviews or work"), required=False
    )
    accommodation_notes = forms.CharField(
        label=_("Which adjustments help you?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: step-free access, a sign language interpreter, extra time."),
    )


# --- Intake, handover -------------------------------------------------------------------------
class IntakeForm(IdentityForm):
    phone = ContactForm.base_fields["phone"]
    organisation = record_field(_("Registered by"), required=False)
    agreed = forms.BooleanField(
        label="",
        error_messages={
            "required": _("Record the person's agreement to the privacy notice before registering.")
        },
    )

    field_order = [
        "organisation",
        "given_names",
        "family_name",
        "date_of_birth",
        "sex",
        "nationality",
        "phone",
        "agreed",
    ]

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed"].label = _(
            "The person agreed in person to the privacy notice %(version)s"
        ) % {"version": CURRENT_NOTICE_VERSION}
        self.fields["agreed"].help_text = _(
            "Read or give them the notice first. Their agreement lets your organisation keep and "
            "update this profile until they withdraw it."
        )
        set_organisation_choice(self, "organisation", organisations)
        self.fields["nationality"].help_text = ""
        self.fields["phone"].help_text = _(
            "With the country code, for example +212612345678. Helps to spot people registered "
            "twice."
        )

    def organisation_id(self) -> int | None:
        """The organisation chosen, or None for the caller's only one
        (``intake_organisation_for``)."""
        chosen: int | None = self.cleaned_data.get("organisation")
        return chosen


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        widget=ltr_widget(autocomplete="one-time-code", autocapitalize="off"),
        help_text=_("The code your counsellor gave you. Letters and numbers, exactly as written."),
    )


def identity_input(form: IdentityForm) -> ProfileInput:
    """A new profile from the start page or intake: identity (and the phone intake asks for),
    the other steps follow."""
    data = form.cleaned_data
    return input_from(ProfileInput, data, phone=data.get("phone") or "")
