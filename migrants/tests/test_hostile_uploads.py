"""Hostile qualification documents, through the profile page and the API: refused with the
reason shown, nothing stored (no row, no file), never a server error."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from accounts.models import User
from migrants import services
from migrants.models import Qualification, QualificationDocument
from migrants.services import documents, qualification_add
from migrants.tests.factories import migrant_with_profile
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

HOSTILE = [
    pytest.param("diploma.png", hostile.pixel_flood_png, "megapixels", id="pixel-flood-png"),
    pytest.param("cv.pdf", hostile.pdf_javascript, "active content (JavaScript)", id="pdf-js"),
    pytest.param(
        "cv.pdf", hostile.pdf_javascript_hex_escaped, "active content (JavaScript)", id="js-hex"
    ),
    pytest.param(
        "cv.pdf",
        hostile.pdf_javascript_in_object_stream,
        "active content (JavaScript)",
        id="js-in-object-stream",
    ),
    pytest.param("cv.pdf", hostile.pdf_launch, "active content", id="pdf-launch"),
    pytest.param("cv.pdf", hostile.pdf_embedded_file, "active content", id="pdf-embedded"),
    pytest.param("cv.pdf", hostile.pdf_zip_polyglot, "ZIP archive hidden", id="pdf-zip"),
    pytest.param("diploma.png", hostile.png_zip_polyglot, "ZIP archive hidden", id="png-zip"),
    pytest.param("cv.pdf", hostile.pdf_with_eicar, "The virus check found", id="pdf-eicar"),
]


@pytest.fixture
def owner() -> tuple[User, Qualification]:
    user, profile = migrant_with_profile()
    qualification = qualification_add(
        actor=user,
        profile_id=profile.pk,
        title="Diploma",
        institution="OFPPT",
        country="MA",
        isced_level=5,
    )
    return user, qualification


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(("name", "builder", "message"), HOSTILE)
def test_migrant_cannot_store_a_hostile_document_through_the_page(
    owner: tuple[User, Qualification],
    media: Path,
    client_for: Callable[[User], Client],
    name: str,
    builder: Callable[[], bytes],
    message: str,
) -> None:
    user, qualification = owner
    response = client_for(user).post(
        reverse("migrants:own-document-upload", args=[qualification.pk]),
        {f"doc{qualification.pk}-file": SimpleUploadedFile(name, builder())},
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not QualificationDocument.objects.exists()
    assert _files(media) == []


@pytest.mark.parametrize(("name", "builder", "message"), HOSTILE)
def test_migrant_cannot_store_a_hostile_document_through_the_api(
    owner: tuple[User, Qualification],
    media: Path,
    api_client_for: Callable[[User], APIClient],
    name: str,
    builder: Callable[[], bytes],
    message: str,
) -> None:
    user, qualification = owner
    response = api_client_for(user).post(
        f"/api/v1/migrants/me/qualifications/{qualification.pk}/documents/",
        {"file": SimpleUploadedFile(name, builder())},
        format="multipart",
    )
    assert response.status_code == 400
    body: dict[str, Any] = response.json()
    assert body["field"] == "file"
    assert message in body["detail"]
    assert not QualificationDocument.objects.exists()
    assert _files(media) == []


def test_a_failure_after_the_file_was_written_leaves_no_file_and_no_row(
    owner: tuple[User, Qualification], media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, qualification = owner

    def broken_audit(**kwargs: object) -> None:
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(documents, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.qualification_document_upload(
            actor=user,
            profile_id=qualification.profile_id,
            qualification_id=qualification.pk,
            upload=SimpleUploadedFile("diploma.jpg", hostile.jpeg_with_gps()),
        )
    assert not QualificationDocument.objects.exists()
    assert _files(media) == []
