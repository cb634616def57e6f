"""Forms of the migrant profile pages. They check shape and build the services' inputs; the rules
(valid phone numbers, dates in the past, who may consent to what) stay in ``migrants.services``.

``choices`` (reference-data choices other apps' forms use too), ``profile`` (the profile's own
pages, intake, handover), ``entries``, ``consent``, ``steps`` (which form each step shows). The
passport's and the rights' forms live in their packages.
"""

from __future__ import annotations

from migrants.forms.choices import (
    cefr_choices,
    country_choices,
    currency_choices,
    isced_field_choices,
    isced_level_choices,
    language_choices,
    occupation_choices,
)
from migrants.forms.consent import ConsentForm
from migrants.forms.entries import DocumentForm, skill_form
from migrants.forms.profile import (
    ClaimForm,
    DisabilityForm,
    IdentityForm,
    IntakeForm,
    identity_input,
    profile_input_of,
)
from migrants.forms.steps import ENTRY_FORMS, PROFILE_FORMS, blank_step_form

__all__ = [
    "ENTRY_FORMS",
    "PROFILE_FORMS",
    "ClaimForm",
    "ConsentForm",
    "DisabilityForm",
    "DocumentForm",
    "IdentityForm",
    "IntakeForm",
    "blank_step_form",
    "cefr_choices",
    "country_choices",
    "currency_choices",
    "identity_input",
    "isced_field_choices",
    "isced_level_choices",
    "language_choices",
    "occupation_choices",
    "profile_input_of",
    "skill_form",
]
