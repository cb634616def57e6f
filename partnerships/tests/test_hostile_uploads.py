"""Hostile agreement documents, through the page and the API: refused with the reason shown,
nothing stored (no row, no file), never a server error."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import User
from partnerships import services
from partnerships.models import Partnership, PartnershipDocument
from partnerships.tests.factories import government_officer_of, make_partnership
from tests import hostile_files as hostile
from tests.clients import ApiClientFor, ClientFor, Way

pytestmark = pytest.mark.django_db

HOSTILE = hostile.upload_cases(pdf_name="mou.pdf", image_name="plan.png", office_name="annex.docx")


@pytest.fixture
def officer() -> User:
    return government_officer_of("BE")


@pytest.fixture
def partnership(officer: User) -> Partnership:
    return make_partnership(officer)


def _html_upload(client: Client, partnership: Partnership, upload: SimpleUploadedFile) -> Any:
    return client.post(
        reverse("partnerships:document-upload", args=[partnership.pk]),
        {
            "document-title": "Annex",
            "document-kind": PartnershipDocument.Kind.ANNEX,
            "document-file": upload,
        },
    )


def _api_upload(client: Client, partnership: Partnership, upload: SimpleUploadedFile) -> Any:
    return client.post(
        f"/api/v1/partnerships/{partnership.pk}/documents/",
        {"file": upload, "title": "Annex", "kind": "annex"},
        format="multipart",
    )


@pytest.mark.parametrize("case", HOSTILE)
def test_officer_cannot_store_a_hostile_document(
    officer: User,
    partnership: Partnership,
    private_media: Path,
    way: Way,
    case: hostile.Hostile,
) -> None:
    if way.name == "page":
        page = _html_upload(way.client_for(officer), partnership, case.upload())
        hostile.assert_page_refuses(page, case.refusal)
    else:
        api = _api_upload(way.client_for(officer), partnership, case.upload())
        hostile.assert_api_refuses(api, case.refusal)
    assert not PartnershipDocument.objects.exists()
    assert hostile.files_under(private_media) == []


def _exif_of(document: PartnershipDocument) -> tuple[bytes, dict[int, Any]]:
    stored = Path(document.file.path).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        return stored, dict(image.getexif())


def test_a_photo_of_a_document_loses_its_gps_position_and_metadata(
    officer: User,
    partnership: Partnership,
    private_media: Path,
    client_for: ClientFor,
    api_client_for: ApiClientFor,
) -> None:
    photo = hostile.jpeg_with_gps()
    assert b"Amina Haddad" in photo
    page = _html_upload(client_for(officer), partnership, SimpleUploadedFile("IMG_2031.jpg", photo))
    assert page.status_code == 302
    api = _api_upload(
        api_client_for(officer), partnership, SimpleUploadedFile("IMG_2032.jpg", photo)
    )
    assert api.status_code == 201
    for document in PartnershipDocument.objects.all():
        stored, exif = _exif_of(document)
        assert exif == {}
        assert b"Amina Haddad" not in stored and b"PhoneMaker" not in stored
        assert document.size == len(stored)


def test_a_failure_after_the_file_was_written_leaves_no_file_and_no_row(
    officer: User, partnership: Partnership, private_media: Path, monkeypatch: pytest.MonkeyPatch
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
    assert hostile.files_under(private_media) == []


def test_a_download_is_named_after_the_type_found_not_the_name_given(
    officer: User, partnership: Partnership, private_media: Path, client_for: ClientFor
) -> None:
    client = client_for(officer)
    _html_upload(client, partnership, SimpleUploadedFile("..\\..\\cv\u202efdp.exe", hostile.pdf()))
    document = PartnershipDocument.objects.get()
    response = client.get(
        reverse("partnerships:document-download", args=[partnership.pk, document.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="cvfdp.pdf"'
    assert response["Content-Type"] == "application/pdf"
