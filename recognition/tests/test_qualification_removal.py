"""Removing a qualification that a recognition request holds: refused with the request named once
the authority has received it (API 409, a message on the page, nothing lost); an unsent draft
goes with the qualification."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from migrants.models import Qualification
from recognition.models import RecognitionRequest
from recognition.services import request_withdraw
from recognition.tests.factories import make_request
from tests.clients import ApiClientFor, ClientFor

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status

# Every status a request can be in once the authority has received it.
RECEIVED = [
    S.SUBMITTED,
    S.SCREENING,
    S.INFORMATION_REQUESTED,
    S.RESUBMITTED,
    S.ASSESSMENT,
    S.DECIDED,
    S.APPEALED,
    S.APPEAL_DECIDED,
    S.CLOSED,
]


def _api_remove(client: APIClient, qualification_id: int) -> object:
    return client.delete(f"/api/v1/migrants/me/qualifications/{qualification_id}/")


@pytest.mark.parametrize("status", RECEIVED)
def test_migrant_cannot_remove_a_qualification_an_authority_holds_api(
    status: str, api_client_for: ApiClientFor
) -> None:
    request, applicant, _officer = make_request(status)
    response = api_client_for(applicant).delete(
        f"/api/v1/migrants/me/qualifications/{request.qualification_id}/"
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert request.reference in body["detail"]
    assert body["code"] == "in_use"
    assert Qualification.objects.filter(pk=request.qualification_id).exists()
    assert RecognitionRequest.objects.filter(pk=request.pk, status=status).exists()


def test_migrant_cannot_remove_a_qualification_withdrawn_after_submission_api(
    api_client_for: ApiClientFor,
) -> None:
    request, applicant, _officer = make_request(S.SUBMITTED)
    request_withdraw(actor=applicant, request_id=request.pk)
    response = api_client_for(applicant).delete(
        f"/api/v1/migrants/me/qualifications/{request.qualification_id}/"
    )
    assert response.status_code == 409, response.content
    assert request.reference in response.json()["detail"]
    assert Qualification.objects.filter(pk=request.qualification_id).exists()


@pytest.mark.parametrize("status", [S.DRAFT, S.WITHDRAWN])
def test_migrant_can_remove_a_qualification_whose_request_was_never_sent(
    status: str, api_client_for: ApiClientFor
) -> None:
    """A draft (or a draft withdrawn before sending) never reached the authority: it goes with
    the qualification it was about."""
    request, applicant, _officer = make_request(status)
    response = api_client_for(applicant).delete(
        f"/api/v1/migrants/me/qualifications/{request.qualification_id}/"
    )
    assert response.status_code == 204, response.content
    assert not Qualification.objects.filter(pk=request.qualification_id).exists()
    assert not RecognitionRequest.objects.filter(pk=request.pk).exists()


def test_migrant_cannot_remove_a_qualification_an_authority_holds_html(
    client_for: ClientFor,
) -> None:
    request, applicant, _officer = make_request(S.ASSESSMENT)
    remove = reverse("migrants:own-entry-remove", args=["qualifications", request.qualification_id])
    response = client_for(applicant).post(remove, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert request.reference in page
    assert "message--error" in page
    assert Qualification.objects.filter(pk=request.qualification_id).exists()
    assert RecognitionRequest.objects.get(pk=request.pk).status == S.ASSESSMENT


def test_a_protecting_record_no_hook_knows_is_refused_in_words(
    monkeypatch: pytest.MonkeyPatch, api_client_for: ApiClientFor
) -> None:
    """The last line: a protected foreign key that no removal hook covers still answers 409."""
    monkeypatch.setattr("migrants.hooks.QUALIFICATION_REMOVAL_HOOKS", [])
    request, applicant, _officer = make_request(S.SUBMITTED)
    response = api_client_for(applicant).delete(
        f"/api/v1/migrants/me/qualifications/{request.qualification_id}/"
    )
    assert response.status_code == 409, response.content
    assert request.reference in response.json()["detail"]
    assert Qualification.objects.filter(pk=request.qualification_id).exists()
