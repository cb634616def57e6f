"""Erasing a migrant's profile (GDPR art. 17) through ``migrants.rights.profile_erase``: the
recognition app's hook withdraws what is open, erases the conversation and keeps decisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from allauth.account.models import EmailAddress

from accounts.models import Notification, User
from audit.models import AuditEvent
from core.api.verification import document_data
from core.verification import verify_code
from migrants.internal import ERASURE_HOOKS
from migrants.models import Qualification
from migrants.rights.services import profile_erase
from migrants.services import profile_create_for_self
from migrants.tests.factories import profile_input
from recognition.internal import applicant_erase
from recognition.models import Decision, RecognitionRequest, RequestMessage
from recognition.services import (
    decision_revoke,
    message_post,
    request_ask_information,
    request_close,
    request_decide,
    request_start_assessment,
    request_start_screening,
    request_submit,
)
from recognition.tests.factories import authority, draft_request, nursing_degree, partial_decision
from tests.erasure_support import database_hits

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]

MARKERS = [
    "Zubeydaxq",
    "Quorvendal",
    "+212655500123",
    "zq.marker",
    "Marker Diploma Xq",
    "Markerinstitutexq",
]


def test_the_hook_is_registered_by_the_app() -> None:
    assert ERASURE_HOOKS.count(applicant_erase) == 1


def test_erasure_withdraws_open_requests_erases_messages_and_keeps_decisions(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    organisation, officer = authority()
    user = User.objects.create_user(
        "zq.marker@example.org", "a-long-marker-password", full_name="Zubeydaxq Quorvendal"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = profile_create_for_self(
        user=user,
        data=profile_input(
            given_names="Zubeydaxq",
            family_name="Quorvendal",
            phone="+212655500123",
            contact_email="zq.marker@example.org",
        ),
    )
    nursing = nursing_degree(user, profile.pk)
    # Only ever in undecided requests: nothing keeps it, so it loses what could identify.
    marked = nursing_degree(
        user,
        profile.pk,
        title="Marker Diploma Xq",
        institution="Markerinstitutexq",
        country="MA",
        isced_level=5,
    )

    def new(qualification: Qualification) -> int:
        return draft_request(user, qualification.pk, organisation).pk

    with django_capture_on_commit_callbacks(execute=True):
        draft = new(marked)
        asked = new(marked)
        request_submit(actor=user, request_id=asked)
        request_start_screening(actor=officer, request_id=asked)
        request_ask_information(
            actor=officer,
            request_id=asked,
            message="Dear Zubeydaxq Quorvendal, please send the transcript to zq.marker.",
        )
        assessed = new(nursing)
        request_submit(actor=user, request_id=assessed)
        request_start_screening(actor=officer, request_id=assessed)
        request_start_assessment(actor=officer, request_id=assessed)
        message_post(
            actor=user, request_id=assessed, body="Zubeydaxq here, my phone is +212655500123."
        )
        decided = new(nursing)
        closed = new(nursing)
        for pk in (decided, closed):
            request_submit(actor=user, request_id=pk)
            request_start_screening(actor=officer, request_id=pk)
            request_start_assessment(actor=officer, request_id=pk)
            data = partial_decision()
            data.reasons = "Ms Quorvendal's training differs in geriatric care."
            data.substantial_differences = ["Zubeydaxq had a shorter geriatric placement"]
            request_decide(actor=officer, request_id=pk, data=data)
        request_close(actor=officer, request_id=closed)
        revoked = Decision.objects.get(request_id=closed)
        decision_revoke(
            actor=officer, decision_id=revoked.pk, reason="Issued under the wrong regulation."
        )
    assert Notification.objects.filter(user=user, body__icontains="Zubeydaxq").exists()
    assert database_hits("Zubeydaxq")  # the search finds what is there
    codes = dict(Decision.objects.values_list("request_id", "verification_code"))

    with django_capture_on_commit_callbacks(execute=True):
        profile_erase(actor=user, profile_id=profile.pk)

    status = dict(RecognitionRequest.objects.filter(applicant=profile).values_list("pk", "status"))
    assert status == {
        draft: S.WITHDRAWN,
        asked: S.WITHDRAWN,
        assessed: S.WITHDRAWN,
        decided: S.DECIDED,
        closed: S.CLOSED,
    }
    assert RecognitionRequest.objects.get(pk=asked).clock_stopped_at is None
    withdrawn = AuditEvent.objects.filter(
        action="recognition.request.withdrawn", target_id__in=[str(draft), str(asked)]
    )
    assert [e.data for e in withdrawn] == [{"basis": "erasure"}] * 2
    assert set(RequestMessage.objects.values_list("body", flat=True)) == {"[erased]"}
    assert RequestMessage.objects.count() == 2

    # Decisions stay verifiable by the same codes, without the person's name in them.
    assert dict(Decision.objects.values_list("request_id", "verification_code")) == codes
    decision = Decision.objects.get(request_id=decided)
    assert decision.reasons == "Ms [redacted]'s training differs in geriatric care."
    assert decision.substantial_differences == ["[redacted] had a shorter geriatric placement"]
    assert Decision.objects.get(request_id=closed).revoked_at is not None
    for code in codes.values():
        found = verify_code(code)
        assert found is not None
        public = json.dumps(document_data(found), default=str)
        assert json.loads(public)["holder_initials"] == "—"
        assert not any(m.lower() in public.lower() for m in MARKERS)
    # The decided qualification stays as the decision's subject; the other is blanked.
    nursing.refresh_from_db()
    marked.refresh_from_db()
    assert (nursing.title, nursing.institution) == ("BSc Nursing", "University of Santo Tomas")
    assert (marked.title, marked.institution, marked.awarded_on) == ("[erased]", "[erased]", None)
    assert not nursing.documents.exists()

    # The officer learns which submitted requests were withdrawn (not the draft).
    told = Notification.objects.filter(user=officer, title__contains="withdrawn")
    references = RecognitionRequest.objects.filter(pk__in=[asked, assessed]).values_list(
        "reference", flat=True
    )
    assert sorted(n.title.split()[0] for n in told) == sorted(references)
    assert not Notification.objects.filter(user=user).exists()

    for marker in MARKERS:
        assert database_hits(marker) == [], marker


def test_erasure_without_recognition_requests_is_unchanged() -> None:
    user = User.objects.create_user("plain@example.org", "a-long-password-1")
    profile = profile_create_for_self(user=user, data=profile_input())
    nursing_degree(user, profile.pk)
    profile_erase(actor=user, profile_id=profile.pk)
    assert not Qualification.objects.exists()
    assert not RecognitionRequest.objects.exists()
