"""Which form each step page of the profile shows."""

from __future__ import annotations

from django import forms

from migrants.forms.entries import EducationForm, ExperienceForm, LanguageForm, QualificationForm
from migrants.forms.profile import (
    ContactForm,
    DisabilityForm,
    IdentityForm,
    MigrationForm,
    ProfileStepForm,
)
from migrants.models import MigrantProfile

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
