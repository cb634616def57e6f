"""The entries of a profile, the documents of its qualifications, and disability information."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.helpers import request_user, validated
from core.api.responses import refusal
from migrants.api import serializers as s
from migrants.api.views.base import REFUSED, ProfileScopedApi, out
from migrants.models import QualificationDocument
from migrants.permissions import can_view_disability, get_qualification_for_user
from migrants.services import (
    disability_set,
    education_add,
    entry_remove,
    experience_add,
    language_set,
    qualification_add,
    qualification_document_delete,
    qualification_document_upload,
    skill_set,
)

Serializer = type[BaseSerializer[Any]]


class EntryApi(ProfileScopedApi):
    def add(
        self,
        request: Request,
        pk: int | None,
        service: Callable[..., Any],
        shapes: tuple[Serializer, Serializer],
        *,
        code: int = status.HTTP_201_CREATED,
    ) -> Response:
        """Validate the body with ``shapes[0]``, run ``service`` on the profile, answer with the
        entry in ``shapes[1]``."""
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        values = dict(validated(shapes[0], request.data))
        entry = service(actor=actor, profile_id=profile.pk, **values)
        return Response(out(shapes[1], entry, request), status=code)


class EducationAddApi(EntryApi):
    @extend_schema(
        summary="Add an education entry (ISCED 2011 level, ISCED-F field)",
        request=s.EducationInputSerializer,
        responses={201: s.EducationOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        shapes = (s.EducationInputSerializer, s.EducationOutputSerializer)
        return self.add(request, pk, education_add, shapes)


class SkillSetApi(EntryApi):
    @extend_schema(
        summary="Add an ESCO skill, or change its proficiency and evidence",
        request=s.SkillSetInputSerializer,
        responses={200: s.ProfileSkillOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        shapes = (s.SkillSetInputSerializer, s.ProfileSkillOutputSerializer)
        return self.add(request, pk, skill_set, shapes, code=status.HTTP_200_OK)


def _language_set(*, certificate: dict[str, Any] | None = None, **values: Any) -> Any:
    """``language_set`` with the certificate given as one object, as the API takes it."""
    certificate = certificate or {}
    return language_set(
        **values,
        certificate_name=certificate.get("name", ""),
        certificate_score=certificate.get("score", ""),
        certificate_date=certificate.get("date"),
    )


class LanguageSetApi(EntryApi):
    @extend_schema(
        summary="Add a language with CEFR levels, or replace them",
        request=s.LanguageSetInputSerializer,
        responses={200: s.LanguageSkillOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        shapes = (s.LanguageSetInputSerializer, s.LanguageSkillOutputSerializer)
        return self.add(request, pk, _language_set, shapes, code=status.HTTP_200_OK)


class ExperienceAddApi(EntryApi):
    @extend_schema(
        summary="Add a period of work experience (ISCO-08 / ESCO occupation)",
        request=s.ExperienceInputSerializer,
        responses={201: s.ExperienceOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        shapes = (s.ExperienceInputSerializer, s.ExperienceOutputSerializer)
        return self.add(request, pk, experience_add, shapes)


class QualificationAddApi(EntryApi):
    @extend_schema(
        summary="Declare a qualification; upload its documents next",
        request=s.QualificationInputSerializer,
        responses={201: s.QualificationOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, pk: int | None = None) -> Response:
        shapes = (s.QualificationInputSerializer, s.QualificationOutputSerializer)
        return self.add(request, pk, qualification_add, shapes)


class EntryRemoveApi(ProfileScopedApi):
    kind: str = ""  # urls.py: one route per kind, ``as_view(kind="skill")``

    @extend_schema(
        summary="Remove an entry",
        description="A verified qualification (from training or recognition) cannot be removed "
        "here; removing a qualification deletes its documents. A qualification that a "
        "recognition authority has received a request about stays (409 naming the request); "
        "an unsent draft request about it is discarded with it.",
        responses={
            204: None,
            **REFUSED,
            **refusal(409, "Another record still holds the entry"),
        },
    )
    def delete(self, request: Request, entry_id: int, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        entry_remove(actor=actor, profile_id=profile.pk, kind=self.kind, entry_id=entry_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QualificationDocumentUploadApi(ProfileScopedApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload a document of a qualification (multipart)",
        description="PDF, JPEG or PNG, at most 10 MB, checked by content, not by name; image "
        "metadata is stripped. A refused file is not stored.",
        request={"multipart/form-data": s.QualificationDocumentInputSerializer},
        responses={201: s.QualificationDocumentOutputSerializer, **REFUSED},
    )
    def post(self, request: Request, qualification_id: int, pk: int | None = None) -> Response:
        actor = request_user(request)
        profile = self.profile(request, pk, for_write=True)
        get_qualification_for_user(actor, profile, qualification_id)
        upload = validated(s.QualificationDocumentInputSerializer, request.data)["file"]
        document = qualification_document_upload(
            actor=actor, profile_id=profile.pk, qualification_id=qualification_id, upload=upload
        )
        data = out(s.QualificationDocumentOutputSerializer, document, request)
        return Response(data, status=status.HTTP_201_CREATED)


class QualificationDocumentDeleteApi(ProfileScopedApi):
    @extend_schema(summary="Delete a document of a qualification", responses={204: None, **REFUSED})
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


class DisabilitySetApi(ProfileScopedApi):
    @extend_schema(
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
        return Response(out(s.DisabilityOutputSerializer, info, request))
