"""The portal's one public verification: recognition decisions and training certificates are
checked at the same address, as a page, as JSON and through the API, with only the essentials."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from recognition.models import Decision, RecognitionRequest
from recognition.services import decision_revoke
from recognition.tests.factories import make_request
from training.models import Certificate
from training.services import certificate_revoke, cohort_apply_action, enrolment_apply_action
from training.tests.factories import Setting, enrol, make_cohort, make_setting, participant

pytestmark = pytest.mark.django_db


def certified() -> tuple[Setting, Certificate]:
    setting = make_setting()
    cohort = make_cohort(setting)
    enrolment = enrol(setting, cohort, participant(setting), track="away")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    for action in ("complete", "certify"):
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action=action)
    return setting, Certificate.objects.get(enrolment=enrolment)


def decided() -> tuple[Decision, RecognitionRequest]:
    rec, _applicant, _officer = make_request(RecognitionRequest.Status.DECIDED)
    return rec.decisions.get(), rec


def _page(code: str) -> str:
    response = Client().get(reverse("verify", args=[code]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    body = response.content.decode()
    assert '<meta name="robots" content="noindex">' in body
    return body


def _json(code: str) -> dict[str, object]:
    response = Client().get(reverse("verify-json", args=[code]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    data: dict[str, object] = json.loads(response.content)
    return data


def _api(code: str) -> dict[str, object]:
    response = APIClient().get(f"/api/v1/verify/{code}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data: dict[str, object] = response.json()
    return data


def _verifies(code: str, shown: tuple[str, ...], answer: dict[str, object]) -> str:
    """The page of ``code`` shows each of ``shown``; its JSON and the API give ``answer``. The
    page, for more checks."""
    page = _page(code)
    for text in shown:
        assert text in page, text
    assert _json(code) == answer
    assert _api(code) == answer
    return page


def test_certificate_and_decision_verify_at_the_same_address() -> None:
    cache.clear()  # the anonymous API rate limit
    setting, certificate = certified()
    decision, rec = decided()
    today = timezone.localdate().isoformat()

    certificate_shown = (
        "Training certificate",
        "Certified web developer",
        "OFPPT",
        "Full-stack web developer bootcamp",
        "Valid",
        "A. H.",
    )
    certificate_answer: dict[str, object] = {
        "kind": "training_certificate",
        "code": certificate.verification_code,
        "status": "valid",
        "title": "Certified web developer",
        "issuer": {"name": "OFPPT", "country": "MA"},
        "issued_on": today,
        "revoked_on": None,
        "holder_initials": "A. H.",
        "programme": "Full-stack web developer bootcamp",
        "provider": setting.provider.name,
        "hours": 600,
        "isced_level": 4,
    }
    _verifies(certificate.verification_code, certificate_shown, certificate_answer)

    decision_shown = (
        "Recognition decision",
        "BSc Nursing",
        rec.authority.name,
        "Adaptation period",
    )
    decision_answer: dict[str, object] = {
        "kind": "recognition_decision",
        "code": decision.verification_code,
        "status": "valid",
        "title": "BSc Nursing",
        "issuer": {"name": rec.authority.name, "country": "DE"},
        "issued_on": today,
        "revoked_on": None,
        "holder_initials": "A. H.",
        # The keys a decision's JSON has always had.
        "outcome": "partial",
        "stage": "first",
        "compensation_measures": ["adaptation_period"],
        "qualification": {"title": "BSc Nursing", "country": "PH"},
        "authority": {"name": rec.authority.name, "country": "DE"},
        "decided_on": today,
    }
    page = _verifies(decision.verification_code, decision_shown, decision_answer)
    assert reverse("verify-json", args=[decision.verification_code]) in page


def test_a_revoked_certificate_and_decision_show_revoked() -> None:
    cache.clear()
    setting, certificate = certified()
    certificate_revoke(actor=setting.staff, certificate_id=certificate.pk, reason="Exam fraud")
    decision, rec = decided()
    officer = rec.authority.memberships.get().user
    decision_revoke(actor=officer, decision_id=decision.pk, reason="Forged transcript")
    today = timezone.localdate().isoformat()

    for code, reason in (
        (certificate.verification_code, "Exam fraud"),
        (decision.verification_code, "Forged transcript"),
    ):
        page = _page(code)
        assert "Revoked on" in page
        assert "This document is no longer valid." in page
        assert reason not in page  # reasons stay private
        for data in (_json(code), _api(code)):
            assert (data["status"], data["revoked_on"]) == ("revoked", today)
            assert reason not in json.dumps(data)


def test_an_unknown_code_is_not_found() -> None:
    cache.clear()
    certified()
    for code in ("nope", "x" * 70):
        assert Client().get(reverse("verify", args=[code])).status_code == 404
        assert Client().get(reverse("verify-json", args=[code])).status_code == 404
        api = APIClient().get(f"/api/v1/verify/{code}/")
        assert api.status_code == 404
        assert api["Cache-Control"] == "no-store"


def test_no_name_birth_date_or_contact_is_shown() -> None:
    cache.clear()
    _setting, certificate = certified()
    decision, rec = decided()
    holders = [
        (certificate.verification_code, certificate.enrolment.profile),
        (decision.verification_code, rec.applicant),
    ]
    for code, profile in holders:
        profile.refresh_from_db()
        dob = profile.date_of_birth
        assert dob is not None
        secrets = [
            f"{profile.given_names} {profile.family_name}",
            profile.given_names,
            profile.family_name,
            profile.contact_email,
            profile.phone,
            dob.isoformat(),
            f"{dob:%B} {dob.day}, {dob.year}",
        ]
        for body in (_page(code), json.dumps(_json(code)), json.dumps(_api(code))):
            for secret in secrets:
                assert secret and secret not in body, secret
