"""A partnership's records: members, targets and indicators, costs, documents, history."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEvent
from core.api.fields import (
    OPTIONAL,
    OPTIONAL_TEXT,
    IdField,
    IntegerField,
)
from core.api.serializers import (
    STORED_DOCUMENT_FIELDS,
    OrganisationRefSerializer,
    StoredDocumentSerializer,
)
from core.bounds import column_length
from partnerships.api.serializers.fields import (
    CostKindField,
    DocumentKindField,
    MemberRoleField,
)
from partnerships.models import (
    AnnualTarget,
    CostEntry,
    CostGroup,
    CustomIndicator,
    PartnershipDocument,
    PartnershipMember,
)
from partnerships.selectors import TargetRow


# --- Members ----------------------------------------------------------------------------------
class MemberInputSerializer(serializers.Serializer[dict[str, Any]]):
    organisation = IdField(help_text="Organisation id")
    role = MemberRoleField()
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=column_length(PartnershipMember, "contact_email"),
    )
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    joined_on = serializers.DateField(required=False, allow_null=True)


# --- Targets and indicators -------------------------------------------------------------------
class AnnualTargetInputSerializer(serializers.Serializer[dict[str, Any]]):
    year = IntegerField(column=(AnnualTarget, "year"))
    people_to_train = IntegerField(column=(AnnualTarget, "people_to_train"), default=0)
    home_track_placements = IntegerField(column=(AnnualTarget, "home_track_placements"), default=0)
    away_track_placements = IntegerField(column=(AnnualTarget, "away_track_placements"), default=0)
    min_women_share = IntegerField(
        column=(AnnualTarget, "min_women_share"),
        **OPTIONAL,
        help_text="Percent",
    )


class TargetActualsSerializer(serializers.Serializer[Any]):
    """Reported by later apps (training, employers); a key is absent until someone reports it."""

    # One field per partnerships.models.Indicator (a test holds them together).

    people_trained = serializers.IntegerField(required=False)
    home_track_placements = serializers.IntegerField(required=False)
    away_track_placements = serializers.IntegerField(required=False)
    women_share = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    portal_placements = serializers.IntegerField(
        required=False, help_text="Hires recorded by employers on the portal (no target)"
    )


class AnnualTargetOutputSerializer(serializers.Serializer[Any]):
    """One year's targets (a selectors.TargetRow) beside the actuals reported so far."""

    year = serializers.IntegerField(source="target.year")
    people_to_train = serializers.IntegerField(source="target.people_to_train")
    home_track_placements = serializers.IntegerField(source="target.home_track_placements")
    away_track_placements = serializers.IntegerField(source="target.away_track_placements")
    min_women_share = serializers.IntegerField(source="target.min_women_share", allow_null=True)
    actuals = serializers.SerializerMethodField()

    @extend_schema_field(TargetActualsSerializer)
    def get_actuals(self, row: TargetRow) -> dict[str, Any]:
        return {str(key): value for key, value in row.actuals.items()}


class CustomIndicatorInputSerializer(serializers.Serializer[dict[str, Any]]):
    year = IntegerField(column=(CustomIndicator, "year"))
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40, **OPTIONAL_TEXT)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual_value = serializers.DecimalField(max_digits=14, decimal_places=2, **OPTIONAL)


class CustomIndicatorOutputSerializer(serializers.ModelSerializer[CustomIndicator]):
    class Meta:
        model = CustomIndicator
        fields = ["id", "year", "name", "unit", "target_value", "actual_value"]


# --- Costs ------------------------------------------------------------------------------------
class CostEntryInputSerializer(serializers.Serializer[dict[str, Any]]):
    kind = CostKindField()
    cost_group = serializers.ChoiceField(choices=CostGroup.choices)
    payer = IdField(
        **OPTIONAL,
        help_text="Id of the paying member organisation; null when paid by the migrants",
    )
    paid_by_migrants = serializers.BooleanField(required=False, default=False)
    currency = serializers.CharField(min_length=3, max_length=3, help_text="ISO 4217 code")
    unit_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    basis = serializers.ChoiceField(
        choices=CostEntry.Basis.choices, required=False, default=CostEntry.Basis.LUMP_SUM
    )
    quantity = IntegerField(column=(CostEntry, "quantity"), required=False, default=1)
    description = serializers.CharField(**OPTIONAL_TEXT, max_length=255)
    occurred_on = serializers.DateField(**OPTIONAL)


class CostEntryOutputSerializer(serializers.ModelSerializer[CostEntry]):
    kind = CostKindField()
    payer = OrganisationRefSerializer(allow_null=True)
    currency = serializers.CharField(source="currency_id")
    breaches_employer_pays = serializers.BooleanField(
        help_text="A migration cost charged to the migrants (ILO: the worker pays no fees)"
    )

    class Meta:
        model = CostEntry
        fields = [
            "id",
            "kind",
            "cost_group",
            "payer",
            "paid_by_migrants",
            "currency",
            "unit_amount",
            "basis",
            "quantity",
            "amount",
            "description",
            "occurred_on",
            "recorded_at",
            "voided_at",
            "void_reason",
            "breaches_employer_pays",
        ]


class VoidInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255)


class _AmountsSerializer(serializers.Serializer[Any]):
    commitment = serializers.DecimalField(max_digits=18, decimal_places=2)
    expenditure = serializers.DecimalField(max_digits=18, decimal_places=2)


class GroupTotalSerializer(_AmountsSerializer):
    cost_group = serializers.ChoiceField(choices=CostGroup.choices)
    currency = serializers.CharField()


class PayerTotalSerializer(_AmountsSerializer):
    payer = serializers.CharField(help_text='Organisation name, or "Migrants"')
    currency = serializers.CharField()
    groups = GroupTotalSerializer(many=True)


class CostSummaryOutputSerializer(serializers.Serializer[Any]):
    """Totals of the entries not voided; amounts in different currencies are never added."""

    by_payer = PayerTotalSerializer(many=True)
    by_group = GroupTotalSerializer(many=True)
    breaches = CostEntryOutputSerializer(many=True)


# --- Documents --------------------------------------------------------------------------------
class DocumentInputSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="PDF, DOCX, ODT, XLSX, PNG or JPEG; checked by content")
    title = serializers.CharField(max_length=200)
    kind = DocumentKindField(default=PartnershipDocument.Kind.AGREEMENT)


class DocumentOutputSerializer(StoredDocumentSerializer):
    kind = DocumentKindField()
    download_route = "partnerships:document-download"

    class Meta:
        model = PartnershipDocument
        fields = ["id", "kind", "title", *STORED_DOCUMENT_FIELDS]

    def download_kwargs(self, obj: PartnershipDocument) -> dict[str, Any]:
        return {"pk": obj.partnership_id, "document_pk": obj.pk}


# --- History ----------------------------------------------------------------------------------
class HistoryEventOutputSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "actor_label", "action", "from_state", "to_state", "data"]
