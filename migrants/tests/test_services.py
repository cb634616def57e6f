from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from core.errors import DomainValidationError
from migrants.models import ConsentGrant, DuplicateFlag, MigrantProfile, QualificationDocument
from migrants.permissions import (
    can_view_consents,
    can_view_disability,
    get_profile_for_user,
    profiles_visible_to,
)
from migrants.selectors import experience_years_by_occupation, profile_completeness
from migrants.services import (
    consent_withdraw,
    experience_add,
    profile_handover_claim,
    profile_handover_start,
    profile_update,
    qualification_document_upload,
)
from migrants.tests.factories import (
    counsellor,
    document,
    fill_profile,
    grant,
    migrant_with_profile,
    organisation_of,
    profile_input,
    qualification,
    record_disability,
    registered_in_person,
    shared_with_authority,
)
from taxonomy.models import Occupation

pytestmark = pytest.mark.django_db


def test_migrant_builds_a_complete_profile_step_by_step() -> None:
    user, profile = migrant_with_profile()
    assert profile_completeness(profile=profile).percent == 38  # identity, contact, migration
    fill_profile(user, profile)
    assert profile_completeness(profile=profile).percent == 100
    assert profile.languages.get().understanding_id == "C1"


def test_profile_validation_names_the_field() -> None:
    user, profile = migrant_with_profile()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"phone": "0612345678"}, "phone"),
        ({"date_of_birth": date(2999, 1, 1)}, "date_of_birth"),
        ({"nationality": "QQ"}, "nationality"),
        ({"migration_status": "returned"}, "returned_from"),
    ]
    for overrides, field in cases:
        with pytest.raises(DomainValidationError) as excinfo:
            profile_update(actor=user, profile_id=profile.pk, data=profile_input(**overrides))
        assert excinfo.value.field == field


def test_profile_update_audits_field_names_not_values() -> None:
    user, profile = migrant_with_profile()
    profile_update(
        actor=user, profile_id=profile.pk, data=profile_input(family_name="Haddad-Benali")
    )
    event = AuditEvent.objects.get(action="migrants.profile.updated")
    assert event.data == {"fields": ["family_name"]}
    assert "Benali" not in str(event.data)


def test_other_migrants_and_unconsented_officers_cannot_reach_a_profile(
    government_officer: User, employer_staff: User
) -> None:
    _owner, profile = migrant_with_profile()
    other, _ = migrant_with_profile(given_names="Youssef", phone="+212699999999")
    for user in (other, government_officer, employer_staff):
        with pytest.raises(Http404):
            get_profile_for_user(user, profile.pk)


def test_counsellor_registers_in_person_edits_and_hands_over() -> None:
    staff = counsellor()
    profile = registered_in_person(staff)
    grant = profile.consents.get()
    assert (grant.purpose, grant.channel) == ("counselling", "in_person")
    profile_update(actor=staff, profile_id=profile.pk, data=profile_input(given_names="Aminah"))
    code = profile_handover_start(actor=staff, profile_id=profile.pk)
    new_user = UserFactory.create()
    claimed = profile_handover_claim(user=new_user, code=code)
    assert claimed.user == new_user
    with pytest.raises(DomainValidationError, match="not valid"):
        profile_handover_claim(user=UserFactory.create(), code=code)
    # The migrant now withdraws the counselling consent: the organisation loses access at once.
    consent_withdraw(actor=new_user, profile_id=profile.pk, consent_id=grant.pk)
    assert not profiles_visible_to(staff).filter(pk=profile.pk).exists()
    with pytest.raises(Http404):
        profile_update(actor=staff, profile_id=profile.pk, data=profile_input())


def test_consented_recognition_authority_reads_but_cannot_edit() -> None:
    user, profile = migrant_with_profile()
    authority_staff = shared_with_authority(user, qualification(user, profile))
    assert get_profile_for_user(authority_staff, profile.pk) == profile
    with pytest.raises(PermissionDenied):
        get_profile_for_user(authority_staff, profile.pk, for_write=True)


