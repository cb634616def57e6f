"""Adding a member organisation to a partnership."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.bounds import column_length
from core.forms import Choices, date_widget, input_from
from partnerships.models import Partnership, PartnershipMember
from partnerships.services import MemberInput


def member_partnership_choices(organisation_ids: Iterable[int], empty: Any) -> Choices:
    """The partnerships any of these organisations is a member of, for a form's "through which
    partnership" field (``empty`` names the answer "none")."""
    partnerships = (
        Partnership.objects.filter(members__organisation_id__in=list(organisation_ids))
        .distinct()
        .order_by("reference_code")
    )
    return [("", empty), *((p.pk, str(p)) for p in partnerships)]


class OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.country.name})"


class MemberForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True).select_related("country"),
        empty_label=_("Choose…"),
    )
    role = forms.ChoiceField(
        label=_("Role in the partnership"),
        choices=[("", _("Choose…")), *PartnershipMember.Role.choices],
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        max_length=column_length(PartnershipMember, "contact_email"),
    )
    contact_phone = forms.CharField(
        label=_("Contact telephone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=date_widget())

    def to_input(self) -> MemberInput:
        data = self.cleaned_data
        return input_from(MemberInput, data, organisation_id=data["organisation"].pk)
