"""The form that registers or edits a partnership, made of its sections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import VersionedForm, set_choices
from partnerships.forms.sections import (
    AgreementFields,
    CommitmentFields,
    GeographyFields,
    ScopeFields,
)
from partnerships.models import Partnership
from partnerships.services import PartnershipInput

SECTIONS: tuple[type[forms.Form], ...] = (
    AgreementFields,
    GeographyFields,
    ScopeFields,
    CommitmentFields,
)


class PartnershipForm(
    VersionedForm, CommitmentFields, ScopeFields, GeographyFields, AgreementFields
):
    """The description of a partnership: everything in ``PartnershipInput``, by section."""

    lead_organisation = forms.TypedChoiceField(
        label=_("Lead government"), coerce=int, required=False
    )

    field_order = [
        "lead_organisation",
        *AgreementFields.base_fields,
        *GeographyFields.base_fields,
        *ScopeFields.base_fields,
        *CommitmentFields.base_fields,
    ]

    def __init__(
        self, *args: Any, lead_choices: list[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if lead_choices:
            set_choices(
                self,
                "lead_organisation",
                [("", _("Choose…")), *((o.pk, o.name) for o in lead_choices)],
            )
            self.fields["lead_organisation"].required = True
            self.fields["lead_organisation"].help_text = _(
                "The government on whose behalf you register the partnership."
            )
        else:
            del self.fields["lead_organisation"]

    @classmethod
    def initial_for(cls, partnership: Partnership) -> dict[str, Any]:
        """The form's values for an existing partnership (its relations prefetched)."""
        values: dict[str, Any] = {}
        for section in (AgreementFields, GeographyFields, ScopeFields, CommitmentFields):
            values.update(section.initial_from(partnership))
        return values

    def to_input(self) -> PartnershipInput:
        values: dict[str, Any] = {}
        for section in (AgreementFields, GeographyFields, ScopeFields, CommitmentFields):
            values.update(section.input_values(self))
        return PartnershipInput(**values)
