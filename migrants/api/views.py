"""Migrants API: parse, authorise, call one service, respond.

Most endpoints exist twice: under ``/me/`` for the caller's own profile, and under
``/profiles/{pk}/`` for a profile the caller reaches through a consent (counselling, recognition
share). One class serves both; ``scope`` (set in urls.py) says where the profile comes from.
Every view resolves the profile first (404 for what the caller may not see; 403 for what they
may only read) before it reads the body, so a stranger learns nothing from validation errors.
The services check again under their own lookups and own every business rule.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from core.access import SIGNED_IN
from core.api.helpers import INVALID, request_user, validated
from core.api.pagination import PagePagination
from core.errors import DomainValidationError
from migrants.api import serializers as s
from migrants.models import (
    ConsentGrant,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    QualificationDocument,
    WorkExperience,
)
from migrants.permissions import (
    can_manage_consents,
    can_view_disability,
    get_profile_for_user,
    own_profile,
    profiles_visible_to,
)
from migrants.rights import profile_erase, profile_export
from migrants.selectors import consent_list_for_profile
from migrants.services import (
    ConsentInput,
    ProfileInput,
    consent_grant,
    consent_withdraw,
    disability_set,
    education_add,
    entry_remove,
    experience_add,
    language_set,
    profile_create_by_counsellor,
    profile_create_for_self,
    profile_handover_claim,
    profile_handover_start,
    profile_update,
    qualification_add,
    qualification_document_delete,
    qualification_document_upload,
    skill_set,
)

TAG = ["migrants"]
ME = "me"
PROFILE = "profile"

ERROR = s.ErrorSerializer
NOT_FOUND = {
    404: OpenApiResponse(
        ERROR, description="No such profile or entry, or not visible to the caller"
    )
}
REFUSED = {
    400: OpenApiResponse(INVALID, description="Invalid input or a broken business rule"),
    403: OpenApiResponse(ERROR, description="The caller may read but not change the profile"),
    **NOT_FOUND,
}


# --- Small helpers ----------------------------------------------------------------------------
def _out(serializer_class: type[BaseSerializer[Any]], instance: Any, request: Request) -> Any:
    return serializer_class(instance, context={"request": request}).data


def _detail_queryset() -> QuerySet[MigrantProfile]:
    """A profile with everything its representation shows, in a fixed number of queries."""
    return MigrantProfile.objects.select_related(
        "contact_language", "registered_by_organisation"
    ).prefetch_related(
        "preferred_destinations",
        "preferred_occupations",
        Prefetch("education", Education.objects.select_related("isced_level", "field")),
        Prefetch("skills", ProfileSkill.objects.select_related("skill")),
        Prefetch("languages", LanguageSkill.objects.select_related("language")),
        Prefetch("experience", WorkExperience.objects.select_related("occupation")),
        Prefetch(
            "qualifications",
            # The reverse prefetch sets document.qualification, which download_url reads.
            Qualification.objects.prefetch_related("documents"),
        ),
        Prefetch(
            "consents",
            ConsentGrant.objects.select_related("partnership", "country", "organisation"),
        ),
    )


def _detail(request: Request, profile_id: int, *, code: int = status.HTTP_200_OK) -> Response:
    profile = _detail_queryset().get(pk=profile_id)
    return Response(_out(s.MigrantProfileOutputSerializer, profile, request), status=code)


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


class MigrantApi(APIView):
    access = SIGNED_IN
    parser_classes = [JSONParser]


class ProfileScopedApi(MigrantApi):
    """Base of the endpoints served both for ``/me/`` and for ``/profiles/{pk}/``."""

    scope: str = ME  # urls.py: ``as_view(scope=PROFILE)`` for the /profiles/{pk}/ copies

    def profile(
        self, request: Request, pk: int | None, *, for_write: bool = False
    ) -> MigrantProfile:
        if self.scope == ME:
            profile = own_profile(request.user)
            if profile is None:
                raise Http404(_("You have no profile yet."))
            return profile
        if pk is None:
            raise Http404(_("No such profile."))
        return get_profile_for_user(request.user, pk, for_write=for_write)


# --- Profiles ---------------------------------------------------------------------------------
class ProfileDetailUpdateApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="A profile with its entries, consents and completeness",
        description="`disability` is present only for the migrant and for organisations "
        "holding an active disability_share consent.",
        responses={200: s.MigrantProfileOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int | None = None) -> Response:
        return _detail(request, self.profile(request, pk).pk)

    @extend_schema(
        tags=TAG,
        summary="Change part of a profile",
        description="Fields given replace the current ones; lists are replaced whole.",
        request=s.MigrantProfileInputSerializer(partial=True),
        responses={200: s.MigrantProfileOutputSerializer, **REFUSED},
    )
    def patch(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        changes = validated(s.MigrantProfileInputSerializer, request.data, partial=True)
        data = ProfileInput(**{**_current_input(profile), **changes})
        profile_update(actor=actor, profile_id=profile.pk, data=data)
        return _detail(request, profile.pk)


class MeApi(ProfileDetailUpdateApi):
    @extend_schema(
        tags=TAG,
        summary="Create the caller's own profile (self sign-up)",
        request=s.MigrantProfileInputSerializer,
        responses={201: s.MigrantProfileOutputSerializer, 400: REFUSED[400]},
    )
    def post(self, request: Request) -> Response:
        values = validated(s.MigrantProfileInputSerializer, request.data)
        profile = profile_create_for_self(user=request_user(request), data=ProfileInput(**values))
        return _detail(request, profile.pk, code=status.HTTP_201_CREATED)


class ProfileListCreateApi(MigrantApi):
    pagination_class = PagePagination

    @extend_schema(
        tags=TAG,
        summary="Profiles the caller reaches through a consent (their own excluded)",
        responses={200: s.MigrantProfileListOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        actor = request_user(request)
        rows = profiles_visible_to(actor).exclude(user=actor)
        paginator = PagePagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = s.MigrantProfileListOutputSerializer(
            page or [], many=True, context={"request": request}
        ).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        tags=TAG,
        summary="Register a migrant in person (counsellor-assisted intake)",
        description="For staff of a training provider or a government office. The migrant's "
        "consent that the organisation keeps and updates the profile is recorded as given in "
        "person; hand the profile over to the migrant's own login with `handover`.",
        request=s.CounsellorProfileCreateInputSerializer,
        responses={201: s.MigrantProfileOutputSerializer, 400: REFUSED[400]},
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
        return _detail(request, profile.pk, code=status.HTTP_201_CREATED)


class ProfileHandoverStartApi(ProfileScopedApi):
    scope = PROFILE  # a counsellor's action; the migrant claims with HandoverClaimApi

    @extend_schema(
        tags=TAG,
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


class HandoverClaimApi(MigrantApi):
    @extend_schema(
        tags=TAG,
        summary="Take over a profile a counsellor registered, with their one-time code",
        request=s.HandoverClaimInputSerializer,
        responses={200: s.MigrantProfileOutputSerializer, 400: REFUSED[400]},
    )
    def post(self, request: Request) -> Response:
        code = validated(s.HandoverClaimInputSerializer, request.data)["code"]
        profile = profile_handover_claim(user=request_user(request), code=code)
        return _detail(request, profile.pk)


# --- Entries ----------------------------------------------------------------------------------
class EducationAddApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Add an education entry (ISCED 2011 level, ISCED-F field)",
        request=s.EducationInputSerializer,
        responses={201: s.EducationOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = validated(s.EducationInputSerializer, request.data)
        entry = education_add(actor=actor, profile_id=profile.pk, **values)
        return Response(
            _out(s.EducationOutputSerializer, entry, request), status=status.HTTP_201_CREATED
        )


class SkillSetApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Add an ESCO skill, or change its proficiency and evidence",
        request=s.SkillSetInputSerializer,
        responses={200: s.ProfileSkillOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = validated(s.SkillSetInputSerializer, request.data)
        entry = skill_set(actor=actor, profile_id=profile.pk, **values)
        return Response(_out(s.ProfileSkillOutputSerializer, entry, request))


class LanguageSetApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Add a language with CEFR levels, or replace them",
        request=s.LanguageSetInputSerializer,
        responses={200: s.LanguageSkillOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = dict(validated(s.LanguageSetInputSerializer, request.data))
        certificate = values.pop("certificate", None) or {}
        entry = language_set(
            actor=actor,
            profile_id=profile.pk,
            **values,
            certificate_name=certificate.get("name", ""),
            certificate_score=certificate.get("score", ""),
            certificate_date=certificate.get("date"),
        )
        return Response(_out(s.LanguageSkillOutputSerializer, entry, request))


class ExperienceAddApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Add a period of work experience (ISCO-08 / ESCO occupation)",
        request=s.ExperienceInputSerializer,
        responses={201: s.ExperienceOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = validated(s.ExperienceInputSerializer, request.data)
        entry = experience_add(actor=actor, profile_id=profile.pk, **values)
        return Response(
            _out(s.ExperienceOutputSerializer, entry, request), status=status.HTTP_201_CREATED
        )


class QualificationAddApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Declare a qualification; upload its documents next",
        request=s.QualificationInputSerializer,
        responses={201: s.QualificationOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = validated(s.QualificationInputSerializer, request.data)
        entry = qualification_add(actor=actor, profile_id=profile.pk, **values)
        return Response(
            _out(s.QualificationOutputSerializer, entry, request), status=status.HTTP_201_CREATED
        )


# URL segment -> the entry kind the service knows.
ENTRY_KINDS = {
    "education": "education",
    "skills": "skill",
    "languages": "language",
    "experience": "experience",
    "qualifications": "qualification",
}


class EntryRemoveApi(ProfileScopedApi):
    kind: str = ""  # urls.py: one route per kind, ``as_view(kind="skill")``

    @extend_schema(
        tags=TAG,
        summary="Remove an entry",
        description="A verified qualification (from training or recognition) cannot be removed "
        "here; removing a qualification deletes its documents. A qualification that a "
        "recognition authority has received a request about stays (409 naming the request); "
        "an unsent draft request about it is discarded with it.",
        responses={
            204: None,
            **REFUSED,
            409: OpenApiResponse(ERROR, description="Another record still holds the entry"),
        },
    )
    def delete(self, request: Request, entry_id: int, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        entry_remove(actor=actor, profile_id=profile.pk, kind=self.kind, entry_id=entry_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Documents --------------------------------------------------------------------------------
class QualificationDocumentUploadApi(ProfileScopedApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAG,
        summary="Upload a document of a qualification (multipart)",
        description="PDF, JPEG or PNG, at most 10 MB, checked by content, not by name; image "
        "metadata is stripped. A refused file is not stored.",
        request={"multipart/form-data": s.QualificationDocumentInputSerializer},
        responses={201: s.QualificationDocumentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, qualification_id: int, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        upload = validated(s.QualificationDocumentInputSerializer, request.data)["file"]
        document = qualification_document_upload(
            actor=actor, profile_id=profile.pk, qualification_id=qualification_id, upload=upload
        )
        data = _out(s.QualificationDocumentOutputSerializer, document, request)
        return Response(data, status=status.HTTP_201_CREATED)


class QualificationDocumentDeleteApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG, summary="Delete a document of a qualification", responses={204: None, **REFUSED}
    )
    def delete(
        self, request: Request, qualification_id: int, document_id: int, pk: int | None = None
    ) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        documents = QualificationDocument.objects.filter(
            qualification__profile=profile, qualification_id=qualification_id
        )
        if not documents.filter(pk=document_id).exists():
            raise Http404(_("No such document."))
        qualification_document_delete(actor=actor, profile_id=profile.pk, document_id=document_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Disability -------------------------------------------------------------------------------
class DisabilitySetApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Record or replace disability information (special-category data)",
        description="Answers 204 without the data to an editor who may not read it (no "
        "disability_share consent).",
        request=s.DisabilityInputSerializer,
        responses={200: s.DisabilityOutputSerializer, 204: None, **REFUSED},
    )
    def put(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = validated(s.DisabilityInputSerializer, request.data)
        info = disability_set(actor=actor, profile_id=profile.pk, **values)
        if not can_view_disability(actor, profile):
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(_out(s.DisabilityOutputSerializer, info, request))


# --- Consent ----------------------------------------------------------------------------------
class ConsentListGrantApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Every consent grant of the profile, withdrawn ones included",
        responses={200: s.ConsentOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int | None = None) -> Response:
        profile = self.profile(request, pk)
        rows = consent_list_for_profile(profile=profile)
        context = {"request": request}
        return Response(s.ConsentOutputSerializer(rows, many=True, context=context).data)

    @extend_schema(
        tags=TAG,
        summary="Grant one consent, for one purpose and one recipient",
        description="Recorded with the current notice version and the channel (`api` when the "
        "migrant grants it, `in_person` when a counsellor records it before handover). "
        "Granting an active consent again returns the existing grant.",
        request=s.ConsentGrantInputSerializer,
        responses={201: s.ConsentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk)
        if not can_manage_consents(actor, profile):
            raise PermissionDenied(_("Only the migrant decides on their consents."))
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
            _out(s.ConsentOutputSerializer, grant, request), status=status.HTTP_201_CREATED
        )


class ConsentWithdrawApi(ProfileScopedApi):
    @extend_schema(
        tags=TAG,
        summary="Withdraw a consent; it ends at once everywhere",
        request=None,
        responses={200: s.ConsentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, consent_id: int, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk)
        if not can_manage_consents(actor, profile):
            raise PermissionDenied(_("Only the migrant decides on their consents."))
        grant = consent_withdraw(actor=actor, profile_id=profile.pk, consent_id=consent_id)
        return Response(_out(s.ConsentOutputSerializer, grant, request))


# --- Rights -----------------------------------------------------------------------------------
class MeExportApi(MigrantApi):
    @extend_schema(
        tags=TAG,
        summary="Download everything the portal holds about me (ZIP: profile.json and documents)",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, **NOT_FOUND},
    )
    def get(self, request: Request) -> HttpResponse:
        actor = request_user(request)
        profile = own_profile(actor)
        if profile is None:
            raise Http404("You have no profile yet.")
        response = HttpResponse(
            profile_export(actor=actor, profile_id=profile.pk), content_type="application/zip"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="smp-portal-{profile.pseudonym}.zip"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class MeEraseApi(MigrantApi):
    @extend_schema(
        tags=TAG,
        summary="Erase my profile, documents and account (cannot be undone)",
        request=s.EraseInputSerializer,
        responses={204: None, 400: REFUSED[400], **NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        actor = request_user(request)
        profile = own_profile(actor)
        if profile is None:
            raise Http404("You have no profile yet.")
        password = validated(s.EraseInputSerializer, request.data)["password"]
        if not actor.check_password(password):
            raise DomainValidationError("The password is not right.", field="password")
        profile_erase(actor=actor, profile_id=profile.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
