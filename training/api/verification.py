"""A training certificate at the portal's one verification address (``/verify/<code>.json``
and ``/api/v1/verify/<code>/``): the common keys of every document and the certificate's facts,
from the ``VerifiedDocument`` that ``training.presenters.certificate_verification`` resolves."""

from __future__ import annotations

from rest_framework import serializers

from core.api.verification import VerifiedDocumentSerializer


class TrainingCertificateDocumentSerializer(VerifiedDocumentSerializer):
    programme = serializers.CharField(source="extra.programme")
    provider = serializers.CharField(source="extra.provider", help_text="The training provider")
    hours = serializers.IntegerField(source="extra.hours")
    isced_level = serializers.IntegerField(
        source="extra.isced_level", allow_null=True, help_text="ISCED 2011 level awarded"
    )
