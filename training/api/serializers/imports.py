"""Participant imports: the upload, its status and links, its errors and its plan."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from training.api.serializers.fields import (
    EnrolmentStatusField,
    ImportStatusField,
    TrackField,
    absolute,
)
from training.models import ParticipantImport


# --- Participant imports ----------------------------------------------------------------------
class ParticipantImportUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="CSV (UTF-8) or XLSX, columns as in the template")


class ImportLinksSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    # The metaclass moves declared fields out of the class; the stubs see Serializer.errors.
    errors = serializers.CharField()  # type: ignore[assignment]
    preview = serializers.CharField()
    confirm = serializers.CharField()
    cancel = serializers.CharField()


class ParticipantImportOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    cohort = serializers.IntegerField(source="cohort_id")
    file_name = serializers.CharField()
    file_format = serializers.CharField(help_text="csv or xlsx")
    file_deleted = serializers.BooleanField(
        help_text="The file, its preview and error report are deleted once the import has ended "
        "(imported, failed or cancelled, also when abandoned or by a person's erasure)"
    )
    status = ImportStatusField()
    rows_total = serializers.IntegerField()
    rows_done = serializers.IntegerField(help_text="Rows checked, or imported, so far")
    rows_invalid = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
    summary = serializers.DictField(help_text="Counts per planned action, once checked")
    failure = serializers.CharField(help_text="Why the import failed; empty otherwise")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(ImportLinksSerializer)
    def get_links(self, obj: ParticipantImport) -> dict[str, str]:
        routes = {"status": "import-detail"}
        return {
            name: absolute(self.context, routes.get(name, f"import-{name}"), pk=obj.pk)
            for name in ("status", "errors", "preview", "confirm", "cancel")
        }


class ImportRowErrorOutputSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="Line in the file, the header being line 1")
    column = serializers.CharField(help_text="Empty when the whole row is concerned")
    message = serializers.CharField()


class ImportPlanRowOutputSerializer(serializers.Serializer[dict[str, Any]]):
    """One valid row of the file as ``training.imports`` planned it."""

    line = serializers.IntegerField()
    action = serializers.ChoiceField(
        choices=[
            ("create", "Register a new profile and enrol it"),
            ("enrol", "Enrol a person already registered with the provider"),
            ("unchanged", "Already in the cohort: nothing to do"),
        ]
    )
    names = serializers.SerializerMethodField()
    track = TrackField()
    status = EnrolmentStatusField()

    def get_names(self, row: dict[str, Any]) -> str:
        return " ".join(x for x in (row.get("given_names"), row.get("family_name")) if x)
