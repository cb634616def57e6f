"""The recognition pages, as an applicant, an officer and a member of the public use them."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory
from migrants.tests.factories import migrant_with_profile
from recognition.models import Decision, RecognitionRequest
from recognition.services import (
    DecisionInput,
    decision_revoke,
    request_ask_information,
    request_decide,
    request_start_assessment,
    request_start_screening,
)
from recognition.tests.factories import (
    applicant_with_qualification,
    authority,
    make_request,
    partial_decision,
    submitted_to,
)
from taxonomy.models import Occupation
from tests.clients import ClientFor, assert_sent_to_sign_in, page_text

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status


def _detail(rec: RecognitionRequest) -> str:
    return reverse("recognition:detail", args=[rec.pk])


def _nursing() -> Occupation:
    return Occupation.objects.get(code="2221")


def _decision_post(**overrides: str) -> dict[str, str]:
    data = {
        "decide-outcome": "partial",
        "decide-comparable_isced_level": "6",
        "decide-eqf_level": "6",
        "decide-substantial_differences": "Geriatric care placement\nCommunity nursing",
        "decide-reasons": "Training differs substantially in geriatric care.",
        "decide-appeal_route": "Administrative court of Cologne",
        "decide-appeal_deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "measure-TOTAL_FORMS": "2",
        "measure-INITIAL_FORMS": "0",
        "measure-MIN_NUM_FORMS": "0",
        "measure-MAX_NUM_FORMS": "6",
        "measure-0-kind": "adaptation_period",
        "measure-0-description": "Six months supervised practice in a care home",
        "measure-0-duration_months": "6",
        "measure-1-kind": "",
        "measure-1-description": "",
        "measure-1-duration_months": "",
    }
    data.update(overrides)
    return data


# --- The applicant's journey ------------------------------------------------------------------
def test_applicant_finds_the_authority_submits_answers_and_sees_the_decision(
    client_for: ClientFor,
) -> None:
    organisation, officer = authority()
    user, _profile, qualification_id = applicant_with_qualification()
    client = client_for(user)

    found = client.get(
        reverse("recognition:finder"), {"country": "DE", "occupation": str(_nursing().pk)}
    )
    assert found.status_code == 200
    assert organisation.name in page_text(found)
    assert "is a regulated profession in Germany" in page_text(found)
    assert "within 120 days of a complete file" in page_text(found)
    ask = re.search(r'href="(/recognition/new/\?[^"]+)"', page_text(found))
    assert ask is not None

    form = client.get(ask.group(1).replace("&amp;", "&"))
    assert form.status_code == 200
    assert f'<option value="{organisation.pk}" selected>' in page_text(form)

    created = client.post(
        reverse("recognition:create"),
        {
            "qualification": qualification_id,
            "destination_country": "DE",
            "authority": organisation.pk,
            "purpose": "regulated_profession",
            "target_occupation": _nursing().pk,
            "direction": "standard",
        },
    )
    rec = RecognitionRequest.objects.get(applicant__user=user)
    assert created["Location"] == reverse("recognition:review", args=[rec.pk])
    review = client.get(created["Location"])
    assert "Submitting shares this qualification" in page_text(review)

    submitted = client.post(reverse("recognition:move", args=[rec.pk, "submit"]), follow=True)
    assert "Your request was submitted" in page_text(submitted)
    rec.refresh_from_db()
    assert rec.status == S.SUBMITTED

    request_start_screening(actor=officer, request_id=rec.pk)
    request_ask_information(
        actor=officer, request_id=rec.pk, message="Please send the transcript of records."
    )
    page = client.get(_detail(rec))
    assert "The authority needs information from you" in page_text(page)
    assert "Please send the transcript of records." in page_text(page)
    assert "Clock stopped" in page_text(page)
    answer = reverse("recognition:resubmit", args=[rec.pk])
    assert f'href="{answer}"' in page_text(page)
    assert "Please send the transcript of records." in page_text(client.get(answer))

    empty = client.post(answer, {"step-text": "  "})
    assert empty.status_code == 400
    assert "This field is required." in page_text(empty)

    answered = client.post(
        answer, {"step-text": "The transcript is now on my profile."}, follow=True
    )
    assert "the decision clock runs again" in page_text(answered)
    rec.refresh_from_db()
    assert rec.status == S.RESUBMITTED

    request_start_assessment(actor=officer, request_id=rec.pk)
    decision = request_decide(actor=officer, request_id=rec.pk, data=partial_decision())
    page = client.get(_detail(rec))
    body = page_text(page)
    assert "Partial recognition with compensation measures" in body
    assert "Adaptation period" in body
    assert reverse("verify", args=[decision.verification_code]) in body
    assert reverse("recognition:decision-print", args=[rec.pk, decision.pk]) in body
    appeal = reverse("recognition:appeal", args=[rec.pk])
    assert f'href="{appeal}"' in body
    assert "Appeal the decision" in page_text(client.get(appeal))
    # The timeline runs oldest first and tells both sides' steps.
    assert body.index("Request drafted") < body.index("Information requested; the clock")
    assert body.index("Information sent; the clock restarted") < body.index("Decision made")

    printed = client.get(reverse("recognition:decision-print", args=[rec.pk, decision.pk]))
    assert printed.status_code == 200
    assert "no-store" in printed["Cache-Control"]
    text = page_text(printed)
    assert f"http://testserver/verify/{decision.verification_code}/" in text
    assert '<svg class="decision-doc__qr"' in text
    assert "Amina Haddad" in text  # the full document is the holder's own


def test_migrant_without_profile_is_sent_to_create_one(
    migrant: User, client_for: ClientFor
) -> None:
    response = client_for(migrant).get(reverse("recognition:create"))
    assert response["Location"] == reverse("migrants:profile")


# --- The officer's queue and decision ---------------------------------------------------------
def test_officer_works_the_queue_by_due_date_and_bulk_assigns(client_for: ClientFor) -> None:
    organisation, officer = authority()
    colleague = MembershipFactory.create(organisation=organisation).user
    recent, _ = submitted_to(organisation)
    late, _ = submitted_to(organisation)
    RecognitionRequest.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - timedelta(days=45)
    )
    client = client_for(officer)

    queue = page_text(client.get(reverse("recognition:list")))
    assert queue.index(late.reference) < queue.index(recent.reference)
    assert "Acknowledgement overdue" in queue

    overdue = page_text(client.get(reverse("recognition:list"), {"due": "overdue"}))
    assert late.reference in overdue
    assert recent.reference not in overdue

    assigned = client.post(
        reverse("recognition:assign"),
        {"requests": [recent.pk, late.pk], "officer": colleague.pk, "query": "due=overdue"},
    )
    assert assigned["Location"] == reverse("recognition:list") + "?due=overdue"
    assert set(
        RecognitionRequest.objects.filter(pk__in=[recent.pk, late.pk]).values_list(
            "assigned_officer", flat=True
        )
    ) == {colleague.pk}
    mine = page_text(client_for(colleague).get(reverse("recognition:list"), {"mine": "on"}))
    assert late.reference in mine
    assert recent.reference in mine
    assert late.reference not in page_text(client.get(reverse("recognition:list"), {"mine": "on"}))


def test_queue_filters_by_occupation_and_origin(client_for: ClientFor) -> None:
    organisation, officer = authority()
    rec, _ = submitted_to(organisation)
    client = client_for(officer)
    assert rec.reference in page_text(client.get(reverse("recognition:list"), {"occupation": "22"}))
    assert rec.reference not in page_text(
        client.get(reverse("recognition:list"), {"occupation": "31"})
    )
    assert rec.reference in page_text(client.get(reverse("recognition:list"), {"origin": "PH"}))
    assert rec.reference not in page_text(client.get(reverse("recognition:list"), {"origin": "MA"}))
    refused = client.get(reverse("recognition:list"), {"occupation": "nurse"})
    assert "Enter one to four digits" in page_text(refused)


def test_officer_decides_with_a_compensation_measure(client_for: ClientFor) -> None:
    rec, _applicant, officer = make_request(S.ASSESSMENT)
    client = client_for(officer)

    incomplete = client.post(
        reverse("recognition:decide", args=[rec.pk]),
        _decision_post(
            **{"measure-0-kind": "", "measure-0-description": "", "measure-0-duration_months": ""}
        ),
    )
    assert incomplete.status_code == 400
    assert "A partial recognition names at least one compensation measure." in page_text(incomplete)
    assert "Training differs substantially in geriatric care." in page_text(incomplete)  # kept

    half = client.post(
        reverse("recognition:decide", args=[rec.pk]), _decision_post(**{"measure-0-kind": ""})
    )
    assert "Choose the kind of measure." in page_text(half)

    decided = client.post(reverse("recognition:decide", args=[rec.pk]), _decision_post())
    assert decided.status_code == 302
    decision = Decision.objects.get(request=rec)
    assert decision.outcome == "partial"
    assert decision.substantial_differences == ["Geriatric care placement", "Community nursing"]
    assert [(m.kind, m.duration_months) for m in decision.measures.all()] == [
        ("adaptation_period", 6)
    ]
    rec.refresh_from_db()
    assert rec.status == S.DECIDED


def test_a_second_decision_gets_a_conflict_message(client_for: ClientFor) -> None:
    rec, _applicant, officer = make_request(S.DECIDED)
    response = client_for(officer).post(
        reverse("recognition:decide", args=[rec.pk]), _decision_post(), follow=True
    )
    assert "This request was decided meanwhile" in page_text(response)
    assert Decision.objects.filter(request=rec).count() == 1


def test_a_refused_step_shows_its_message(client_for: ClientFor) -> None:
    rec, _applicant, officer = make_request(S.INFORMATION_REQUESTED)
    response = client_for(officer).post(
        reverse("recognition:move", args=[rec.pk, "start_assessment"]), follow=True
    )
    assert response.redirect_chain[-1][0] == _detail(rec)
    assert "A request that is information requested cannot become assessment." in page_text(
        response
    )
    rec.refresh_from_db()
    assert rec.status == S.INFORMATION_REQUESTED


def test_officer_cannot_take_the_applicants_step(client_for: ClientFor) -> None:
    rec, _applicant, officer = make_request(S.SUBMITTED)
    response = client_for(officer).post(reverse("recognition:move", args=[rec.pk, "withdraw"]))
    assert response.status_code == 403


def test_officer_does_not_see_a_draft(client_for: ClientFor) -> None:
    rec, _applicant, officer = make_request(S.DRAFT)
    assert client_for(officer).get(_detail(rec)).status_code == 404


def test_officer_sees_precedents_linking_their_verification(client_for: ClientFor) -> None:
    earlier, _applicant, _officer = make_request(S.DECIDED)
    decision = earlier.decisions.get()
    organisation = earlier.authority
    rec, _ = submitted_to(organisation)
    officer = MembershipFactory.create(organisation=organisation).user
    body = page_text(client_for(officer).get(_detail(rec)))
    assert "Precedents" in body
    assert reverse("verify", args=[decision.verification_code]) in body


# --- Permission matrix ------------------------------------------------------------------------
def _actor(role: str, rec: RecognitionRequest, applicant: User, officer: User) -> User | None:
    if role == "applicant":
        return applicant
    if role == "officer":
        return officer
    if role == "other_migrant":
        return migrant_with_profile(given_names="Other")[0]
    if role == "other_officer":
        return authority("BE")[1]
    if role == "employer":
        organisation = Organisation.objects.create(
            name="Care Employer", kind=Organisation.Kind.EMPLOYER, country_id="DE"
        )
        return MembershipFactory.create(organisation=organisation).user
    return None


PAGES = ["detail", "message", "print"]
EXPECTED = {
    "applicant": {"detail": 200, "message": 302, "print": 200},
    "officer": {"detail": 200, "message": 302, "print": 200},
    "other_migrant": {"detail": 404, "message": 404, "print": 404},
    "other_officer": {"detail": 404, "message": 404, "print": 404},
    # Routes declare who they are for: an employer is refused whatever the request.
    "employer": {"detail": 403, "message": 403, "print": 403},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", [*EXPECTED, "anonymous"])
def test_permission_matrix(page: str, role: str, client_for: ClientFor) -> None:
    rec, applicant, officer = make_request(S.DECIDED)
    decision = rec.decisions.get()
    user = _actor(role, rec, applicant, officer)
    client = client_for(user) if user else Client()
    if page == "detail":
        response = client.get(_detail(rec))
    elif page == "print":
        response = client.get(reverse("recognition:decision-print", args=[rec.pk, decision.pk]))
    else:
        response = client.post(reverse("recognition:message", args=[rec.pk]), {"msg-body": "Hi"})
    if user is None:
        assert_sent_to_sign_in(response)
        return
    assert response.status_code == EXPECTED[role][page]
    if page == "message" and response.status_code == 302:
        assert rec.messages.filter(body="Hi").exists()


@pytest.mark.parametrize("role", [*EXPECTED, "anonymous"])
def test_the_list_shows_only_ones_own_requests(role: str, client_for: ClientFor) -> None:
    rec, applicant, officer = make_request(S.SUBMITTED)
    user = _actor(role, rec, applicant, officer)
    response = (client_for(user) if user else Client()).get(reverse("recognition:list"))
    if user is None:
        assert_sent_to_sign_in(response)
        return
    if role == "employer":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert (rec.reference in page_text(response)) is (role in ("applicant", "officer"))


# --- Public verification ----------------------------------------------------------------------
def test_verification_shows_valid_then_revoked_and_no_personal_data() -> None:
    rec, applicant, officer = make_request(S.DECIDED)
    decision = rec.decisions.get()
    profile = rec.applicant
    public = Client()
    page_url = reverse("verify", args=[decision.verification_code])
    json_url = reverse("verify-json", args=[decision.verification_code])

    page = public.get(page_url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Valid" in page_text(page)
    assert "A. H." in page_text(page)
    assert "BSc Nursing" in page_text(page)
    assert "Adaptation period" in page_text(page)
    data = json.loads(public.get(json_url).content)
    assert public.get(json_url)["Cache-Control"].count("no-store") == 1
    assert data["status"] == "valid"
    assert data["holder_initials"] == "A. H."
    assert data["outcome"] == "partial"
    assert data["revoked_on"] is None
    assert data["qualification"] == {"title": "BSc Nursing", "country": "PH"}
    assert data["authority"] == {"name": rec.authority.name, "country": "DE"}

    decision_revoke(actor=officer, decision_id=decision.pk, reason="Forged transcript")
    today = timezone.localdate()
    page = public.get(page_url)
    assert "Revoked on" in page_text(page)
    assert "Forged transcript" not in page_text(page)  # reasons stay private
    data = json.loads(public.get(json_url).content)
    assert (data["status"], data["revoked_on"]) == ("revoked", today.isoformat())

    dob = profile.date_of_birth
    assert dob is not None
    secrets = [
        profile.given_names,
        profile.family_name,
        profile.phone,
        profile.contact_email,
        applicant.email,
        applicant.full_name,
        dob.isoformat(),
        f"{dob:%d/%m/%Y}",
        f"{dob:%B} {dob.day}, {dob.year}",
        f"{dob.day} {dob:%B} {dob.year}",
        "Training differs substantially",
    ]
    for body in (page_text(page), public.get(json_url).content.decode()):
        for secret in secrets:
            assert secret and secret not in body, secret


def test_verification_of_an_erased_holder_shows_no_initials() -> None:
    rec, _applicant, _officer = make_request(S.DECIDED)
    decision = rec.decisions.get()
    type(rec.applicant).objects.filter(pk=rec.applicant_id).update(
        state="erased", given_names="", family_name=""
    )
    data = json.loads(
        Client().get(reverse("verify-json", args=[decision.verification_code])).content
    )
    assert data["holder_initials"] == "—"


def test_an_unknown_code_is_not_found() -> None:
    client = Client()
    assert client.get(reverse("verify", args=["nope"])).status_code == 404
    assert client.get(reverse("verify-json", args=["nope"])).status_code == 404


def test_officer_queue_page_query_count_does_not_grow_with_rows(client_for: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisation, officer = authority("DE")
    client = client_for(officer)

    def add(n: int) -> None:
        for _ in range(n):
            submitted_to(organisation, "employment")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/recognition/").status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(6)
    assert count() == few


# --- The steps, from the one declaration ------------------------------------------------------
def test_officer_takes_one_click_steps_from_the_buttons_the_declaration_offers(
    client_for: ClientFor,
) -> None:
    rec, _applicant, officer = make_request(S.SUBMITTED)
    client = client_for(officer)
    screen = reverse("recognition:move", args=[rec.pk, "start_screening"])
    body = page_text(client.get(_detail(rec)))
    assert f'action="{screen}"' in body
    assert "Acknowledge and screen" in body

    done = client.post(screen, follow=True)
    assert "Receipt acknowledged: the file is being screened." in page_text(done)
    rec.refresh_from_db()
    assert rec.status == S.SCREENING
    body = page_text(done)
    assert reverse("recognition:move", args=[rec.pk, "start_assessment"]) in body
    assert f'href="{reverse("recognition:ask-information", args=[rec.pk])}"' in body


def test_officer_asks_for_information_on_its_page(client_for: ClientFor) -> None:
    rec, applicant, officer = make_request(S.SCREENING)
    page = reverse("recognition:ask-information", args=[rec.pk])
    client = client_for(officer)
    assert "Request information from the applicant" in page_text(client.get(page))

    empty = client.post(page, {"step-text": ""})
    assert empty.status_code == 400
    rec.refresh_from_db()
    assert rec.status == S.SCREENING

    asked = client.post(page, {"step-text": "Send the transcript of records."}, follow=True)
    assert "The information request was sent" in page_text(asked)
    rec.refresh_from_db()
    assert rec.status == S.INFORMATION_REQUESTED
    # The step is no longer offered: its page sends back to the request.
    assert client.get(page)["Location"] == _detail(rec)
    # Not the applicant's page: refused by the route's declared access.
    assert client_for(applicant).get(page).status_code == 403


def test_decision_page_shows_the_form_and_the_precedents(client_for: ClientFor) -> None:
    rec, applicant, officer = make_request(S.ASSESSMENT)
    page = reverse("recognition:decide", args=[rec.pk])
    client = client_for(officer)
    assert f'href="{page}"' in page_text(client.get(_detail(rec)))
    body = page_text(client.get(page))
    assert 'name="decide-outcome"' in body
    assert "Precedents" in body
    assert client_for(applicant).get(page).status_code == 403


def test_applicant_withdraws_after_confirming(client_for: ClientFor) -> None:
    rec, applicant, _officer = make_request(S.SUBMITTED)
    client = client_for(applicant)
    body = page_text(client.get(_detail(rec)))
    assert "You cannot undo this, but you can ask again later." in body
    withdraw = reverse("recognition:move", args=[rec.pk, "withdraw"])
    assert f'action="{withdraw}"' in body
    assert "The request was withdrawn." in page_text(client.post(withdraw, follow=True))
    rec.refresh_from_db()
    assert rec.status == S.WITHDRAWN


def test_a_full_recognition_is_not_offered_for_appeal(client_for: ClientFor) -> None:
    rec, applicant, officer = make_request(S.ASSESSMENT)
    request_decide(
        actor=officer,
        request_id=rec.pk,
        data=DecisionInput(outcome="full", comparable_isced_level=6),
    )
    client = client_for(applicant)
    appeal = reverse("recognition:appeal", args=[rec.pk])
    assert appeal not in page_text(client.get(_detail(rec)))
    assert client.get(appeal)["Location"] == _detail(rec)
    refused = client.post(appeal, {"step-text": "I disagree"}, follow=True)
    assert "Only a partial recognition or a refusal can be appealed." in page_text(refused)
    rec.refresh_from_db()
    assert rec.status == S.DECIDED
