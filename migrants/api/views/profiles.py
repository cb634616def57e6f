"""The profile itself: read and change it, sign up, register someone in person, hand over."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user, validated
from core.api.pagination import PagePagination, paginated
from core.api.responses import BAD, STALE, refusal
from core.api.views import ETAG, IF_MATCH, if_match
from migrants.api import serializers as s
from migrants.api.views.base import (
    NOT_FOUND,
    PROFILE,
    REFUSED,
    MigrantApi,
    OwnProfileApi,
    ProfileScopedApi,
    detail,
)
from migrants.models import MigrantProfile
from migrants.permissions import COUNSELLORS, PROFILE_STAFF, profiles_visible_to
from migrants.services import (
    ProfileInput,
    profile_create_by_counsellor,
    profile_create_for_self,
    profile_handover_claim,
    profile_handover_start,
    profile_update,
)


def _current_input(profile: MigrantProfile) -> dict[str, Any]:
    """The profile as the input serializer would deliver it, for merging a PATCH over."""
    return {
        "given_names": profile.given_names,
        "family_name": profile.family_name,
        "date_of_birth": profile.date_of_birth,
        "sex": profile.sex,
        "nationality": profile.nationality_id,
        "country_of_residence": profile.country_of_residence_id,
        "phone": profile.phone,
        "contact_email": profile.contact_email,
        "contact_language": profile.contact_language_id,
        "migration_status": profile.migration_status,
        "returned_from": profile.returned_from_id,
        "preferred_destinations": [c.code for c in profile.preferred_destinations.all()],
        "preferred_occupations": [o.pk for o in profile.preferred_occupations.all()],
        "available_from": profile.available_from,
        "track_interest": profile.track_interest,
    }


class ProfileDetailUpdateApi(ProfileScopedApi):
    @extend_schema(
        summary="A profile with its entries, consents and completeness",
        description="`disability` is present only for the migrant and for organisations "
        "holding an active disability_share consent.",
        responses={200: s.MigrantProfileOutputSerializer, **NOT_FOUND},
        parameters=[ETAG],
    )
    def get(self, request: Request, pk: int | None = None) -> Response:
        return detail(request, self.profile(request, pk).pk)

    @extend_schema(
        summary="Change part of a profile",
        description="Fields given replace the current ones; lists are replaced whole. Send the "
        "detail's `ETag` in `If-Match` so that a change made meanwhile by someone else is not "
        "overwritten (412).",
        request=s.MigrantProfileInputSerializer(partial=True),
        responses={200: s.MigrantProfileOutputSerializer, **REFUSED, **STALE},
        parameters=[IF_MATCH, ETAG],
    )
    def patch(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        changes = validated(s.MigrantProfileInputSerializer, request.data, partial=True)
        data = ProfileInput(**{**_current_input(profile), **changes})
        profile_update(actor=actor, profile_id=profile.pk, data=data, version=if_match(request))
        return detail(request, profile.pk)


class MeApi(ProfileDetailUpdateApi):
    @extend_schema(
        summary="Create the caller's own profile (self sign-up)",
        request=s.MigrantProfileInputSerializer,
        responses={201: s.MigrantProfileOutputSerializer, **BAD},
    )
    def post(self, request: Request) -> Response:
        values = validated(s.MigrantProfileInputSerializer, request.data)
        profile = profile_create_for_self(user=request_user(request), data=ProfileInput(**values))
        return detail(request, profile.pk, code=status.HTTP_201_CREATED)


class ProfileListCreateApi(MigrantApi):
    access = PROFILE_STAFF
    pagination_class = PagePagination

    @extend_schema(
        summary="Profiles the caller reaches through a consent (their own excluded)",
        responses={200: s.MigrantProfileListOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        rows = profiles_visible_to(actor).exclude(user=actor)
        return paginated(self, request, rows, s.MigrantProfileListOutputSerializer)

    @extend_schema(
        summary="Register a migrant in person (counsellor-assisted intake)",
        description="For staff of a training provider or a government office (403 for others). "
        "The migrant's consent that the organisation keeps and updates the profile is recorded "
        "as given in person; hand the profile over to the migrant's own login with `handover`.",
        request=s.CounsellorProfileCreateInputSerializer,
        responses={
            201: s.MigrantProfileOutputSerializer,
            **BAD,
            **refusal(403, "The caller registers for no organisation"),
        },
    )
    def post(self, request: Request) -> Response:
        values = dict(validated(s.CounsellorProfileCreateInputSerializer, request.data))
        organisation_id = values.pop("organisation")
        values.pop("consent_given_in_person")
        profile = profile_create_by_counsellor(
            actor=request_user(request),
            organisation_id=organisation_id,
            data=ProfileInput(**values),
        )
        return detail(request, profile.pk, code=status.HTTP_201_CREATED)


class ProfileHandoverStartApi(ProfileScopedApi):
    # A counsellor's action; the migrant claims with HandoverClaimApi.
    access = COUNSELLORS
    whose = PROFILE

    @extend_schema(
        summary="A one-time code for the migrant to take the profile over",
        description="The code is returned only here, once; a new call replaces it. It is valid "
        "for 30 days and is claimed with `POST /me/claim/`.",
        request=None,
        responses={201: s.HandoverOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        code = profile_handover_start(actor=actor, profile_id=profile.pk)
        expires_at = (
            MigrantProfile.objects.filter(pk=profile.pk)
            .values_list("handover_expires_at", flat=True)
            .get()
        )
        data = s.HandoverOutputSerializer({"code": code, "expires_at": expires_at}).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class HandoverClaimApi(OwnProfileApi):
    @extend_schema(
        summary="Take over a profile a counsellor registered, with their one-time code",
        request=s.HandoverClaimInputSerializer,
        responses={200: s.MigrantProfileOutputSerializer, **BAD},
    )
    def post(self, request: Request) -> Response:
        code = validated(s.HandoverClaimInputSerializer, request.data)["code"]
        profile = profile_handover_claim(user=request_user(request), code=code)
        return detail(request, profile.pk)
