"""Forms of the migrant profile pages. They check shape and build the services' inputs; the rules
(valid phone numbers, dates in the past, who may consent to what) stay in ``migrants.services``.

Long code lists are native ``<select>`` elements: a phone shows them in its own scrolling picker,
and a keyboard can jump by typing the first letters. Occupations are the 436 ISCO-08 unit groups,
grouped under their major group, so the list stays the same size when ESCO is imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.bounds import column_length
from core.forms import date_widget, set_choices
from migrants.models import (
    ConsentGrant,
    DisabilityInformation,
    MigrantProfile,
    ProfileSkill,
    Qualification,
)
from migrants.permissions import consent_recipients_for
from migrants.services import CURRENT_NOTICE_VERSION, ConsentInput, ProfileInput
from taxonomy.models import (
    CefrLevel,
    ConceptStatus,
    Country,
    IscedField,
    IscedLevel,
    Language,
    Occupation,
    Skill,
)
from taxonomy.selectors import skill_list

Choices = list[tuple[Any, Any]]
MAX_SKILL_RESULTS = 15


def _ltr_widget(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"dir": "ltr", "spellcheck": "false", **attrs})


def country_choices(empty: Any = None) -> Choices:
    return [("", empty or _("Choose a country…")), *Country.objects.values_list("code", "name")]


def language_choices() -> Choices:
    return [("", _("Choose a language…")), *Language.objects.values_list("code", "name")]


def occupation_choices(extra_ids: Iterable[int] = ()) -> Choices:
    """ISCO-08 unit groups under their major group, plus any occupation already chosen."""
    majors = dict(
        Occupation.objects.filter(level=Occupation.Level.MAJOR).values_list("code", "title")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    units = Occupation.objects.filter(
        level=Occupation.Level.UNIT, status=ConceptStatus.ACTIVE
    ).values_list("pk", "code", "title", "isco_code")
    for pk, code, title, isco in units:
        groups.setdefault(isco[:1], []).append((pk, f"{code} {title}"))
    unit_ids = {pk for pk, *_rest in units}
    others = [
        (o.pk, str(o))
        for o in Occupation.objects.filter(pk__in=set(extra_ids) - unit_ids).only(
            "pk", "code", "title"
        )
    ]
    choices: Choices = [("", _("Choose an occupation…"))]
    if others:
        choices.append((_("Already chosen"), others))
    for major, options in sorted(groups.items()):
        choices.append((f"{major} {majors.get(major, '')}".strip(), options))
    return choices


def isced_level_choices() -> Choices:
    return [
        ("", _("Choose a level…")),
        *[(level.pk, str(level)) for level in IscedLevel.objects.all()],
    ]


def isced_field_choices() -> Choices:
    """ISCED-F 2013 narrow fields grouped under their broad field."""
    fields = list(IscedField.objects.all())
    broad = {f.code: f for f in fields if f.parent_id is None}
    choices: Choices = [("", _("Not applicable or not sure"))]
    for code, parent in broad.items():
        children = [(f.code, str(f)) for f in fields if f.parent_id == code]
        choices.append((str(parent), [(parent.code, str(parent)), *children]))
    return choices


def cefr_choices() -> Choices:
    return [("", _("Level…")), *[(c.code, str(c)) for c in CefrLevel.objects.all()]]


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
class ProfileStepForm(forms.Form):
    """One page of the profile's own fields; ``apply`` merges them into the full input."""

    def __init__(self, *args: Any, profile: MigrantProfile | None = None, **kwargs: Any) -> None:
        if profile is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(profile_input_of(profile))
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, current: ProfileInput) -> dict[str, Any]:
        return {name: getattr(current, name) for name in cls.base_fields}

    def apply(self, current: ProfileInput) -> ProfileInput:
        return replace(current, **self.cleaned_data)


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

    migration_status = forms.ChoiceField(
        label=_("Where are you now?"),
        choices=MigrantProfile.MigrationStatus.choices,
        widget=forms.RadioSelect,
    )
    returned_from = forms.ChoiceField(
        label=_("Country you returned from"),
        required=False,
        help_text=_("Only if you have returned to your country of origin."),
    )
    country_of_residence = forms.ChoiceField(label=_("Country where you live now"))
    available_from = forms.DateField(
        label=_("From when could you start a new job or training?"), widget=date_widget()
    )
    track_interest = forms.ChoiceField(
        label=_("Where would you like to work?"),
        choices=MigrantProfile.TrackInterest.choices,
        widget=forms.RadioSelect,
    )
    ORDINALS = (_("First choice"), _("Second choice"), _("Third choice"))

    def __init__(self, *args: Any, profile: MigrantProfile | None = None, **kwargs: Any) -> None:
        current = profile_input_of(profile) if profile is not None else None
        if current is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(current)
        super().__init__(*args, **kwargs)
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


