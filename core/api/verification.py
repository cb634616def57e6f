"""The public verification of any document the portal issued, as JSON: the same answer for the
``/verify/<code>.json`` page and ``/api/v1/verify/<code>/``.

Every document has the common keys of ``VerifiedDocumentSerializer``; each kind adds its own
facts (from ``VerifiedDocument.extra``) at the top level. Apps register a serializer per kind in
their ``AppConfig.ready`` (``register_document_serializer``), which both shapes the answer and
documents it in the OpenAPI schema; a kind without one answers its ``extra`` as it is.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.access import PUBLIC, DeclaredAccess
from core.api.fields import COUNTRY_HELP, NamedChoiceField, enum_schema
from core.api.serializers import ErrorSerializer
from core.verification import VerifiedDocument, verify_code


class VerificationStatus(models.TextChoices):
    VALID = "valid", "Valid"
    REVOKED = "revoked", "Revoked"


@extend_schema_field(enum_schema(VerificationStatus), component_name="VerificationStatusEnum")
class VerificationStatusField(NamedChoiceField):
    choice_set = VerificationStatus


class VerifiedIssuerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="issuer_name")
    country = serializers.CharField(source="issuer_country", help_text=COUNTRY_HELP)


class VerifiedDocumentSerializer(serializers.Serializer[VerifiedDocument]):
    """What anyone holding the code may know about an issued document: never a name (only the
    holder's initials), birth date, contact detail, file or reasons."""

    kind = serializers.CharField(help_text='e.g. "recognition_decision", "training_certificate"')
    code = serializers.CharField()
    status = VerificationStatusField()
    title = serializers.CharField(help_text="What the document attests")
    issuer = VerifiedIssuerSerializer(source="*")
    issued_on = serializers.DateField()
    revoked_on = serializers.DateField(allow_null=True)
    holder_initials = serializers.CharField(help_text='e.g. "A. H."; "—" once erased')


# kind -> the serializer adding that kind's facts to the common keys.
DOCUMENT_SERIALIZERS: dict[str, type[VerifiedDocumentSerializer]] = {}


def register_document_serializer(kind: str, serializer: type[VerifiedDocumentSerializer]) -> None:
    DOCUMENT_SERIALIZERS[kind] = serializer


def document_data(document: VerifiedDocument) -> dict[str, Any]:
    """The JSON answer for a verified document; the common keys win over any kind's facts."""
    serializer = DOCUMENT_SERIALIZERS.get(document.kind)
    if serializer is not None:
        return dict(serializer(document).data)
    return {**document.extra, **VerifiedDocumentSerializer(document).data}


def _document_schemas() -> dict[str, Any]:
    return dict(DOCUMENT_SERIALIZERS) or {"document": VerifiedDocumentSerializer}


VERIFIED_DOCUMENT = PolymorphicProxySerializer(
    component_name="VerifiedDocument",
    serializers=_document_schemas,
    resource_type_field_name="kind",
)


class VerifyApi(APIView):
    """Anyone holding the code (an employer, a school, a border officer) checks the document;
    everyone is treated as anonymous, so the anonymous rate limit applies to all callers."""

    access = PUBLIC

    authentication_classes = []
    permission_classes = [DeclaredAccess]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        tags=["verification"],
        operation_id="verify_document",
        summary="Check any document the portal issued by its verification code (public)",
        description="Recognition decisions and training certificates alike. The essentials "
        "only: no names (only the holder's initials), birth date, contact details, documents "
        "or reasons. Never cached.",
        responses={
            200: VERIFIED_DOCUMENT,
            404: OpenApiResponse(ErrorSerializer, description="No document has this code"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        document = verify_code(code)
        if document is None:
            raise Http404(_("No document has this verification code."))
        return Response(document_data(document))

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
