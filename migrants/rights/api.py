"""The person's copy of their data, and erasure, in the API (``/me/export/``, ``/me/erase/``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.responses import BAD
from core.errors import DomainValidationError
from migrants.api.views.base import NOT_FOUND, OwnProfileApi, own
from migrants.rights.services import profile_erase
from migrants.rights.views import export_response


class EraseInputSerializer(serializers.Serializer[dict[str, Any]]):
    password = serializers.CharField(
        write_only=True, help_text="The caller's password: erasure cannot be undone"
    )


class MeExportApi(OwnProfileApi):
    @extend_schema(
        summary="Download everything the portal holds about me (ZIP: profile.json and documents)",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, **NOT_FOUND},
    )
    def get(self, request: Request) -> HttpResponse:
        return export_response(request_user(request), own(request))


class MeEraseApi(OwnProfileApi):
    @extend_schema(
        summary="Erase my profile, documents and account (cannot be undone)",
        request=EraseInputSerializer,
        responses={204: None, **BAD, **NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        profile = own(request)
        password = validated(EraseInputSerializer, request.data)["password"]
        if not actor.check_password(password):
            raise DomainValidationError("The password is not right.", field="password")
        profile_erase(actor=actor, profile_id=profile.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Included from migrants/api/urls.py, under the app's "migrants-api" namespace.
urlpatterns: list[URLPattern] = [
    path("me/export/", MeExportApi.as_view(), name="me-export"),
    path("me/erase/", MeEraseApi.as_view(), name="me-erase"),
]
