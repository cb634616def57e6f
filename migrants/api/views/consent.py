"""The consent ledger of a profile: read by those who manage it, granted and withdrawn by the
person (or, before handover, recorded by their counsellor)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.responses import refusal
from core.api.views import answer
from migrants.api import serializers as s
from migrants.api.views.base import NOT_FOUND, REFUSED, ProfileScopedApi, out
from migrants.models import ConsentGrant, MigrantProfile
from migrants.permissions import can_manage_consents, can_view_consents
from migrants.selectors import consent_list_for_profile
from migrants.services import ConsentInput, consent_grant, consent_withdraw


class ConsentApi(ProfileScopedApi):
    def managed_profile(self, request: Request, pk: int | None) -> MigrantProfile:
        """The profile, if the caller decides on its consents (403 before the body is read)."""
        profile = self.profile(request, pk)
        if not can_manage_consents(request.user, profile):
            raise PermissionDenied(_("Only the migrant decides on their consents."))
        return profile


class ConsentListGrantApi(ConsentApi):
    @extend_schema(
        summary="Every consent grant of the profile, withdrawn ones included",
        description="For the migrant and the counsellors who manage the profile: the ledger "
        "tells who else holds the person's data (403 for a read-only authority).",
        responses={
            200: s.ConsentOutputSerializer(many=True),
            **refusal(403, "The caller may read the profile, not its consents"),
            **NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int | None = None) -> Response:
        profile = self.profile(request, pk)
        if not can_view_consents(request.user, profile):
            raise PermissionDenied(_("Only the migrant and their counsellors see the consents."))
        rows = consent_list_for_profile(profile=profile)
        return answer(s.ConsentOutputSerializer, rows, request, many=True)

    @extend_schema(
        summary="Grant one consent, for one purpose and one recipient",
        description="Recorded with the current notice version and the channel (`api` when the "
        "migrant grants it, `in_person` when a counsellor records it before handover). "
        "Granting an active consent again returns the existing grant.",
        request=s.ConsentGrantInputSerializer,
        responses={201: s.ConsentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.managed_profile(request, pk)
        values = validated(s.ConsentGrantInputSerializer, request.data)
        channel = (
            ConsentGrant.Channel.API
            if profile.user_id == actor.pk
            else ConsentGrant.Channel.IN_PERSON
        )
        data = ConsentInput(
            purpose=values["purpose"],
            partnership_id=values.get("partnership"),
            country=values.get("country"),
            organisation_id=values.get("organisation"),
            qualification_id=values.get("qualification"),
            channel=channel,
        )
        grant = consent_grant(actor=actor, profile_id=profile.pk, data=data)
        return Response(
            out(s.ConsentOutputSerializer, grant, request), status=status.HTTP_201_CREATED
        )


class ConsentWithdrawApi(ConsentApi):
    @extend_schema(
        summary="Withdraw a consent; it ends at once everywhere",
        request=None,
        responses={200: s.ConsentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, consent_id: int, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.managed_profile(request, pk)
        grant = consent_withdraw(actor=actor, profile_id=profile.pk, consent_id=consent_id)
        return Response(out(s.ConsentOutputSerializer, grant, request))
