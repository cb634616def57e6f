"""The recognition API: the whole journey, every step refused in the wrong status, who may see
and do what, the public verification, and the officers' queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import Membership, Organisation, User
from accounts.tests.factories import MembershipFactory
from migrants.models import MigrantProfile
from migrants.rights.services import profile_erase
from migrants.tests.factories import migrant_with_profile
from recognition.models import Decision, RecognitionRequest
from recognition.presenters import holder_initials
from recognition.services import decision_revoke
from recognition.tests.factories import (
    APPLICANT_MOVES,
    AUTHORITY_MOVES,
    applicant_with_qualification,
    authority,
    make_request,
    submitted_to,
)
from recognition.tests.test_services import LEGAL as SERVICE_LEGAL
from taxonomy.models import Occupation
from tests.clients import ApiClientFor, status_of

pytestmark = pytest.mark.django_db
S = RecognitionRequest.Status
ROOT = "/api/v1/recognition/"


def segment(move: str) -> str:
    return move.replace("_", "-")


APPLICANT_STEPS = tuple(segment(m) for m in APPLICANT_MOVES)
OFFICER_STEPS = tuple(segment(m) for m in AUTHORITY_MOVES)


def url(req: RecognitionRequest, suffix: str = "") -> str:
    return f"{ROOT}requests/{req.pk}/{suffix}"


def decide_body(outcome: str = "partial") -> dict[str, Any]:
    if outcome == "full":
        return {"outcome": "full", "comparable_isced_level": 6, "eqf_level": 6}
    return {
        "outcome": "partial",
        "comparable_isced_level": 6,
        "eqf_level": 6,
        "substantial_differences": ["Geriatric care placement shorter than required"],
        "measures": [
            {
                "kind": "adaptation_period",
                "description": "Six months supervised practice",
                "duration_months": 6,
            }
        ],
        "reasons": "Training differs substantially in geriatric care.",
        "appeal_route": "Administrative court of Cologne",
        "appeal_deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


def step_body(step: str) -> dict[str, Any]:
    return {
        "resubmit": {"message": "Transcript attached"},
        "appeal": {"reason": "The placement was longer than stated"},
        "ask-information": {"message": "Send the transcript of records"},
        "decide": decide_body(),
    }.get(step, {})


def officer_of(organisation: Organisation, role: str = Membership.Role.STAFF) -> User:
    return MembershipFactory.create(organisation=organisation, role=role).user


def submitted_in(organisation: Organisation) -> RecognitionRequest:
    return submitted_to(organisation, "employment")[0]


# --- Finder -----------------------------------------------------------------------------------
def test_finder_names_the_competent_authority(api_client_for: ApiClientFor, migrant: User) -> None:
    organisation, _officer = authority("DE", days_to_acknowledge=20)
    client = api_client_for(migrant)
    nurse = Occupation.objects.get(code="2221")
    developer = Occupation.objects.get(code="2512")

    regulated = client.get(f"{ROOT}finder/", {"country": "de", "occupation": str(nurse.pk)})
    assert regulated.status_code == 200, regulated.json()
    assert regulated.json() == {
        "authority": {
            "id": organisation.pk,
            "name": organisation.name,
            "country": "DE",
            "region": "",
            "days_to_acknowledge": 20,
            "days_to_decide": 120,
        },
        "regulated": True,
    }
    query = {"country": "DE", "occupation": str(developer.pk)}
    optional = client.get(f"{ROOT}finder/", query).json()
    assert optional["regulated"] is False
    assert optional["authority"]["id"] == organisation.pk  # also competent for vocational
    nowhere = client.get(f"{ROOT}finder/", {"country": "LT", "occupation": str(nurse.pk)}).json()
    assert nowhere == {"authority": None, "regulated": False}
    assert client.get(f"{ROOT}finder/").status_code == 400
    assert APIClient().get(f"{ROOT}finder/", {"country": "DE"}).status_code == 401


# --- The whole journey ------------------------------------------------------------------------
def test_the_whole_journey_through_the_api(api_client_for: ApiClientFor) -> None:
    organisation, officer_user = authority("DE")
    user, _profile, qualification_id = applicant_with_qualification()
    applicant, officer = api_client_for(user), api_client_for(officer_user)

    def actions(client: APIClient, req_id: int) -> list[str]:
        data = client.get(f"{ROOT}requests/{req_id}/").json()
        return [a["name"] for a in data["available_actions"]]

    created = applicant.post(
        f"{ROOT}requests/",
        {
            "qualification": qualification_id,
            "destination_country": "DE",
            "authority": organisation.pk,
            "purpose": "regulated_profession",
            "target_occupation": Occupation.objects.get(code="2221").pk,
        },
    )
    assert created.status_code == 201, created.json()
    req = RecognitionRequest.objects.get(pk=created.json()["id"])
    assert created.json()["status"] == "draft"
    assert [a["name"] for a in created.json()["available_actions"]] == ["submit", "withdraw"]
    assert created.json()["available_actions"][0]["url"].endswith(url(req, "submit/"))

    def step(client: APIClient, name: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = client.post(url(req, f"{name}/"), body or {})
        assert response.status_code == 200, (name, response.json())
        data: dict[str, Any] = response.json()
        return data

    data = step(applicant, "submit")
    assert data["status"] == "submitted"
    assert (
        data["deadlines"]["acknowledge_due"]
        == (timezone.localdate() + timedelta(days=30)).isoformat()
    )
    assert actions(officer, req.pk) == ["start_screening"]
    assert actions(applicant, req.pk) == ["withdraw"]

    data = step(officer, "start-screening")
    assert (data["status"], data["assigned_officer"]["id"]) == ("screening", officer_user.pk)
    assert data["acknowledged_at"] is not None

    data = step(officer, "ask-information", {"message": "Send the transcript of records"})
    assert data["status"] == "information_requested"
    assert data["deadlines"]["clock_stopped"] is True
    assert data["messages"][-1]["requests_documents"] is True
    assert actions(applicant, req.pk) == ["resubmit", "withdraw"]

    data = step(applicant, "resubmit", {"message": "Transcript attached"})
    assert data["status"] == "resubmitted"
    assert data["deadlines"]["clock_stopped"] is False

    data = step(officer, "start-assessment")
    assert data["status"] == "assessment"
    assert (
        data["deadlines"]["decision_due"]
        == (timezone.localdate() + timedelta(days=120)).isoformat()
    )
    assert actions(officer, req.pk) == ["ask_information", "decide"]

    data = step(officer, "decide", decide_body())
    assert data["status"] == "decided"
    [first] = data["decisions"]
    assert (first["stage"], first["outcome"], first["valid"]) == ("first", "partial", True)
    assert first["measures"] == [
        {
            "kind": "adaptation_period",
            "description": "Six months supervised practice",
            "duration_months": 6,
        }
    ]
    assert len(first["verification_code"]) >= 20
    assert actions(applicant, req.pk) == ["appeal"]
    assert actions(officer, req.pk) == ["close"]

    data = step(applicant, "appeal", {"reason": "The placement was longer than stated"})
    assert data["status"] == "appealed"

    data = step(officer, "decide", decide_body("full"))
    assert data["status"] == "appeal_decided"
    assert [(d["stage"], d["outcome"]) for d in data["decisions"]] == [
        ("appeal", "full"),
        ("first", "partial"),
    ]

    data = step(officer, "close")
    assert data["status"] == "closed"
    assert data["available_actions"] == []
    assert actions(applicant, req.pk) == []
    bodies = [(m["from_applicant"], m["body"]) for m in data["messages"]]
    assert bodies == [
        (False, "Send the transcript of records"),
        (True, "Transcript attached"),
        (True, "The placement was longer than stated"),
    ]


# --- Steps refused in the wrong status ---------------------------------------------------------
# The legal moves as test_services states them, by their URL segments.
LEGAL = {(segment(move), source): target for (move, source), target in SERVICE_LEGAL.items()}
ALL_STEPS = APPLICANT_STEPS + OFFICER_STEPS
REFUSED = [(st, status) for st in ALL_STEPS for status in S.values if (st, status) not in LEGAL]


def _take(step: str, status: str, api_client_for: ApiClientFor) -> tuple[RecognitionRequest, Any]:
    req, applicant, officer = make_request(status)
    client = api_client_for(applicant if step in APPLICANT_STEPS else officer)
    return req, client.post(url(req, f"{step}/"), step_body(step))


@pytest.mark.parametrize(("step", "status"), sorted(LEGAL))
def test_each_step_is_taken_from_its_statuses(
    step: str, status: str, api_client_for: ApiClientFor
) -> None:
    req, response = _take(step, status, api_client_for)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == LEGAL[(step, status)]
    req.refresh_from_db()
    assert req.status == LEGAL[(step, status)]


@pytest.mark.parametrize(
    ("step", "status"),
    # The authority's steps on a draft answer 404: drafts are not shared with it (tested above).
    [(st, s) for st, s in REFUSED if not (s == S.DRAFT and st in OFFICER_STEPS)],
)
def test_each_step_from_a_wrong_status_is_a_conflict(
    step: str, status: str, api_client_for: ApiClientFor
) -> None:
    req, response = _take(step, status, api_client_for)
    assert response.status_code == 409, response.json()
    assert response.json()["code"] in ("invalid_transition", "conflict")
    assert response.json()["detail"]
    req.refresh_from_db()
    assert req.status == status


def test_a_second_decision_is_a_conflict_and_nothing_is_lost(api_client_for: ApiClientFor) -> None:
    req, _applicant, first_officer = make_request(S.ASSESSMENT)
    second_officer = officer_of(req.authority)

    first = api_client_for(first_officer).post(url(req, "decide/"), decide_body())
    second = api_client_for(second_officer).post(url(req, "decide/"), decide_body("full"))

    assert first.status_code == 200, first.json()
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    assert "decided meanwhile" in second.json()["detail"]
    [decision] = Decision.objects.filter(request=req)
    assert (decision.outcome, decision.decided_by) == ("partial", first_officer)


def test_a_refused_decision_keeps_the_request_under_assessment(
    api_client_for: ApiClientFor,
) -> None:
    req, _applicant, officer = make_request(S.ASSESSMENT)
    body = {**decide_body(), "measures": []}
    response = api_client_for(officer).post(url(req, "decide/"), body)
    assert response.status_code == 400
    assert response.json()["field"] == "measures"
    req.refresh_from_db()
    assert req.status == S.ASSESSMENT and not req.decisions.exists()


# --- Who may see and do what ------------------------------------------------------------------
ROLES = ("anonymous", "applicant", "other_migrant", "officer", "other_officer", "employer")
ENDPOINTS = ("list", "detail", "step", "messages", "precedents")
# Routes declare who they are for (recognition.permissions): outside the role, 403 whatever the
# request; inside it, a request the caller may not see is 404.
EXPECTED: dict[str, dict[str, int]] = {
    #               list detail step messages precedents
    "anonymous": dict(zip(ENDPOINTS, (401, 401, 401, 401, 401), strict=True)),
    "applicant": dict(zip(ENDPOINTS, (200, 200, 200, 200, 403), strict=True)),
    "other_migrant": dict(zip(ENDPOINTS, (200, 404, 404, 404, 403), strict=True)),
    "officer": dict(zip(ENDPOINTS, (200, 200, 200, 200, 200), strict=True)),
    "other_officer": dict(zip(ENDPOINTS, (200, 404, 404, 404, 404), strict=True)),
    "employer": dict(zip(ENDPOINTS, (403, 403, 403, 403, 403), strict=True)),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    role: str, endpoint: str, api_client_for: ApiClientFor, employer_staff: User
) -> None:
    req, applicant, officer = make_request(S.SUBMITTED)
    users: dict[str, User | None] = {
        "anonymous": None,
        "applicant": applicant,
        "other_migrant": migrant_with_profile(given_names="Other")[0],
        "officer": officer,
        "other_officer": authority("DE")[1],
        "employer": employer_staff,
    }
    user = users[role]
    client = APIClient() if user is None else api_client_for(user)
    # Each side takes a step that is theirs to take; a stranger tries the authority's.
    step = "withdraw" if role == "applicant" else "start-screening"
    response = {
        "list": lambda: client.get(f"{ROOT}requests/"),
        "detail": lambda: client.get(url(req)),
        "step": lambda: client.post(url(req, f"{step}/"), {}),
        "messages": lambda: client.get(url(req, "messages/")),
        "precedents": lambda: client.get(url(req, "precedents/")),
    }[endpoint]()

    assert response.status_code == EXPECTED[role][endpoint], response.content
    if endpoint == "list" and response.status_code == 200:
        ids = [row["id"] for row in response.json()["results"]]
        assert (req.pk in ids) == (role in ("applicant", "officer"))
    if endpoint == "step" and response.status_code != 200:
        assert status_of(req) == S.SUBMITTED


@pytest.mark.parametrize(
    ("actor", "step"),
    [
        *(pytest.param("applicant", step, id=f"applicant-{step}") for step in OFFICER_STEPS),
        *(pytest.param("officer", step, id=f"officer-{step}") for step in APPLICANT_STEPS),
    ],
)
def test_neither_side_can_take_the_other_sides_steps(
    actor: str, step: str, api_client_for: ApiClientFor
) -> None:
    req, applicant, officer = make_request(S.SUBMITTED)
    user = {"applicant": applicant, "officer": officer}[actor]
    response = api_client_for(user).post(url(req, f"{step}/"), step_body(step))
    assert response.status_code == 403
    assert status_of(req) == S.SUBMITTED


def test_the_authority_cannot_see_or_act_on_a_draft(api_client_for: ApiClientFor) -> None:
    req, _applicant, officer = make_request(S.DRAFT)
    client = api_client_for(officer)
    assert client.get(url(req)).status_code == 404
    assert client.post(url(req, "start-screening/")).status_code == 404


def test_a_viewer_of_the_authority_reads_but_does_not_act(api_client_for: ApiClientFor) -> None:
    req, _applicant, _officer = make_request(S.SUBMITTED)
    client = api_client_for(officer_of(req.authority, Membership.Role.VIEWER))
    detail = client.get(url(req))
    assert detail.status_code == 200
    assert detail.json()["available_actions"] == []
    assert client.get(url(req, "precedents/")).status_code == 200
    assert client.post(url(req, "start-screening/")).status_code == 403
    assert client.post(url(req, "messages/"), {"body": "Hello"}).status_code == 403


# --- Creating, messages, assignment, revocation, precedents -----------------------------------
def test_create_refuses_an_authority_of_another_country(api_client_for: ApiClientFor) -> None:
    organisation, _officer = authority("BE")
    user, _profile, qualification_id = applicant_with_qualification()
    response = api_client_for(user).post(
        f"{ROOT}requests/",
        {
            "qualification": qualification_id,
            "destination_country": "DE",
            "authority": organisation.pk,
            "purpose": "employment",
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "authority"
    assert not RecognitionRequest.objects.exists()


def test_applicant_and_officer_write_to_each_other(api_client_for: ApiClientFor) -> None:
    req, applicant, officer = make_request(S.SUBMITTED)
    mine = api_client_for(applicant).post(url(req, "messages/"), {"body": "When will you decide?"})
    theirs = api_client_for(officer).post(url(req, "messages/"), {"body": "Within four months."})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert api_client_for(applicant).post(url(req, "messages/"), {"body": ""}).status_code == 400

    listed = api_client_for(applicant).get(url(req, "messages/")).json()
    assert [(m["from_applicant"], m["body"]) for m in listed] == [
        (True, "When will you decide?"),
        (False, "Within four months."),
    ]


def test_officers_assign_requests_in_bulk(api_client_for: ApiClientFor) -> None:
    organisation, officer = authority("DE")
    colleague = officer_of(organisation)
    first, second = submitted_in(organisation), submitted_in(organisation)
    body = {"request_ids": [first.pk, second.pk], "officer": colleague.pk}

    response = api_client_for(officer).post(f"{ROOT}requests/assign/", body)
    assert response.status_code == 200, response.json()
    assert response.json() == {"assigned": 2}
    assert {r.assigned_officer for r in RecognitionRequest.objects.all()} == {colleague}
    mine = api_client_for(colleague).get(f"{ROOT}requests/", {"mine": "true"}).json()
    assert {row["id"] for row in mine["results"]} == {first.pk, second.pk}

    stranger = authority("DE")[1]
    assert api_client_for(stranger).post(f"{ROOT}requests/assign/", body).status_code == 404
    applicant = first.applicant.user
    assert applicant is not None
    assert api_client_for(applicant).post(f"{ROOT}requests/assign/", body).status_code == 403
    outsider = {"request_ids": [first.pk], "officer": stranger.pk}
    refused = api_client_for(officer).post(f"{ROOT}requests/assign/", outsider)
    assert refused.status_code == 400 and refused.json()["field"] == "officer"


def test_officers_revoke_a_decision(api_client_for: ApiClientFor) -> None:
    req, applicant, officer = make_request(S.DECIDED)
    decision = req.decisions.get()
    revoke = f"{ROOT}decisions/{decision.pk}/revoke/"

    assert api_client_for(authority("DE")[1]).post(revoke, {"reason": "x"}).status_code == 404
    assert api_client_for(applicant).post(revoke, {"reason": "x"}).status_code == 403
    response = api_client_for(officer).post(revoke, {"reason": "Forged diploma"})
    assert response.status_code == 200, response.json()
    assert (response.json()["valid"], response.json()["revoke_reason"]) == (False, "Forged diploma")
    again = api_client_for(officer).post(revoke, {"reason": "Again"})
    assert again.status_code == 409
    missing = f"{ROOT}decisions/{decision.pk + 1000}/revoke/"
    assert api_client_for(officer).post(missing, {"reason": "x"}).status_code == 404


def test_precedents_show_earlier_decisions_on_the_same_qualification(
    api_client_for: ApiClientFor,
) -> None:
    earlier, _applicant, _first_officer = make_request(S.DECIDED)
    req, _other, officer = make_request(S.ASSESSMENT)
    response = api_client_for(officer).get(url(req, "precedents/"))
    assert response.status_code == 200
    [precedent] = response.json()
    assert precedent["reference"] == earlier.reference
    assert precedent["outcome"] == "partial"
    assert [m["kind"] for m in precedent["measures"]] == ["adaptation_period"]
    assert "applicant" not in precedent


# --- Public verification ----------------------------------------------------------------------
def test_verification_shows_the_essentials_then_the_revocation(
    api_client_for: ApiClientFor,
) -> None:
    cache.clear()  # the anonymous rate limit
    req, _applicant, officer = make_request(S.DECIDED)
    decision = req.decisions.get()
    profile = req.applicant
    verify = f"{ROOT}verify/{decision.verification_code}/"

    response = APIClient().get(verify)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data == {
        "code": decision.verification_code,
        "status": "valid",
        "revoked_on": None,
        "outcome": "partial",
        "stage": "first",
        "compensation_measures": ["adaptation_period"],
        "qualification": {"title": "BSc Nursing", "country": "PH"},
        "authority": {"name": req.authority.name, "country": "DE"},
        "decided_on": timezone.localdate().isoformat(),
        "holder_initials": "A. H.",
    }
    body = response.content.decode()
    private = [
        profile.given_names,
        profile.family_name,
        profile.phone,
        profile.contact_email,
        str(profile.date_of_birth),
        decision.reasons,
    ]
    assert all(value and value not in body for value in private), body

    decision_revoke(actor=officer, decision_id=decision.pk, reason="Forged diploma")
    revoked = api_client_for(officer).get(verify)  # signed in or not: the same public answer
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["revoked_on"] == timezone.localdate().isoformat()
    assert "Forged" not in revoked.content.decode()

    unknown = APIClient().get(f"{ROOT}verify/not-a-code/")
    assert unknown.status_code == 404
    assert unknown["Cache-Control"] == "no-store"


def test_verification_of_an_erased_holder_shows_no_initials() -> None:
    cache.clear()
    req, applicant, _officer = make_request(S.DECIDED)
    code = req.decisions.get().verification_code
    profile_erase(actor=applicant, profile_id=req.applicant_id)

    response = APIClient().get(f"{ROOT}verify/{code}/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["holder_initials"]) == ("valid", "—")
    assert (
        holder_initials(MigrantProfile(given_names="amina sara", family_name="Haddad")) == "A. H."
    )


# --- The officers' queue ----------------------------------------------------------------------
def test_officers_queue_is_sorted_by_due_date_and_filtered(api_client_for: ApiClientFor) -> None:
    organisation, officer = authority("DE")
    late, soon, fresh = (submitted_in(organisation) for _ in range(3))
    now = timezone.now()
    RecognitionRequest.objects.filter(pk=late.pk).update(submitted_at=now - timedelta(days=40))
    RecognitionRequest.objects.filter(pk=soon.pk).update(submitted_at=now - timedelta(days=25))
    client = api_client_for(officer)

    rows = client.get(f"{ROOT}requests/").json()["results"]
    assert [r["id"] for r in rows] == [late.pk, soon.pk, fresh.pk]
    by_id = {r["id"]: r["deadlines"] for r in rows}
    assert (by_id[late.pk]["overdue"], by_id[late.pk]["due_soon"]) == (True, False)
    assert (by_id[soon.pk]["overdue"], by_id[soon.pk]["due_soon"]) == (False, True)
    assert by_id[fresh.pk]["next_due"] == (timezone.localdate() + timedelta(days=30)).isoformat()

    overdue = client.get(f"{ROOT}requests/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in overdue] == [late.pk]
    screened = client.get(f"{ROOT}requests/", {"status": "screening"}).json()["results"]
    assert screened == []
    assert client.get(f"{ROOT}requests/", {"origin": "PH"}).json()["count"] == 3
    assert client.get(f"{ROOT}requests/", {"origin": "MA"}).json()["count"] == 0
    assert client.get(f"{ROOT}requests/", {"status": "nonsense"}).status_code == 400


def test_officers_queue_query_count_does_not_grow_with_rows(api_client_for: ApiClientFor) -> None:
    organisation, officer = authority("DE")
    client = api_client_for(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{ROOT}requests/")
        assert response.status_code == 200
        return len(queries)

    for _ in range(2):
        submitted_in(organisation)
    client.get(f"{ROOT}requests/")  # warm the per-user caches
    two = count()
    for _ in range(6):
        submitted_in(organisation)
    eight = count()
    assert client.get(f"{ROOT}requests/").json()["count"] == 8
    assert eight == two


# --- Schema -----------------------------------------------------------------------------------
def test_every_endpoint_is_its_own_operation_in_the_schema() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith(f"{ROOT}")}
    for step in ALL_STEPS:
        assert f"{ROOT}requests/{{id}}/{step}/" in paths, step
    operation_ids = [op["operationId"] for ops in paths.values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids)) == 19
    assert paths[f"{ROOT}verify/{{code}}/"]["get"]["security"] == [{}]


def test_only_migrants_ask_for_recognition(api_client_for: ApiClientFor) -> None:
    organisation, officer = authority("DE")
    response = api_client_for(officer).post(
        f"{ROOT}requests/",
        {
            "qualification": 1,
            "destination_country": "DE",
            "authority": organisation.pk,
            "purpose": "employment",
        },
    )
    assert response.status_code == 403
    assert "asked for by migrants" in response.json()["detail"]
    assert not RecognitionRequest.objects.exists()


def test_a_full_recognition_offers_no_appeal(api_client_for: ApiClientFor) -> None:
    req, applicant, officer = make_request(S.ASSESSMENT)
    decided = api_client_for(officer).post(url(req, "decide/"), decide_body("full"))
    assert decided.status_code == 200, decided.json()
    assert api_client_for(applicant).get(url(req)).json()["available_actions"] == []
    refused = api_client_for(applicant).post(url(req, "appeal/"), {"reason": "Why not"})
    assert refused.status_code == 409
    assert "Only a partial recognition or a refusal" in refused.json()["detail"]
