"""Shapes of the consent ledger."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import IdField, country_field
from migrants.api.serializers.fields import (
    ConsentChannelField,
    ConsentPurposeField,
    RecipientTypeField,
)
from migrants.models import ConsentGrant


class ConsentGrantInputSerializer(serializers.Serializer[dict[str, Any]]):
    """One consent. Which recipient field is needed depends on the purpose (the service says)."""

    purpose = ConsentPurposeField()
    partnership = IdField(
        required=False, allow_null=True, help_text="Partnership id, for pool_partnership"
    )
    country = country_field(required=False, allow_null=True)
    organisation = IdField(
        required=False,
        allow_null=True,
        help_text="Organisation id, for employer_identity, recognition_share, counselling and "
        "disability_share",
    )
    qualification = IdField(
        required=False, allow_null=True, help_text="Qualification id, for recognition_share"
    )


class ConsentRecipientSerializer(serializers.Serializer[Any]):
    type = RecipientTypeField()
    id = serializers.CharField(help_text="Partnership or organisation id, or a country code")
    name = serializers.CharField()


class ConsentOutputSerializer(serializers.ModelSerializer[ConsentGrant]):
    purpose = ConsentPurposeField()
    recipient = serializers.SerializerMethodField()
    qualification = serializers.IntegerField(source="qualification_id", allow_null=True)
    channel = ConsentChannelField()
    is_active = serializers.BooleanField()

    class Meta:
        model = ConsentGrant
        fields = [
            "id",
            "purpose",
            "recipient",
            "qualification",
            "notice_version",
            "channel",
            "granted_at",
            "withdrawn_at",
            "is_active",
        ]
        read_only_fields = fields

    @extend_schema_field(ConsentRecipientSerializer(allow_null=True))
    def get_recipient(self, obj: ConsentGrant) -> dict[str, Any] | None:
        if obj.partnership_id is not None:
            title = obj.partnership.title if obj.partnership else ""
            return {"type": "partnership", "id": str(obj.partnership_id), "name": title}
        if obj.country_id is not None:
            return {"type": "country", "id": obj.country_id, "name": str(obj.country)}
        if obj.organisation is not None:
            organisation = obj.organisation
            return {"type": "organisation", "id": str(organisation.pk), "name": organisation.name}
        return None