# --- Entries ----------------------------------------------------------------------------------
class EducationForm(forms.Form):
    isced_level = forms.TypedChoiceField(label=_("Level of education"), coerce=int)
    field_code = forms.ChoiceField(label=_("Field of study"), required=False)
    institution = forms.CharField(label=_("School, college or university"), max_length=255)
    country = forms.ChoiceField(label=_("Country"))
    start_year = forms.IntegerField(
        label=_("Year started"), required=False, min_value=1920, max_value=2100
    )
    end_year = forms.IntegerField(
        label=_("Year finished"),
        required=False,
        min_value=1920,
        max_value=2100,
        help_text=_("Or the year you expect to finish."),
    )
    completed = forms.BooleanField(label=_("I completed this education"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "isced_level", isced_level_choices())
        self.fields["isced_level"].help_text = _(
            "ISCED 2011, the international scale: 3 is upper secondary school, 4 and 5 are "
            "vocational and short higher courses, 6 is a bachelor's degree."
        )
        set_choices(self, "field_code", isced_field_choices())
        set_choices(self, "country", country_choices())
        if not self.is_bound:
            self.initial.setdefault("completed", True)
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def to_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["field_code"] = data["field_code"] or None
        return data


class SkillForm(forms.Form):
    """The skill comes from the search results on the same page (see ``skill_search``)."""

    skill = forms.TypedChoiceField(
        label=_("Choose a skill"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Search for a skill above, then choose it from the list.")},
    )
    proficiency = forms.ChoiceField(
        label=_("How well do you do it?"),
        choices=ProfileSkill.Proficiency.choices,
        widget=forms.RadioSelect,
    )
    evidence = forms.ChoiceField(
        label=_("How do you know?"),
        choices=[
            (ProfileSkill.Evidence.SELF_DECLARED, _("I say so myself")),
            (ProfileSkill.Evidence.ASSESSED, _("Someone tested or assessed it")),
        ],
        initial=ProfileSkill.Evidence.SELF_DECLARED,
        widget=forms.RadioSelect,
        help_text=_(
            "Skills certified by a training programme or recognised by an authority are added "
            "by them."
        ),
    )

    def __init__(self, *args: Any, results: Iterable[Skill] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s.pk, s.preferred_label) for s in results]
        # The chosen skill may come from results fetched as the person typed (htmx), which the
        # page's own query no longer lists: keep it a valid choice.
        chosen = self.data.get(self.add_prefix("skill")) if self.is_bound else None
        if chosen and str(chosen).isdigit() and int(chosen) not in {pk for pk, _l in choices}:
            skill = Skill.objects.filter(pk=int(chosen), status=ConceptStatus.ACTIVE).first()
            if skill is not None:
                choices.insert(0, (skill.pk, skill.preferred_label))
        set_choices(self, "skill", choices)

    def to_kwargs(self) -> dict[str, Any]:
        return {
            "skill_id": self.cleaned_data["skill"],
            "proficiency": self.cleaned_data["proficiency"],
            "evidence": self.cleaned_data["evidence"],
        }


def skill_form(query: str, data: Any = None) -> tuple[SkillForm, dict[str, Any]]:
    """The add-a-skill form offering the first skills matching ``query``, and the counts."""
    query = query.strip()[:100]
    results: list[Skill] = []
    count = 0
    if query:
        qs = skill_list(search=query)
        results, count = list(qs[:MAX_SKILL_RESULTS]), qs.count()
    info = {"query": query, "result_count": count, "shown": len(results)}
    return SkillForm(data, results=results), info


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    understanding = forms.ChoiceField(label=_("Understanding (listening and reading)"))
    speaking = forms.ChoiceField(label=_("Speaking"))
    writing = forms.ChoiceField(label=_("Writing"))
    certificate_name = forms.CharField(
        label=_("Test or certificate"),
        required=False,
        max_length=120,
        help_text=_("For example: DELF B2, IELTS, Goethe-Zertifikat."),
    )
    certificate_score = forms.CharField(
        label=_("Score or result"), required=False, max_length=40, widget=_ltr_widget()
    )
    certificate_date = forms.DateField(
        label=_("Date of the test"), required=False, widget=date_widget()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "language", language_choices())
        levels = cefr_choices()
        for name in ("understanding", "speaking", "writing"):
            set_choices(self, name, levels)

    def to_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ExperienceForm(forms.Form):
    occupation_id = forms.TypedChoiceField(
        label=_("Occupation"),
        coerce=int,
        help_text=_("The job as the international ISCO-08 classification names it."),
    )
    employer = forms.CharField(label=_("Employer"), required=False, max_length=255)
    country = forms.ChoiceField(label=_("Country"))
    started_on = forms.DateField(label=_("Started on"), widget=date_widget())
    ended_on = forms.DateField(
        label=_("Ended on"),
        required=False,
        widget=date_widget(),
        help_text=_("Leave empty if you still work there."),
    )
    description = forms.CharField(
        label=_("What did you do?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "occupation_id", occupation_choices())
        set_choices(self, "country", country_choices())

    def to_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class QualificationForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the diploma or certificate"),
        max_length=255,
        help_text=_("As written on the document."),
    )
    institution = forms.CharField(label=_("Awarded by"), max_length=255)
    country = forms.ChoiceField(label=_("Country"))
    isced_level = forms.TypedChoiceField(label=_("Level"), coerce=int)
    field_code = forms.ChoiceField(label=_("Field"), required=False)
    awarded_on = forms.DateField(label=_("Date awarded"), required=False, widget=date_widget())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "country", country_choices())
        set_choices(self, "isced_level", isced_level_choices())
        set_choices(self, "field_code", isced_field_choices())

    def to_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["field_code"] = data["field_code"] or None
        return data


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Scan or photo of the document"),
        help_text=_(
            "PDF, JPEG or PNG, at most 10 MB. Hidden data in photos (such as the place where "
            "they were taken) is removed."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )


# --- Consent ----------------------------------------------------------------------------------
class ConsentForm(forms.Form):
    """A grant for one purpose, chosen before this form is shown; fields name its recipient."""

    def __init__(
        self,
        *args: Any,
        purpose: str,
        profile: MigrantProfile,
        user: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        # The owner decides; anyone else records, in person, what the person said.
        self.in_person = profile.user_id != user.pk
        recipient = ConsentGrant.RECIPIENT_FIELD[ConsentGrant.Purpose(purpose)]
        if recipient == "partnership":
            from partnerships.selectors import public_partnership_list

            self.fields["partnership"] = forms.TypedChoiceField(
                label=_("Partnership"),
                coerce=int,
                choices=[
                    ("", _("Choose a partnership…")),
                    *[
                        (p.pk, f"{p.reference_code} {p.title}")
                        for p in public_partnership_list().only("pk", "reference_code", "title")
                    ],
                ],
            )
        elif recipient == "country":
            self.fields["country"] = forms.ChoiceField(
                label=_("Destination country"), choices=country_choices()
            )
        elif recipient == "organisation":
            # The organisations the service accepts for this purpose and this recorder.
            organisations = consent_recipients_for(user, profile, purpose).select_related("country")
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Organisation"),
                coerce=int,
                choices=[
                    ("", _("Choose an organisation…")),
                    *[(o.pk, f"{o.name} ({o.country.name})") for o in organisations],
                ],
            )
        if purpose == ConsentGrant.Purpose.RECOGNITION_SHARE:
            self.fields["qualification"] = forms.TypedChoiceField(
                label=_("Qualification to share"),
                coerce=int,
                choices=[
                    ("", _("Choose a qualification…")),
                    *[
                        (q.pk, q.title)
                        for q in Qualification.objects.filter(profile=profile).only("pk", "title")
                    ],
                ],
            )
        if self.in_person:
            self.fields["agreed"] = forms.BooleanField(
                label=_(
                    "The person agreed to this in person, after reading the privacy notice %(v)s"
                )
                % {"v": CURRENT_NOTICE_VERSION},
                error_messages={"required": _("Tick this box to record the person's agreement.")},
            )

    def to_input(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            purpose=self.purpose,
            partnership_id=data.get("partnership"),
            country=data.get("country"),
            organisation_id=data.get("organisation"),
            qualification_id=data.get("qualification"),
            channel=ConsentGrant.Channel.IN_PERSON if self.in_person else ConsentGrant.Channel.WEB,
        )


# --- Intake, handover -------------------------------------------------------------------------
class IntakeForm(IdentityForm):
    phone = ContactForm.base_fields["phone"]
    organisation = forms.TypedChoiceField(label=_("Registered by"), coerce=int)
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
        if len(organisations) > 1:
            set_choices(
                self, "organisation", [("", _("Choose…")), *[(o.pk, o.name) for o in organisations]]
            )
        else:
            del self.fields["organisation"]
        self.organisations = organisations
        self.fields["nationality"].help_text = ""
        self.fields["phone"].help_text = _(
            "With the country code, for example +212612345678. Helps to spot people registered "
            "twice."
        )

    def organisation_id(self) -> int:
        if "organisation" in self.fields:
            return int(self.cleaned_data["organisation"])
        return self.organisations[0].pk

    def profile_input(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(
            given_names=data["given_names"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            sex=data["sex"],
            nationality=data["nationality"],
            phone=data.get("phone") or "",
        )


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        widget=_ltr_widget(autocomplete="one-time-code", autocapitalize="off"),
        help_text=_("The code your counsellor gave you. Letters and numbers, exactly as written."),
    )


def identity_input(form: IdentityForm) -> ProfileInput:
    """A new profile from the start page: identity only, the other steps follow."""
    data = form.cleaned_data
    return ProfileInput(
        given_names=data["given_names"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
        sex=data["sex"],
        nationality=data["nationality"],
    )


# --- Steps ------------------------------------------------------------------------------------
PROFILE_FORMS: dict[str, type[ProfileStepForm]] = {
    "identity": IdentityForm,
    "contact": ContactForm,
    "migration": MigrationForm,
}
ENTRY_FORMS: dict[str, type[forms.Form]] = {
    "education": EducationForm,
    "languages": LanguageForm,
    "experience": ExperienceForm,
    "qualifications": QualificationForm,
}


def blank_step_form(step: str, profile: MigrantProfile) -> forms.Form | None:
    """The unbound form of a step (the skill form needs a query: see ``skill_form``)."""
    if step in PROFILE_FORMS:
        return PROFILE_FORMS[step](profile=profile)
    if step in ENTRY_FORMS:
        return ENTRY_FORMS[step]()
    if step == "disability":
        return DisabilityForm(profile=profile)
    return None


class EraseConfirmForm(forms.Form):
    """Erasure cannot be undone: the person confirms with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my profile, documents and account will be erased for good."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password
