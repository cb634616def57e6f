"""Participant imports through the API: upload a file (202, checked in the background), follow
its status, read its errors and preview, then confirm (202, imported in the background) or
cancel. ``training.imports`` owns every rule; it is imported inside the views because it pulls
in the file readers and the Celery tasks, which the rest of the API does not need.

The rows of a file and their errors are the provider's working copy of personal data: only its
staff see them. Partnership officers, who may read the cohort, see an import's status and counts.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user
from core.api.pagination import PagePagination
from core.api.responses import CONFLICT, FORBIDDEN, NOT_FOUND, REFUSED
from core.api.views import answer, change_input
from training.api import serializers as s
from training.api.views.base import TrainingApi, page_of
from training.models import ParticipantImport
from training.permissions import (
    COHORT_READERS,
    IMPORT_MANAGERS,
    IMPORT_READERS,
    TRAINING_PROVIDERS,
    get_cohort_for_user,
    get_import_for_user,
)


def _import_response(
    request: Request, participant_import: ParticipantImport, *, code: int = status.HTTP_200_OK
) -> Response:
    data = s.ParticipantImportOutputSerializer(participant_import, context={"request": request})
    response = Response(data.data, status=code)
    if code == status.HTTP_202_ACCEPTED:
        response["Location"] = data.data["links"]["status"]
    return response


class CohortImportListUploadApi(TrainingApi):
    access = COHORT_READERS
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="training_imports_list",
        summary="The cohort's participant imports, newest first",
        responses={200: s.ParticipantImportOutputSerializer(many=True), **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        from training.selectors import import_list_for_cohort

        user = request_user(request)
        cohort = get_cohort_for_user(user, pk)
        rows = import_list_for_cohort(user=user, cohort=cohort)
        return answer(s.ParticipantImportOutputSerializer, rows, request, many=True)

    @extend_schema(
        operation_id="training_imports_upload",
        summary="Upload a CSV or XLSX file of participants (multipart)",
        description="Checked by content, not by name. Every row is then checked in the "
        "background: follow the import's status URL (also in `Location`) until it is `ready` "
        "(see the preview, then confirm) or `invalid` (see the errors; nothing is imported).",
        request={"multipart/form-data": s.ParticipantImportUploadSerializer},
        responses={202: s.ParticipantImportOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        from training.imports import import_upload

        actor, _record, body = change_input(
            request, pk, get_cohort_for_user, s.ParticipantImportUploadSerializer
        )
        upload = body["file"]
        participant_import = import_upload(actor=actor, cohort_id=pk, upload=upload)
        return _import_response(request, participant_import, code=status.HTTP_202_ACCEPTED)


class ImportDetailApi(TrainingApi):
    access = IMPORT_READERS

    @extend_schema(
        operation_id="training_imports_retrieve",
        summary="An import's status, progress and summary",
        responses={200: s.ParticipantImportOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _import_response(request, get_import_for_user(request_user(request), pk))


class ImportErrorListApi(TrainingApi):
    access = IMPORT_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="training_imports_errors",
        summary="What is wrong in the file, by line and column",
        description="Line 1 is the header: errors about the whole file are reported there.",
        responses={
            200: s.ImportRowErrorOutputSerializer(many=True),
            **FORBIDDEN,
            **NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        participant_import = get_import_for_user(request_user(request), pk, personal=True)
        rows = participant_import.errors.all()
        return page_of(self, request, rows, s.ImportRowErrorOutputSerializer)


class ImportPreviewApi(TrainingApi):
    access = IMPORT_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="training_imports_preview",
        summary="What confirming will do with each valid row",
        description="`create`: a new profile, registered by the provider with the consent it "
        "collected, then enrolled; `enrol`: a person already registered with the provider is "
        "enrolled; `unchanged`: already in the cohort. Empty once the import has ended.",
        responses={
            200: s.ImportPlanRowOutputSerializer(many=True),
            **FORBIDDEN,
            **NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        participant_import = get_import_for_user(request_user(request), pk, personal=True)
        return page_of(self, request, participant_import.plan, s.ImportPlanRowOutputSerializer)


class ImportConfirmApi(TrainingApi):
    access = IMPORT_MANAGERS

    @extend_schema(
        operation_id="training_imports_confirm",
        summary="Import every row of a checked file, or none",
        description="Runs in the background: follow the status URL (also in `Location`) until "
        "`imported` or `failed` (with the reason; nothing imported). 409 unless `ready`.",
        request=None,
        responses={202: s.ParticipantImportOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        from training.imports import import_confirm

        actor = request_user(request)
        participant_import = import_confirm(actor=actor, import_id=pk)
        return _import_response(request, participant_import, code=status.HTTP_202_ACCEPTED)


class ImportCancelApi(TrainingApi):
    access = IMPORT_MANAGERS

    @extend_schema(
        operation_id="training_imports_cancel",
        summary="Drop an import before it runs; its file and preview are deleted",
        request=None,
        responses={200: s.ParticipantImportOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        from training.imports import import_cancel

        actor = request_user(request)
        participant_import = import_cancel(actor=actor, import_id=pk)
        return _import_response(request, participant_import)


class ImportTemplateApi(TrainingApi):
    access = TRAINING_PROVIDERS

    @extend_schema(
        operation_id="training_imports_template",
        summary="The participant file to fill in: CSV (UTF-8), its header and one example row",
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        from training.imports import template_csv

        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="participants-template.csv"'
        return response
