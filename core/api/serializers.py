"""Shapes every app's API shares: the error body and small references to other records."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """What the project exception handler answers for a refused request."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)
    field = serializers.CharField(required=False)


class OccupationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="ISCO-08 group code; empty for an ESCO occupation")
    title = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(source="country_id")
