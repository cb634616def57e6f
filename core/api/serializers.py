"""Shapes every app's API shares: the error body and small references to other records."""

from __future__ import annotations

from typing import Any, ClassVar

from django.urls import NoReverseMatch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import absolute_url


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """What the project exception handler answers for a refused request."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)
    field = serializers.CharField(required=False)


# No docstrings below: a serializer's docstring (its base's too) becomes its component's
# description.
class RefSerializer(serializers.Serializer[Any]):
    # A reference to another record: its id, then (in each subclass) what names it.
    id = serializers.IntegerField()


class OccupationRefSerializer(RefSerializer):
    code = serializers.CharField(help_text="ISCO-08 group code; empty for an ESCO occupation")
    title = serializers.CharField()


class OrganisationRefSerializer(RefSerializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(source="country_id")


# Each app subclasses these under a name of its own, its own schema component.
class PartnershipRefSerializer(RefSerializer):
    reference_code = serializers.CharField()
    title = serializers.CharField()


class SkillRefSerializer(RefSerializer):
    preferred_label = serializers.CharField(help_text="ESCO preferred label")


# What every stored document (``core.documents.StoredDocument``) shows of itself, after the
# fields of its own: ``fields = ["id", "title", *STORED_DOCUMENT_FIELDS]``.
STORED_DOCUMENT_FIELDS = [
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_at",
    "download_url",
]


class StoredDocumentSerializer(serializers.ModelSerializer[Any]):
    # The file is served only by the permission-checked page route ``download_route``, never
    # from MEDIA_URL; a subclass names that route and ``download_kwargs`` its arguments.
    download_route: ClassVar[str]
    download_url = serializers.SerializerMethodField()

    def download_kwargs(self, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, obj: Any) -> str | None:
        try:
            return absolute_url(self.context, self.download_route, **self.download_kwargs(obj))
        except NoReverseMatch:
            return None
