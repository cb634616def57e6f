"""The migrant's skills passport in the API: their verified items, and the share links they
create and revoke. Only the owner reaches these, under ``/me/`` (``OWN_PROFILE``). The token of
a new link is in the creation answer only."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import URLPattern, path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.fields import named_choice_field
from core.api.helpers import request_user, validated
from core.api.responses import refusal
from core.api.verification import VerificationStatusField
from core.api.views import answer
from migrants.api.views.base import OwnProfileApi, own
from migrants.models import PassportShare
from migrants.passport.selectors import PassportItem, passport_items, share_list_for_profile
from migrants.passport.services import share_create, share_revoke

NOT_FOUND = refusal(404, "No profile of your own, or no such link")


# --- Shapes -----------------------------------------------------------------------------------
class ShareStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


ShareStatusField = named_choice_field(ShareStatus, "PassportShareStatusEnum")


class PassportDetailSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()

    def to_representation(self, instance: Any) -> dict[str, str]:
        label, value = instance
        return {"label": str(label), "value": str(value)}


class PassportItemSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text='Stable, e.g. "certificate:12", "decision:5"')
    kind = serializers.CharField(
        help_text='"training_certificate", "recognition_decision" or "language_test"'
    )
    kind_label = serializers.CharField()
    title = serializers.CharField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    status = VerificationStatusField()
    verify_code = serializers.CharField(
        allow_null=True, help_text="Checked by anyone at /verify/{code}/; null when not issued"
    )
    verify_url = serializers.SerializerMethodField()
    details = PassportDetailSerializer(many=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_verify_url(self, item: PassportItem) -> str | None:
        if not item.verify_code:
            return None
        path = reverse("verify", args=[item.verify_code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class PassportShareSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    item_keys = serializers.ListField(child=serializers.CharField())
    status = ShareStatusField()
    expires_on = serializers.DateField(help_text="The last day the link works")
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    last_viewed_at = serializers.DateTimeField(allow_null=True)
    view_count = serializers.IntegerField()


class PassportShareCreatedSerializer(PassportShareSerializer):
    token = serializers.CharField(help_text="Shown once; only its hash is kept")
    url = serializers.CharField(help_text="The public address of the shared passport")


class PassportShareInputSerializer(serializers.Serializer[dict[str, Any]]):
    item_keys = serializers.ListField(child=serializers.CharField(max_length=64), max_length=500)
    expires_on = serializers.DateField(
        help_text=f"At most {PassportShare.MAX_DAYS} days ahead; the link works through that day"
    )
    label = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, max_length=120, default=""
    )


class SharedPassportSerializer(serializers.Serializer[Any]):
    """What a share link shows: the holder's initials and the chosen items only."""

    holder_initials = serializers.CharField()
    expires_on = serializers.DateField()
    items = PassportItemSerializer(many=True)


def shared_url(request: Any, token: str) -> str:
    return str(request.build_absolute_uri(reverse("passport-shared", args=[token])))


# --- Views ------------------------------------------------------------------------------------
class PassportApi(OwnProfileApi):
    @extend_schema(
        operation_id="migrants_me_passport",
        summary="My skills passport: certificates, recognition decisions, language test results",
        responses={200: PassportItemSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        items = passport_items(own(request))
        return answer(PassportItemSerializer, items, request, many=True)


class PassportShareListCreateApi(OwnProfileApi):
    @extend_schema(
        operation_id="migrants_me_passport_shares_list",
        summary="My passport share links, newest first",
        responses={200: PassportShareSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        shares = share_list_for_profile(profile=own(request))
        return Response(PassportShareSerializer(shares, many=True).data)

    @extend_schema(
        operation_id="migrants_me_passport_shares_create",
        summary="Share chosen passport items through a link that expires",
        description="The answer carries the link's token and address: they are not shown again.",
        request=PassportShareInputSerializer,
        responses={
            201: PassportShareCreatedSerializer,
            **refusal(400, "Invalid input or a broken rule"),
            **NOT_FOUND,
        },
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        profile = own(request)
        data = validated(PassportShareInputSerializer, request.data)
        share, token = share_create(actor=actor, profile_id=profile.pk, **data)
        body = dict(PassportShareSerializer(share).data)
        body.update(token=token, url=shared_url(request, token))
        return Response(body, status=status.HTTP_201_CREATED)


class PassportShareRevokeApi(OwnProfileApi):
    @extend_schema(
        operation_id="migrants_me_passport_shares_revoke",
        summary="Revoke a passport share link: it stops working at once",
        request=None,
        responses={
            200: PassportShareSerializer,
            **refusal(409, "Already revoked"),
            **NOT_FOUND,
        },
    )
    def post(self, request: Request, share_id: int) -> Response:
        profile = own(request)
        share = share_revoke(actor=request_user(request), profile_id=profile.pk, share_id=share_id)
        return Response(PassportShareSerializer(share).data)


# Included from migrants/api/urls.py, under the app's "migrants-api" namespace.
urlpatterns: list[URLPattern] = [
    path("me/passport/", PassportApi.as_view(), name="me-passport"),
    path("me/passport/shares/", PassportShareListCreateApi.as_view(), name="me-passport-shares"),
    path(
        "me/passport/shares/<id:share_id>/revoke/",
        PassportShareRevokeApi.as_view(),
        name="me-passport-share-revoke",
    ),
]
