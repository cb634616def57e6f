"""Participant import pages over ``training.imports``: upload, a progress bar while the file is
checked or imported, then the error report or the preview to confirm."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.errors import DomainError
from core.http import is_htmx
from core.views import request_user, run_command
from training import imports
from training.forms import ImportUploadForm
from training.models import ParticipantImport
from training.permissions import (
    COHORT_READERS,
    IMPORT_MANAGERS,
    IMPORT_READERS,
    TRAINING_PROVIDERS,
    can_manage_programme,
    get_cohort_for_user,
    get_import_for_user,
)
from training.selectors import import_list_for_cohort
from training.views._common import page_url

# The preview shows the first rows; the error report every error, a page at a time.
IMPORT_ERROR_PAGE_SIZE = 50
PREVIEW_ROWS = 50


@COHORT_READERS
def import_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    cohort = get_cohort_for_user(user, pk, for_write=request.method == "POST")
    writable = can_manage_programme(user, cohort.programme)
    form = ImportUploadForm(request.POST or None, request.FILES or None) if writable else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            started = imports.import_upload(
                actor=user, cohort_id=pk, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(page_url("training:import-detail", started.pk))
    context = {
        "cohort": cohort,
        "programme": cohort.programme,
        "form": form,
        "columns": imports.COLUMNS,
        "imports": import_list_for_cohort(user=user, cohort=cohort),
    }
    return render(
        request, "training/import_create.html", context, status=400 if form and form.errors else 200
    )


@TRAINING_PROVIDERS
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants-template.csv"'
    return response


@IMPORT_READERS
@never_cache
@vary_on_headers("HX-Request")
def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    upload = get_import_for_user(user, pk)
    status = ParticipantImport.Status
    context: dict[str, Any] = {
        "upload": upload,
        "cohort": upload.cohort,
        "writable": can_manage_programme(user, upload.cohort.programme),
        "running": upload.status in (status.VALIDATING, status.IMPORTING),
        "columns": imports.COLUMNS,
    }
    if upload.status == status.INVALID:
        context["errors"] = Paginator(upload.errors.all(), IMPORT_ERROR_PAGE_SIZE).get_page(
            request.GET.get("epage")
        )
    if upload.status == status.READY:
        context["preview"] = [
            (row, [row.get(column, "") for column in imports.COLUMNS])
            for row in upload.plan[:PREVIEW_ROWS]
        ]
    template = "training/_import_body.html" if is_htmx(request) else "training/import_detail.html"
    return render(request, template, context)


@IMPORT_MANAGERS
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    get_import_for_user(user, pk, for_write=True)
    run_command(
        request,
        lambda: imports.import_confirm(actor=user, import_id=pk),
        _("The import was confirmed: this page shows when every row is in."),
    )
    return redirect(page_url("training:import-detail", pk))


@IMPORT_MANAGERS
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    upload = get_import_for_user(user, pk, for_write=True)
    run_command(
        request,
        lambda: imports.import_cancel(actor=user, import_id=pk),
        _("The import was cancelled: nothing was imported."),
    )
    return redirect(page_url("training:import-create", upload.cohort_id))