def test_disability_information_is_shared_only_by_explicit_consent() -> None:
    user, profile = migrant_with_profile()
    staff = counsellor()
    record_disability(user, profile, "uses a wheelchair")
    assert can_view_disability(user, profile)
    assert not can_view_disability(staff, profile)
    shared = grant(user, profile, "disability_share", organisation_id=organisation_of(staff).pk)
    assert can_view_disability(staff, profile)
    consent_withdraw(actor=user, profile_id=profile.pk, consent_id=shared.pk)
    assert not can_view_disability(staff, profile)
    assert "wheelchair" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_consent_records_notice_version_time_and_channel_and_is_not_duplicated() -> None:
    user, profile = migrant_with_profile()
    first = grant(user, profile, "pool_destination", country="BE")
    again = grant(user, profile, "pool_destination", country="be")
    assert first == again
    assert (first.notice_version, first.channel, first.country_id) == ("2026-11", "web", "BE")
    with pytest.raises(DomainValidationError, match="destination country"):
        grant(user, profile, "pool_destination")


def test_likely_duplicates_are_flagged_not_merged() -> None:
    migrant_with_profile(given_names="Amína", family_name="HADDAD", phone="+212600000001")
    staff = counsellor()
    second = registered_in_person(staff, phone="+212600000002")
    flag = DuplicateFlag.objects.get()
    assert flag.reasons == ["name_and_birth_date", "email"]  # both use the same address
    assert MigrantProfile.objects.count() == 2
    assert second.state == "active"


def test_experience_years_merge_overlapping_periods() -> None:
    user, profile = migrant_with_profile()
    welder = Occupation.objects.get(code="7212").pk
    for country, started, ended in (("MA", 2018, 2020), ("ES", 2019, 2021)):
        experience_add(
            actor=user,
            profile_id=profile.pk,
            occupation_id=welder,
            country=country,
            started_on=date(started, 1, 1),
            ended_on=date(ended, 1, 1),
        )
    assert experience_years_by_occupation(profile=profile) == {welder: 3.0}


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 8), "orange")
    exif = Image.Exif()
    exif[0x013B] = "Amina Haddad"  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_uploaded_photo_of_a_diploma_loses_its_metadata(private_media: Path) -> None:
    user, profile = migrant_with_profile()
    original = _jpeg_with_exif()
    assert b"Amina Haddad" in original
    stored_document = document(user, qualification(user, profile), "IMG_2031.jpg", original)
    stored = Path(stored_document.file.path).read_bytes()
    assert b"Amina Haddad" not in stored
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (8, 8)
        assert not image.getexif()


def test_hostile_document_is_refused_and_nothing_is_stored(private_media: Path) -> None:
    user, profile = migrant_with_profile()
    diploma = qualification(user, profile)
    for name, content in [
        ("cv.pdf", b"#!/bin/sh\necho"),
        ("photo.png", b"\x89PNG\r\n\x1a\n<html>"),
    ]:
        with pytest.raises(DomainValidationError):
            document(user, diploma, name, content)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4")
    big.size = 11 * 1024 * 1024
    with pytest.raises(DomainValidationError, match="limit"):
        qualification_document_upload(
            actor=user, profile_id=profile.pk, qualification_id=diploma.pk, upload=big
        )
    assert not QualificationDocument.objects.exists()
    assert not any(p.is_file() for p in private_media.rglob("*"))


def test_only_the_migrant_manages_consent_after_handover() -> None:
    user, profile = migrant_with_profile()
    staff = counsellor()
    grant(user, profile, "counselling", organisation_id=organisation_of(staff).pk)
    with pytest.raises(PermissionDenied):
        grant(staff, profile, "statistics")
    assert ConsentGrant.objects.filter(purpose="statistics").count() == 0


def test_staff_cannot_take_over_a_migrants_profile() -> None:
    staff = counsellor()
    profile = registered_in_person(staff)
    code = profile_handover_start(actor=staff, profile_id=profile.pk)
    with pytest.raises(PermissionDenied, match="staff"):
        profile_handover_claim(user=counsellor(kind="employer", country="BE"), code=code)
    profile.refresh_from_db()
    assert profile.user is None


def test_consent_ledger_is_hidden_from_a_read_only_authority() -> None:
    user, profile = migrant_with_profile()
    authority_staff = shared_with_authority(user, qualification(user, profile))
    assert can_view_consents(user, profile)
    assert not can_view_consents(authority_staff, profile)
