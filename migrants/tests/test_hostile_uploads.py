"""Hostile qualification documents, through the profile page and the API: refused with the
reason shown, nothing stored (no row, no file), never a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from migrants import services
from migrants.models import Qualification, QualificationDocument
from migrants.services import documents
from migrants.tests.factories import migrant_with_profile, qualification
from tests import hostile_files as hostile
from tests.clients import Way

pytestmark = pytest.mark.django_db

HOSTILE = hostile.upload_cases(pdf_name="cv.pdf", image_name="diploma.png")


@pytest.fixture
def owner() -> tuple[User, Qualification]:
    user, profile = migrant_with_profile()
    return user, qualification(user, profile, title="Diploma", institution="OFPPT", isced_level=5)


@pytest.mark.parametrize("case", HOSTILE)
def test_migrant_cannot_store_a_hostile_document(
    owner: tuple[User, Qualification],
    private_media: Path,
    way: Way,
    case: hostile.Hostile,
) -> None:
    user, qualification = owner
    if way.name == "page":
        page = way.client_for(user).post(
            reverse("migrants:own-document-upload", args=[qualification.pk]),
            {f"doc{qualification.pk}-file": case.upload()},
        )
        hostile.assert_page_refuses(page, case.refusal)
    else:
        api = way.client_for(user).post(
            f"/api/v1/migrants/me/qualifications/{qualification.pk}/documents/",
            {"file": case.upload()},
            format="multipart",
        )
        hostile.assert_api_refuses(api, case.refusal)
    assert not QualificationDocument.objects.exists()
    assert hostile.files_under(private_media) == []


def test_a_failure_after_the_file_was_written_leaves_no_file_and_no_row(
    owner: tuple[User, Qualification], private_media: Path, monkeypatch: pytest.MonkeyPatch
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
    assert hostile.files_under(private_media) == []
