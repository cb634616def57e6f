"""The forms that add an entry to a profile, and the document upload. Each entry form's
``to_kwargs()`` gives the arguments of its service."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_widget, found_record_field, radio_field, set_choices
from migrants.forms.choices import (
    cefr_choices,
    country_choices,
    isced_field_choices,
    isced_level_choices,
    language_choices,
    ltr_widget,
    occupation_choices,
)
from migrants.models import ProfileSkill
from taxonomy.models import ConceptStatus, Skill
from taxonomy.selectors import skill_list

MAX_SKILL_RESULTS = 15


class EntryForm(forms.Form):
    """An entry's form: ``to_kwargs()`` gives its service's arguments, an empty code of
    ``empty_as_none`` (an optional ISCED-F field) as None."""

    empty_as_none: tuple[str, ...] = ()

    def to_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in self.empty_as_none:
            data[name] = data[name] or None
        return data


# --- Entries ----------------------------------------------------------------------------------
class EducationForm(EntryForm):
    empty_as_none = ("field_code",)
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


class SkillForm(forms.Form):
    """The skill comes from the search results on the same page (see ``skill_search``)."""

    skill = found_record_field(
        _("Choose a skill"),
        required_message=_("Search for a skill above, then choose it from the list."),
    )
    proficiency = radio_field(_("How well do you do it?"), ProfileSkill.Proficiency)
    evidence = radio_field(
        _("How do you know?"),
        [
            (ProfileSkill.Evidence.SELF_DECLARED, _("I say so myself")),
            (ProfileSkill.Evidence.ASSESSED, _("Someone tested or assessed it")),
        ],
        initial=ProfileSkill.Evidence.SELF_DECLARED,
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


class LanguageForm(EntryForm):
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
        label=_("Score or result"), required=False, max_length=40, widget=ltr_widget()
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


class ExperienceForm(EntryForm):
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


class QualificationForm(EntryForm):
    empty_as_none = ("field_code",)
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
