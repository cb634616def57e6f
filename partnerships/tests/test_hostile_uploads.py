"""Hostile agreement documents, through the page and the API: refused with the reason shown,
nothing stored (no row, no file), never a server error."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from accounts.models import User
from partnerships import services
from partnerships.models import Partnership, PartnershipDocument
from partnerships.tests.factories import government_officer_of, make_partnership
from tests import hostile_files as hostile

pytestmark = pytest.mark.django_db

HOSTILE = [
    pytest.param("plan.png", hostile.pixel_flood_png, "megapixels", id="pixel-flood-png"),
    pytest.param("mou.pdf", hostile.pdf_javascript, "active content (JavaScript)", id="pdf-js"),
    pytest.param(
        "mou.pdf", hostile.pdf_javascript_hex_escaped, "active content (JavaScript)", id="js-hex"
    ),
    pytest.param(
        "mou.pdf",
        hostile.pdf_javascript_in_object_stream,
        "active content (JavaScript)",
        id="js-in-object-stream",
    ),
    pytest.param("mou.pdf", hostile.pdf_launch, "active content", id="pdf-launch"),
    pytest.param("mou.pdf", hostile.pdf_embedded_file, "active content", id="pdf-embedded"),
    pytest.param("mou.pdf", hostile.pdf_zip_polyglot, "ZIP archive hidden", id="pdf-zip"),
    pytest.param("map.png", hostile.png_zip_polyglot, "ZIP archive hidden", id="png-zip"),
    pytest.param("annex.docx", hostile.docx_with_macros, "macros", id="docx-vba"),
    pytest.param("mou.pdf", hostile.pdf_with_eicar, "The virus check found", id="pdf-eicar"),
]


@pytest.fixture
def officer() -> User:
    return government_officer_of("BE")


@pytest.fixture
def partnership(officer: User) -> Partnership:
    return make_partnership(officer)


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _html_upload(client: Client, partnership: Partnership, name: str, content: bytes) -> Any:
    return client.post(
        reverse("partnerships:document-upload", args=[partnership.pk]),
        {
            "document-title": "Annex",
            "document-kind": PartnershipDocument.Kind.ANNEX,
            "document-file": SimpleUploadedFile(name, content),
        },
    )


def _api_upload(client: APIClient, partnership: Partnership, name: str, content: bytes) -> Any:
    return client.post(
        f"/api/v1/partnerships/{partnership.pk}/documents/",
        {"file": SimpleUploadedFile(name, content), "title": "Annex", "kind": "annex"},
        format="multipart",
    )


@pytest.mark.parametrize(("name", "builder", "message"), HOSTILE)
def test_officer_cannot_store_a_hostile_document_through_the_page(
    officer: User,
    partnership: Partnership,
    media: Path,
    client_for: Callable[[User], Client],
    name: str,
    builder: Callable[[], bytes],
    message: str,
) -> None:
    response = _html_upload(client_for(officer), partnership, name, builder())
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not PartnershipDocument.objects.exists()
    assert _files(media) == []


@pytest.mark.parametrize(("name", "builder", "message"), HOSTILE)
def test_officer_cannot_store_a_hostile_document_through_the_api(
    officer: User,
    partnership: Partnership,
    media: Path,
    api_client_for: Callable[[User], APIClient],
    name: str,
    builder: Callable[[], bytes],
    message: str,
) -> None:
    response = _api_upload(api_client_for(officer), partnership, name, builder())
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert message in response.json()["detail"]
    assert not PartnershipDocument.objects.exists()
    assert _files(media) == []


def _exif_of(document: PartnershipDocument) -> tuple[bytes, dict[int, Any]]:
    stored = Path(document.file.path).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        return stored, dict(image.getexif())


def test_a_photo_of_a_document_loses_its_gps_position_and_metadata(
    officer: User,
    partnership: Partnership,
    media: Path,
    client_for: Callable[[User], Client],
    api_client_for: Callable[[User], APIClient],
) -> None:
    photo = hostile.jpeg_with_gps()
    assert b"Amina Haddad" in photo
    page = _html_upload(client_for(officer), partnership, "IMG_2031.jpg", photo)
    assert page.status_code == 302
    api = _api_upload(api_client_for(officer), partnership, "IMG_2032.jpg", photo)
    assert api.status_code == 201
    for document in PartnershipDocument.objects.all():
        stored, exif = _exif_of(document)
        assert exif == {}
        assert b"Amina Haddad" not in stored and b"PhoneMaker" not in stored
        assert document.size == len(stored)


def test_a_failure_after_the_file_was_written_leaves_no_file_and_no_row(
    officer: User, partnership: Partnership, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_audit(**kwargs: object) -> None:
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(services.documents, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.document_upload(
            actor=officer,
            partnership_id=partnership.pk,
            upload=SimpleUploadedFile("mou.pdf", hostile.pdf()),
            title="MoU",
            kind="agreement",
        )
    assert not PartnershipDocument.objects.exists()
    assert _files(media) == []


def test_a_download_is_named_after_the_type_found_not_the_name_given(
    officer: User, partnership: Partnership, media: Path, client_for: Callable[[User], Client]
) -> None:
    client = client_for(officer)
    _html_upload(client, partnership, "..\\..\\cv\u202efdp.exe", hostile.pdf())
    document = PartnershipDocument.objects.get()
    response = client.get(
        reverse("partnerships:document-download", args=[partnership.pk, document.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="cvfdp.pdf"'
    assert response["Content-Type"] == "application/pdf"
