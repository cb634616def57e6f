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


# No docstrings below: a serializer's docstring (its base's too) becomes its component's
# description. Each app subclasses these under a name of its own, its own schema component.
class PartnershipRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference_code = serializers.CharField()
    title = serializers.CharField()


class SkillRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    preferred_label = serializers.CharField(help_text="ESCO preferred label")
