"""A line of the cost-sharing ledger."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import IntegerField, date_widget, radio_field, set_choices
from partnerships.models import CostEntry, CostGroup, Partnership
from partnerships.services import CostInput
from taxonomy.models import Currency

MIGRANTS = "migrants"


class CostEntryForm(forms.Form):
    kind = radio_field(
        _("Commitment or expenditure"), CostEntry.Kind, initial=CostEntry.Kind.COMMITMENT
    )
    cost_group = forms.ChoiceField(
        label=_("Cost group"), choices=[("", _("Choose…")), *CostGroup.choices]
    )
    payer = forms.ChoiceField(
        label=_("Who pays"),
        help_text=_(
            "A member organisation, or the migrants themselves. Migrants must never pay "
            "recruitment or migration costs (ILO fair recruitment principles)."
        ),
    )
    basis = radio_field(_("Basis"), CostEntry.Basis, initial=CostEntry.Basis.LUMP_SUM)
    currency = forms.ChoiceField(label=_("Currency"), initial="EUR")
    unit_amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Per cohort or per trainee when the basis says so."),
    )
    quantity = IntegerField(
        column=(CostEntry, "quantity"),
        label=_("Number of cohorts or trainees"),
        min_value=1,
        initial=1,
        required=False,
        help_text=_("Ignored for a lump sum."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=date_widget())

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        payers = {m.organisation_id: m.organisation.name for m in partnership.members.all()}
        set_choices(
            self,
            "payer",
            [
                ("", _("Choose…")),
                *sorted(payers.items(), key=lambda item: item[1]),
                (MIGRANTS, _("The migrants themselves")),
            ],
        )
        set_choices(
            self, "currency", [(c.code, f"{c.code} ({c.name})") for c in Currency.objects.all()]
        )

    def to_input(self) -> CostInput:
        data = self.cleaned_data
        by_migrants = data["payer"] == MIGRANTS
        return CostInput(
            kind=data["kind"],
            cost_group=data["cost_group"],
            currency=data["currency"],
            unit_amount=data["unit_amount"],
            payer_id=None if by_migrants else int(data["payer"]),
            paid_by_migrants=by_migrants,
            basis=data["basis"],
            quantity=data["quantity"] or 1,
            description=data["description"],
            occurred_on=data["occurred_on"],
        )
