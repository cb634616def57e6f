from __future__ import annotations

from rest_framework import serializers

from accounts.models import Membership, Organisation


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    country = serializers.CharField(source="country_id")
    portal_role = serializers.CharField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "city", "website", "portal_role"]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation = OrganisationSerializer()

    class Meta:
        model = Membership
        fields = ["organisation", "role", "job_title"]


class MeSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    preferred_language = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    memberships = MembershipSerializer(many=True)
