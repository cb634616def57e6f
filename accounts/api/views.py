from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MeSerializer, OrganisationSerializer
from accounts.models import Organisation
from accounts.permissions import OWN_ACCOUNT, OWN_ORGANISATIONS, active_memberships, user_roles
from accounts.selectors import organisation_list_for_user


class MeApi(APIView):
    access = OWN_ACCOUNT

    @extend_schema(
        responses=MeSerializer, summary="The signed-in user, their roles and memberships"
    )
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "email": getattr(user, "email", ""),
            "full_name": getattr(user, "full_name", ""),
            "preferred_language": getattr(user, "preferred_language", ""),
            "roles": sorted(user_roles(user)),
            "memberships": active_memberships(user),
        }
        return Response(MeSerializer(data).data)


class OrganisationListApi(generics.ListAPIView[Organisation]):
    """Organisations the user belongs to (administrators: all)."""

    access = OWN_ORGANISATIONS
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "country"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return organisation_list_for_user(user=self.request.user)
