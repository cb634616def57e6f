"""The training API: a provider's whole journey, every move refused in the wrong status, who may
see and do what (and which personal data partnership officers never see), list query counts,
the schema, and participant imports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import Membership, User
from accounts.tests.factories import MembershipFactory
from core.verification import verify_code
from employers.tests.factories import employer_staff_of
from migrants.models import MigrantProfile
from migrants.tests.factories import migrant_with_profile
from partnerships.models import PartnershipMember
from partnerships.tests.factories import add_member, set_target
from tests.clients import ApiClientFor, status_of
from training.api import views
from training.api.urls import urlpatterns
from training.models import (
    Certificate,
    Cohort,
    Enrolment,
    OutcomeFollowUp,
    ParticipantImport,
    Programme,
)
from training.services import cohort_apply_action, enrolment_apply_action
from training.tests.factories import (
    Setting,
    certified,
    cohort_in,
    consented_migrant,
    enrol,
    fund,
    make_cohort,
    make_setting,
    participant,
    provider_staff_of,
)
from training.tests.test_services import COHORT_MOVES, ENROLMENT_MOVES, PROGRAMME_MOVES

pytestmark = pytest.mark.django_db
ROOT = "/api/v1/training/"
ES = Enrolment.Status
CS = Cohort.Status


def person(setting: Setting, i: int, **overrides: Any) -> MigrantProfile:
    values: dict[str, Any] = {
        "given_names": f"Salma{i}",
        "family_name": "Bennani",
        "phone": f"+2126110000{i:02d}",
        "contact_email": f"salma{i}@example.org",
        "sex": "female" if i % 2 else "male",
    }
    values.update(overrides)
    return participant(setting, **values)


def programme_body(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Cloud support technician",
        "kind": "vocational",
        "location_country": "MA",
        "hours": 480,
        "language": "fr",
        "certification_title": "Cloud support technician",
        "certification_isced_level": 4,
        "awarding_body": "OFPPT",
        "tracks": "both",
        "cost_per_trainee": "2500.00",
        "currency": "EUR",
        **overrides,
    }


def viewer_of(setting: Setting) -> User:
    return MembershipFactory.create(organisation=setting.provider, role=Membership.Role.VIEWER).user


def ok(response: Any, code: int = 200) -> Any:
    assert response.status_code == code, response.content
    return response.json()


# --- Programmes -------------------------------------------------------------------------------
def test_provider_can_create_update_and_publish_a_programme(
    setting: Setting, staff_api: APIClient
) -> None:
    created = ok(
        staff_api.post(f"{ROOT}programmes/", programme_body(partnership=setting.partnership.pk)),
        201,
    )
    assert created["status"] == "draft"
    assert created["provider"]["id"] == setting.provider.pk  # the caller's only provider
    assert created["partnership"]["id"] == setting.partnership.pk
    assert [a["name"] for a in created["available_actions"]] == ["publish", "archive"]
    pk = created["id"]

    body = programme_body(partnership=setting.partnership.pk, title="Cloud support (L2)", hours=520)
    updated = ok(staff_api.put(f"{ROOT}programmes/{pk}/", body))
    assert (updated["title"], updated["hours"]) == ("Cloud support (L2)", 520)

    published = ok(staff_api.post(f"{ROOT}programmes/{pk}/publish/"))
    assert published["status"] == "published"
    assert [a["name"] for a in published["available_actions"]] == ["archive"]
    assert Programme.objects.get(pk=pk).status == Programme.Status.PUBLISHED


def test_programme_input_errors_name_their_fields(staff_api: APIClient) -> None:
    shape = staff_api.post(f"{ROOT}programmes/", programme_body(hours="many", kind="circus"))
    assert shape.status_code == 400
    assert set(shape.json()) == {"hours", "kind"}

    rule = staff_api.post(f"{ROOT}programmes/", programme_body(certification_isced_level=None))
    assert rule.status_code == 400
    assert rule.json()["field"] == "certification_isced_level"
    assert Programme.objects.count() == 1


def test_programme_list_filters(setting: Setting, staff_api: APIClient) -> None:
    language = ok(
        staff_api.post(
            f"{ROOT}programmes/",
            programme_body(
                title="German A2 for care workers", kind="language", location_country="DE"
            ),
        ),
        201,
    )

    def ids(**params: str) -> list[int]:
        return [r["id"] for r in ok(staff_api.get(f"{ROOT}programmes/", params))["results"]]

    both = sorted([setting.programme.pk, language["id"]])
    assert sorted(ids()) == both
    assert ids(status="draft") == [language["id"]]
    assert ids(kind="vocational") == [setting.programme.pk]
    assert ids(partnership=str(setting.partnership.pk)) == [setting.programme.pk]
    assert sorted(ids(provider=str(setting.provider.pk))) == both
    assert ids(country="de") == [language["id"]]
    assert ids(q="german care") == [language["id"]]
    assert staff_api.get(f"{ROOT}programmes/", {"status": "asleep"}).status_code == 400
    assert staff_api.get(f"{ROOT}programmes/", {"partnership": "x"}).status_code == 400


def test_a_programme_names_its_sector_from_taxonomys_list(
    setting: Setting, staff_api: APIClient
) -> None:
    care = ok(staff_api.post(f"{ROOT}programmes/", programme_body(sector="health_care")), 201)
    assert care["sector"] == "health_care"
    assert ok(staff_api.get(f"{ROOT}programmes/{setting.programme.pk}/"))["sector"] is None

    listed = ok(staff_api.get(f"{ROOT}programmes/", {"sector": "health_care"}))["results"]
    assert [(r["id"], r["sector"]) for r in listed] == [(care["id"], "health_care")]
    unknown = staff_api.post(f"{ROOT}programmes/", programme_body(sector="astrology"))
    assert unknown.status_code == 400 and "sector" in unknown.json()
    cleared = ok(staff_api.put(f"{ROOT}programmes/{care['id']}/", programme_body(sector=None)))
    assert cleared["sector"] is None


def test_funding_lines_are_set_listed_and_removed(setting: Setting, staff_api: APIClient) -> None:
    government = setting.officer.memberships.get().organisation
    url = f"{ROOT}programmes/{setting.programme.pk}/funding/"

    line = ok(staff_api.post(url, {"payer": government.pk, "amount_per_trainee": "2000.00"}))
    assert line["payer"]["id"] == government.pk
    replaced = ok(staff_api.post(url, {"payer": government.pk, "amount_per_trainee": "1500.00"}))
    assert replaced["id"] == line["id"] and replaced["amount_per_trainee"] == "1500.00"
    assert [x["id"] for x in ok(staff_api.get(url))] == [line["id"]]

    too_much = staff_api.post(url, {"payer": government.pk, "amount_per_trainee": "9000.00"})
    assert too_much.status_code == 400
    assert too_much.json()["field"] == "amount_per_trainee"
    stranger = staff_api.post(url, {"payer": setting.provider.pk + 999, "amount_per_trainee": "1"})
    assert stranger.status_code == 400 and stranger.json()["field"] == "payer"

    assert staff_api.delete(f"{url}{line['id']}/").status_code == 204
    assert ok(staff_api.get(url)) == []
    assert staff_api.delete(f"{url}{line['id']}/").status_code == 404


def assert_conflict(response: Any) -> None:
    """A move the object's status does not allow: 409, ``invalid_transition``."""
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "invalid_transition"


PROGRAMME_REFUSED = [("publish", "published"), ("publish", "archived"), ("archive", "archived")]


@pytest.mark.parametrize(("action", "status"), PROGRAMME_REFUSED)
def test_programme_move_from_a_wrong_status_is_a_conflict(
    setting: Setting, action: str, status: str, staff_api: APIClient
) -> None:
    pk = setting.programme.pk
    if status == "archived":
        ok(staff_api.post(f"{ROOT}programmes/{pk}/archive/"))

    response = staff_api.post(f"{ROOT}programmes/{pk}/{action}/")

    assert response.status_code == 409, response.content
    assert response.json()["detail"]
    assert Programme.objects.get(pk=pk).status == status


def test_archiving_waits_for_recruiting_cohorts(
    setting: Setting, api_client_for: ApiClientFor
) -> None:
    make_cohort(setting)
    response = api_client_for(setting.staff).post(
        f"{ROOT}programmes/{setting.programme.pk}/archive/"
    )
    assert response.status_code == 409
    assert "cohorts" in response.json()["detail"]


# --- Cohorts ----------------------------------------------------------------------------------
def cohort_body(setting: Setting, **overrides: Any) -> dict[str, Any]:
    return {
        "programme": setting.programme.pk,
        "code": "CLOUD-2027-02",
        "starts_on": "2027-02-01",
        "ends_on": "2027-07-31",
        "capacity": 12,
        "location_city": "Casablanca",
        **overrides,
    }


def test_provider_plans_a_cohort_and_runs_it_through_its_lifecycle(
    setting: Setting, staff_api: APIClient
) -> None:
    created = ok(staff_api.post(f"{ROOT}cohorts/", cohort_body(setting)), 201)
    assert (created["status"], created["location_country"]) == ("planned", "MA")
    assert created["programme"]["id"] == setting.programme.pk
    pk = created["id"]
    updated = ok(staff_api.put(f"{ROOT}cohorts/{pk}/", {**cohort_body(setting), "capacity": 15}))
    assert updated["capacity"] == 15

    cohort = ok(staff_api.post(f"{ROOT}cohorts/{pk}/open-recruitment/"))
    assert cohort["status"] == "recruiting"
    assert {a["name"] for a in cohort["available_actions"]} == {
        "pause_recruitment",
        "start",
        "cancel",
    }
    assert ok(staff_api.post(f"{ROOT}cohorts/{pk}/pause-recruitment/"))["status"] == "planned"
    ok(staff_api.post(f"{ROOT}cohorts/{pk}/open-recruitment/"))
    enrol(setting, Cohort.objects.get(pk=pk), person(setting, 1), track="home")
    started = ok(staff_api.post(f"{ROOT}cohorts/{pk}/start/"))
    assert (started["status"], started["seated"]) == ("in_training", 1)
    cancelled = ok(staff_api.post(f"{ROOT}cohorts/{pk}/cancel/", {"reason": "Trainer left"}))
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "Trainer left")
    assert Enrolment.objects.get(cohort_id=pk).status == ES.DROPPED_OUT


def test_cohort_list_filters(setting: Setting, api_client_for: ApiClientFor) -> None:
    recruiting = make_cohort(setting)
    planned = make_cohort(setting, status=CS.PLANNED, code="WEB-2027-02")
    client = api_client_for(setting.staff)

    def ids(**params: str) -> list[int]:
        return [r["id"] for r in ok(client.get(f"{ROOT}cohorts/", params))["results"]]

    assert ids() == [recruiting.pk, planned.pk]
    assert ids(status="planned") == [planned.pk]
    assert ids(programme=str(setting.programme.pk), status="recruiting") == [recruiting.pk]
    assert ids(programme=str(setting.programme.pk + 100)) == []
    assert client.get(f"{ROOT}cohorts/", {"status": "later"}).status_code == 400


def test_cohort_input_errors(setting: Setting, staff_api: APIClient) -> None:
    missing = staff_api.post(f"{ROOT}cohorts/", {"code": "X"})
    assert missing.status_code == 400 and "programme" in missing.json()
    shape = staff_api.post(f"{ROOT}cohorts/", cohort_body(setting, capacity=0, starts_on="soon"))
    assert shape.status_code == 400 and set(shape.json()) == {"capacity", "starts_on"}
    rule = staff_api.post(f"{ROOT}cohorts/", cohort_body(setting, ends_on="2026-01-01"))
    assert rule.status_code == 400 and rule.json()["field"] == "ends_on"
    make_cohort(setting, code="DUP-1")
    duplicate = staff_api.post(f"{ROOT}cohorts/", cohort_body(setting, code="DUP-1"))
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "code"


# (action, status the cohort is in) for every move the cohort's status refuses
COHORT_REFUSED = [
    ("open-recruitment", CS.RECRUITING),
    ("open-recruitment", CS.CANCELLED),
    ("pause-recruitment", CS.PLANNED),
    ("start", CS.PLANNED),
    ("start", CS.IN_TRAINING),
    ("complete", CS.RECRUITING),
    ("complete", CS.COMPLETED),
    ("cancel", CS.COMPLETED),
    ("cancel", CS.CANCELLED),
]


def test_cancelling_needs_a_reason(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    response = api_client_for(setting.staff).post(f"{ROOT}cohorts/{cohort.pk}/cancel/", {})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    # The reason is kept in a 255-character column: longer is refused, not truncated or a 500.
    too_long = api_client_for(setting.staff).post(
        f"{ROOT}cohorts/{cohort.pk}/cancel/", {"reason": "x" * 256}
    )
    assert too_long.status_code == 400 and too_long.json()["field"] == "reason"
    cohort.refresh_from_db()
    assert cohort.status == CS.RECRUITING


def test_indicators_show_rates_with_the_partnership_target(
    setting: Setting, api_client_for: ApiClientFor
) -> None:
    # The demo partnership has an away track only.
    set_target(
        setting.officer,
        setting.partnership,
        people_to_train=40,
        away_track_placements=20,
        min_women_share=40,
    )
    cohort = make_cohort(setting)
    finishing = enrol(setting, cohort, person(setting, 1), track="away")
    enrol(setting, cohort, person(setting, 2), track="home")
    leaving = enrol(setting, cohort, person(setting, 3), track="away")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    enrolment_apply_action(actor=setting.staff, enrolment_id=finishing.pk, action="complete")
    enrolment_apply_action(
        actor=setting.staff, enrolment_id=leaving.pk, action="drop_out", reason="moved"
    )

    data = ok(api_client_for(setting.officer).get(f"{ROOT}cohorts/{cohort.pk}/indicators/"))

    assert (data["participants"], data["started"], data["home"], data["away"]) == (3, 3, 1, 2)
    assert data["completion_rate"] == "33.3"
    assert data["dropout_rate"] == "33.3"
    assert data["women_share"] == "66.7"
    assert data["certification_rate"] == "0.0"
    assert data["employed_rate"] is None
    assert data["target"] == {
        "year": 2027,
        "people_to_train": 40,
        "home_track_placements": 0,
        "away_track_placements": 20,
        "min_women_share": 40,
    }
    assert data["target_away_share"] == setting.partnership.target_away_share


# --- Enrolments -------------------------------------------------------------------------------
def test_provider_adds_people_and_moves_them_to_a_certificate(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    profile = person(setting, 1)
    client = api_client_for(setting.staff)

    added = ok(
        client.post(
            f"{ROOT}cohorts/{cohort.pk}/enrolments/",
            {"profile": profile.pk, "track": "away", "participant_ref": "OF-17"},
        ),
        201,
    )
    assert (added["status"], added["track"]) == ("applied", "away")
    identity = added["participant"]["identity"]
    assert (identity["given_names"], identity["phone"]) == ("Salma1", "+212611000001")
    assert added["participant"]["participant_ref"] == "OF-17"
    assert [a["name"] for a in added["available_actions"]] == ["select", "reject"]
    pk = added["id"]

    assert ok(client.post(f"{ROOT}enrolments/{pk}/select/"))["status"] == "selected"
    assert ok(client.post(f"{ROOT}enrolments/{pk}/enrol/"))["status"] == "enrolled"
    moved = ok(
        client.post(
            f"{ROOT}enrolments/{pk}/track/", {"track": "home", "reason": "Job offer at home"}
        )
    )
    assert moved["track"] == "home"
    assert [(c["from_track"], c["to_track"]) for c in moved["track_changes"]] == [("away", "home")]
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    progress = ok(
        client.post(
            f"{ROOT}enrolments/{pk}/progress/",
            {"attendance_percent": 92, "assessment": "merit", "assessment_score": "88.5"},
        )
    )
    assert (progress["attendance_percent"], progress["assessment"]) == (92, "merit")
    assert ok(client.post(f"{ROOT}enrolments/{pk}/complete/"))["status"] == "completed"

    certified = ok(client.post(f"{ROOT}enrolments/{pk}/certify/"))
    assert certified["status"] == "certified"
    certificate = certified["certificate"]
    code = certificate["verification_code"]
    assert certificate["verify_url"] == f"http://testserver/verify/{code}/"
    assert certificate["valid"] is True
    verified = verify_code(code)
    assert verified is not None and verified.valid

    outcome = ok(
        client.put(
            f"{ROOT}enrolments/{pk}/outcomes/6/",
            {"status": "employed_origin", "wage_band": "min_1_5"},
        )
    )
    assert (outcome["months"], outcome["country"]) == (6, "MA")
    detail = ok(client.get(f"{ROOT}enrolments/{pk}/"))
    assert [o["months"] for o in detail["outcomes"]] == [6]
    assert detail["programme"]["id"] == setting.programme.pk


def test_enrolment_input_errors(setting: Setting, cohort: Cohort, staff_api: APIClient) -> None:
    url = f"{ROOT}cohorts/{cohort.pk}/enrolments/"

    shape = staff_api.post(url, {"profile": "someone", "track": "sideways"})
    assert shape.status_code == 400 and set(shape.json()) == {"profile", "track"}
    _user, stranger = migrant_with_profile(phone="+212600008888", contact_email="s@example.org")
    foreign = staff_api.post(url, {"profile": stranger.pk, "track": "home"})
    assert foreign.status_code == 400 and foreign.json()["field"] == "profile"

    enrolment = enrol(setting, cohort, person(setting, 1), status=ES.ENROLLED, track="home")
    same_track = staff_api.post(
        f"{ROOT}enrolments/{enrolment.pk}/track/", {"track": "home", "reason": "x"}
    )
    assert same_track.status_code == 400 and same_track.json()["field"] == "track"
    no_reason = staff_api.post(f"{ROOT}enrolments/{enrolment.pk}/drop-out/", {})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    progress = staff_api.post(
        f"{ROOT}enrolments/{enrolment.pk}/progress/", {"attendance_percent": 140}
    )
    assert progress.status_code == 400 and "attendance_percent" in progress.json()
    early = staff_api.put(f"{ROOT}enrolments/{enrolment.pk}/outcomes/3/", {"status": "unemployed"})
    assert early.status_code == 409  # outcomes follow completion
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.track) == (ES.ENROLLED, "home")


def test_outcome_points_and_countries_are_checked(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    enrolment = enrol(setting, cohort, person(setting, 1), track="away")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="complete")
    client = api_client_for(setting.staff)
    url = f"{ROOT}enrolments/{enrolment.pk}/outcomes/"

    assert client.put(f"{url}5/", {"status": "unemployed"}).json()["field"] == "months"
    abroad = client.put(f"{url}3/", {"status": "employed_destination"})
    assert abroad.status_code == 400 and abroad.json()["field"] == "country"
    ok(client.put(f"{url}3/", {"status": "employed_destination", "country": "BE"}))
    ok(client.put(f"{url}3/", {"status": "unemployed"}))  # a correction
    assert list(OutcomeFollowUp.objects.values_list("months", "status")) == [(3, "unemployed")]


# (action, status the enrolment is in) for moves the enrolment's status refuses
ENROLMENT_REFUSED = [
    ("select", ES.SELECTED),
    ("select", ES.ENROLLED),
    ("reject", ES.ENROLLED),
    ("reject", ES.NOT_SELECTED),
    ("enrol", ES.APPLIED),
    ("enrol", ES.COMPLETED),
    ("complete", ES.SELECTED),
    ("complete", ES.CERTIFIED),
    ("drop-out", ES.APPLIED),
    ("drop-out", ES.COMPLETED),
    ("certify", ES.ENROLLED),
    ("certify", ES.CERTIFIED),
]


def enrolment_in(setting: Setting, status: str) -> Enrolment:
    cohort = make_cohort(setting)
    staff = setting.staff
    before_start = ES.ENROLLED if status in (ES.COMPLETED, ES.CERTIFIED) else status
    enrolment = enrol(setting, cohort, person(setting, 1), status=before_start, track="home")
    if status in (ES.COMPLETED, ES.CERTIFIED):
        cohort_apply_action(actor=staff, cohort_id=cohort.pk, action="start")
        enrolment_apply_action(actor=staff, enrolment_id=enrolment.pk, action="complete")
    if status == ES.CERTIFIED:
        enrolment_apply_action(actor=staff, enrolment_id=enrolment.pk, action="certify")
    enrolment.refresh_from_db()
    assert enrolment.status == status
    return enrolment


MOVES_REFUSED = [
    *(pytest.param("cohorts", a, s, id=f"cohort-{a}-{s}") for a, s in COHORT_REFUSED),
    *(pytest.param("enrolments", a, s, id=f"enrolment-{a}-{s}") for a, s in ENROLMENT_REFUSED),
]


@pytest.mark.parametrize(("kind", "action", "status"), MOVES_REFUSED)
def test_cohort_or_enrolment_move_from_a_wrong_status_is_a_conflict(
    setting: Setting, kind: str, action: str, status: str, api_client_for: ApiClientFor
) -> None:
    target = cohort_in(setting, status) if kind == "cohorts" else enrolment_in(setting, status)
    client = api_client_for(setting.staff)
    refused = client.post(f"{ROOT}{kind}/{target.pk}/{action}/", {"reason": "because"})
    assert_conflict(refused)
    assert status_of(target) == status


def test_completing_before_the_cohort_starts_is_a_conflict(
    setting: Setting, api_client_for: ApiClientFor
) -> None:
    enrolment = enrolment_in(setting, ES.ENROLLED)  # the cohort is still recruiting
    response = api_client_for(setting.staff).post(f"{ROOT}enrolments/{enrolment.pk}/complete/")
    assert response.status_code == 409
    enrolment.refresh_from_db()
    assert enrolment.status == ES.ENROLLED


def test_enrolment_list_filters(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    woman = enrol(setting, cohort, person(setting, 1), status=ES.APPLIED, track="away")
    man = enrol(setting, cohort, person(setting, 2, family_name="Alaoui"), track="home")
    client = api_client_for(setting.staff)

    def ids(**params: str) -> list[int]:
        url = f"{ROOT}cohorts/{cohort.pk}/enrolments/"
        return [r["id"] for r in ok(client.get(url, params))["results"]]

    assert ids() == [man.pk, woman.pk]  # by family name
    assert ids(status="enrolled") == [man.pk]
    assert ids(track="away") == [woman.pk]
    assert ids(sex="female") == [woman.pk]
    assert ids(q="alaoui") == [man.pk]
    assert ids(q=woman.profile.pseudonym) == [woman.pk]
    bad = client.get(f"{ROOT}cohorts/{cohort.pk}/enrolments/", {"track": "sideways"})
    assert bad.status_code == 400 and "track" in bad.json()


def test_bulk_moves_each_enrolment_or_says_why_not(
    setting: Setting, api_client_for: ApiClientFor
) -> None:
    cohort = make_cohort(setting, capacity=2)
    first, second, third = (
        enrol(setting, cohort, person(setting, i), status=ES.APPLIED, track="home")
        for i in range(3)
    )
    already = enrol(setting, cohort, person(setting, 4), status=ES.NOT_SELECTED, track="home")
    url = f"{ROOT}cohorts/{cohort.pk}/enrolments/bulk/"
    client = api_client_for(setting.staff)

    ids = [first.pk, second.pk, third.pk, already.pk]
    result = ok(client.post(url, {"action": "select", "ids": ids}))

    assert result["done"] == [first.pk, second.pk]
    assert set(result["refused"]) == {str(third.pk), str(already.pk)}
    assert "full" in result["refused"][str(third.pk)]
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in ids] == [ES.SELECTED, ES.SELECTED, ES.APPLIED, ES.NOT_SELECTED]

    assert client.post(url, {"action": "fly", "ids": ids}).status_code == 400
    assert client.post(url, {"action": "select", "ids": []}).status_code == 400
    other = make_cohort(setting, code="OTHER")
    nothing = client.post(
        f"{ROOT}cohorts/{other.pk}/enrolments/bulk/", {"action": "select", "ids": ids}
    )
    assert nothing.status_code == 400 and nothing.json()["field"] == "enrolments"


# --- Certificates and the migrant's own view --------------------------------------------------
def test_migrant_sees_own_enrolments_and_certificates(
    setting: Setting, api_client_for: ApiClientFor
) -> None:
    user, profile = consented_migrant(setting)
    cohort = make_cohort(setting)
    enrolment = certified(setting, cohort, profile)
    certified(setting, cohort, person(setting, 1))  # someone else's
    client = api_client_for(user)

    [mine] = ok(client.get(f"{ROOT}me/enrolments/"))
    assert mine["id"] == enrolment.pk
    assert mine["programme"]["title"] == setting.programme.title
    assert (mine["cohort"]["code"], mine["status"], mine["track"]) == (
        cohort.code,
        "certified",
        "away",
    )
    code = enrolment.certificate.verification_code
    assert mine["certificate"]["verify_url"].endswith(f"/verify/{code}/")

    certificates = ok(client.get(f"{ROOT}certificates/"))["results"]
    assert [c["verification_code"] for c in certificates] == [code]
    detail = ok(client.get(f"{ROOT}certificates/{certificates[0]['id']}/"))
    assert detail["holder"]["identity"]["given_names"] == "Youssef"
    assert ok(client.get(f"{ROOT}enrolments/{enrolment.pk}/"))["available_actions"] == []
    assert (
        client.post(f"{ROOT}certificates/{detail['id']}/revoke/", {"reason": "x"}).status_code
        == 403
    )


def test_migrant_without_profile_has_no_enrolments(
    api_client_for: ApiClientFor, migrant: User
) -> None:
    client = api_client_for(migrant)
    assert ok(client.get(f"{ROOT}me/enrolments/")) == []
    assert ok(client.get(f"{ROOT}certificates/"))["results"] == []


def test_provider_revokes_a_certificate(setting: Setting, api_client_for: ApiClientFor) -> None:
    enrolment = certified(setting, make_cohort(setting), person(setting, 1))
    certificate = enrolment.certificate
    client = api_client_for(setting.staff)
    url = f"{ROOT}certificates/{certificate.pk}/revoke/"

    assert client.post(url, {}).status_code == 400
    revoked = ok(client.post(url, {"reason": "Assessment fraud"}))
    assert (revoked["valid"], revoked["revoke_reason"]) == (False, "Assessment fraud")
    verified = verify_code(certificate.verification_code)
    assert verified is not None and not verified.valid
    again = client.post(url, {"reason": "Twice"})
    assert again.status_code == 409
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == "Assessment fraud"


# --- Who may see and do what ------------------------------------------------------------------
ROLES = ("anonymous", "migrant", "other_provider", "officer", "viewer", "staff")


def endpoints(setting: Setting) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """One read and one write of each kind of record; every write would succeed for the staff."""
    cohort = make_cohort(setting)
    enrolment = enrol(setting, cohort, person(setting, 1), status=ES.APPLIED, track="home")
    waiting = enrol(setting, cohort, person(setting, 4), status=ES.APPLIED, track="home")
    done = certified(setting, make_cohort(setting, code="DONE-1"), person(setting, 2))
    programme, certificate = setting.programme.pk, done.certificate.pk
    government = setting.officer.memberships.get().organisation.pk
    return {
        "programme": ("get", f"programmes/{programme}/", {}),
        "programme_update": (
            "put",
            f"programmes/{programme}/",
            programme_body(partnership=setting.partnership.pk, title="Renamed"),
        ),
        "funding": ("get", f"programmes/{programme}/funding/", {}),
        "funding_set": (
            "post",
            f"programmes/{programme}/funding/",
            {"payer": government, "amount_per_trainee": "100.00"},
        ),
        "cohort_create": ("post", "cohorts/", cohort_body(setting)),
        "cohort": ("get", f"cohorts/{cohort.pk}/", {}),
        "cohort_move": ("post", f"cohorts/{cohort.pk}/pause-recruitment/", {}),
        "indicators": ("get", f"cohorts/{cohort.pk}/indicators/", {}),
        "enrolments": ("get", f"cohorts/{cohort.pk}/enrolments/", {}),
        "enrolment_add": (
            "post",
            f"cohorts/{cohort.pk}/enrolments/",
            {"profile": person(setting, 3).pk, "track": "home"},
        ),
        "bulk": (
            "post",
            f"cohorts/{cohort.pk}/enrolments/bulk/",
            {"action": "select", "ids": [waiting.pk]},
        ),
        "enrolment": ("get", f"enrolments/{enrolment.pk}/", {}),
        "enrolment_move": ("post", f"enrolments/{enrolment.pk}/select/", {}),
        "track": (
            "post",
            f"enrolments/{enrolment.pk}/track/",
            {"track": "away", "reason": "Offer abroad"},
        ),
        "certificate": ("get", f"certificates/{certificate}/", {}),
        "revoke": ("post", f"certificates/{certificate}/revoke/", {"reason": "Error"}),
    }


READS = ("programme", "funding", "cohort", "indicators", "enrolments", "enrolment", "certificate")
EXPECTED: dict[str, dict[str, int]] = {
    "anonymous": {},  # 401 everywhere
    # Refused by the role gate (403): the training routes are for organisations' staff; what is
    # open to any signed-in person (enrolments, certificates: their own) is 404 when not theirs.
    "migrant": {"enrolment": 404, "certificate": 404},
    "other_provider": {"cohort_create": 404},  # 404 everywhere
    "officer": {name: 200 for name in READS},  # 403 on every write
    "viewer": {name: 200 for name in READS},  # 403 on every write
    "staff": {},  # 200, 201 on creation
}
DEFAULT = {"anonymous": 401, "migrant": 403, "other_provider": 404, "officer": 403, "viewer": 403}


def expected(role: str, name: str) -> int:
    if role == "staff":
        return 201 if name in ("cohort_create", "enrolment_add") else 200
    return EXPECTED[role].get(name, DEFAULT[role])


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(setting: Setting, role: str, api_client_for: ApiClientFor) -> None:
    calls = endpoints(setting)
    users: dict[str, User | None] = {
        "anonymous": None,
        "migrant": migrant_with_profile(phone="+212600006666", contact_email="m@example.org")[0],
        "other_provider": provider_staff_of(),
        "officer": setting.officer,
        "viewer": viewer_of(setting),
        "staff": setting.staff,
    }
    user = users[role]
    client = APIClient() if user is None else api_client_for(user)
    before = {
        "programme": Programme.objects.get(pk=setting.programme.pk).title,
        "cohorts": Cohort.objects.count(),
        "statuses": sorted(Enrolment.objects.values_list("status", flat=True)),
    }

    answers = {
        name: getattr(client, method)(ROOT + path, body).status_code
        for name, (method, path, body) in calls.items()
    }

    assert answers == {name: expected(role, name) for name in calls}
    if role != "staff":
        assert before == {
            "programme": Programme.objects.get(pk=setting.programme.pk).title,
            "cohorts": Cohort.objects.count(),
            "statuses": sorted(Enrolment.objects.values_list("status", flat=True)),
        }


@pytest.mark.parametrize("role", ["migrant", "other_provider", "officer", "viewer"])
def test_only_provider_staff_create_programmes(
    setting: Setting, role: str, api_client_for: ApiClientFor
) -> None:
    user = {
        "migrant": migrant_with_profile(phone="+212600006666", contact_email="m@example.org")[0],
        "other_provider": provider_staff_of(),
        "officer": setting.officer,
        "viewer": viewer_of(setting),
    }[role]
    body = programme_body(partnership=setting.partnership.pk)
    response = api_client_for(user).post(f"{ROOT}programmes/", body)
    # Another provider may create its own programme, but not in a partnership it is not part of.
    assert response.status_code == (400 if role == "other_provider" else 403), response.content
    assert Programme.objects.count() == 1


def test_lists_show_only_what_the_caller_may_see(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    enrol(setting, cohort, person(setting, 1), track="home")
    outsider = api_client_for(provider_staff_of())
    officer = api_client_for(setting.officer)

    for path in ("programmes/", "cohorts/", "certificates/"):
        assert ok(outsider.get(ROOT + path))["results"] == [], path
    assert [p["id"] for p in ok(officer.get(f"{ROOT}programmes/"))["results"]] == [
        setting.programme.pk
    ]
    assert [c["id"] for c in ok(officer.get(f"{ROOT}cohorts/"))["results"]] == [cohort.pk]


# --- Personal data ----------------------------------------------------------------------------
def test_partnership_officers_see_pseudonyms_only(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    profile = person(setting, 7, given_names="Khadija", family_name="Tazi")
    enrolment = certified(setting, cohort, profile)
    Enrolment.objects.filter(pk=enrolment.pk).update(participant_ref="REF-KT-7")
    certificate = enrolment.certificate
    officer = api_client_for(setting.officer)
    staff = api_client_for(setting.staff)
    personal = ("Khadija", "Tazi", "+212611000007", "salma7@example.org", "1998-04-12", "REF-KT")

    payloads = {
        "list": ok(officer.get(f"{ROOT}cohorts/{cohort.pk}/enrolments/")),
        "detail": ok(officer.get(f"{ROOT}enrolments/{enrolment.pk}/")),
        "certificates": ok(officer.get(f"{ROOT}certificates/")),
        "certificate": ok(officer.get(f"{ROOT}certificates/{certificate.pk}/")),
    }

    for name, payload in payloads.items():
        text = json.dumps(payload)
        assert profile.pseudonym in text, name
        assert not [p for p in personal if p in text], name
    assert payloads["detail"]["participant"] == {
        "pseudonym": profile.pseudonym,
        "identity": None,
        "participant_ref": None,
    }
    # The provider's staff, who hold the counselling consent, see who the person is.
    mine = ok(staff.get(f"{ROOT}enrolments/{enrolment.pk}/"))["participant"]
    assert mine["identity"]["family_name"] == "Tazi"
    assert mine["identity"]["date_of_birth"] == "1998-04-12"
    assert mine["participant_ref"] == "REF-KT-7"
    viewer = ok(api_client_for(viewer_of(setting)).get(f"{ROOT}enrolments/{enrolment.pk}/"))
    assert viewer["participant"]["identity"]["family_name"] == "Tazi"


def test_partnership_employer_cannot_find_participants_by_name_sex_or_name_order(
    api_client_for: ApiClientFor, client_for: Callable[[User], Any]
) -> None:
    """An employer who is a member of the partnership sees the cohort with pseudonyms only, so
    it may not search, filter or sort on what it cannot see: that would re-identify the pool
    candidates it meets under a pseudonym."""
    setting = make_setting()
    cohort = make_cohort(setting)
    haddad = enrol(setting, cohort, person(setting, 1, family_name="Haddad"), track="away")
    alaoui = enrol(setting, cohort, person(setting, 2, family_name="Alaoui"), track="away")
    employer = employer_staff_of("BE")
    add_member(
        setting.partnership,
        setting.officer,
        employer.memberships.get().organisation,
        PartnershipMember.Role.EMPLOYER,
    )
    url = f"{ROOT}cohorts/{cohort.pk}/enrolments/"

    def ids(client: APIClient, **params: str) -> list[int]:
        return [r["id"] for r in ok(client.get(url, params))["results"]]

    api = api_client_for(employer)
    # Not by family name: the same status, so in the order they were added.
    assert ids(api) == [haddad.pk, alaoui.pk]
    assert ids(api, q="Haddad") == [], "a family name found the participant"
    assert ids(api, q=haddad.profile.pseudonym) == [haddad.pk]  # what the employer is shown
    for param, value in (("sex", "female"), ("sort", "name")):
        refused = api.get(url, {param: value})
        assert (refused.status_code, refused.json().get("field")) == (400, param), param
    # The page ignores a crafted query string: both participants, by pseudonym only.
    body = client_for(employer).get(
        reverse("training:cohort-detail", args=[cohort.pk]),
        {"q": "Haddad", "sex": "female", "sort": "name"},
    )
    text = body.content.decode()
    assert haddad.profile.pseudonym in text and alaoui.profile.pseudonym in text
    assert "Salma1" not in text and "Salma2" not in text  # names: echoed query strings aside
    # The provider's staff, who know the participants, still search by name, sex and name order.
    staff = api_client_for(setting.staff)
    assert ids(staff, q="haddad") == [haddad.pk]
    assert ids(staff, sex="female") == [haddad.pk]
    assert ids(staff, sort="name") == [alaoui.pk, haddad.pk]


def test_partnership_members_do_not_get_the_holders_verification_code(
    api_client_for: ApiClientFor, client_for: Callable[[User], Any]
) -> None:
    """The verification code is the holder's to give: whoever has it reads the holder's
    initials on the public page, which someone who sees pseudonyms only must not learn."""
    setting = make_setting()
    cohort = make_cohort(setting)
    profile = person(setting, 3, given_names="Khadija", family_name="Tazi")
    enrolment = certified(setting, cohort, profile)
    code = enrolment.certificate.verification_code
    officer = api_client_for(setting.officer)
    payloads = [
        ok(officer.get(f"{ROOT}certificates/")),
        ok(officer.get(f"{ROOT}certificates/{enrolment.certificate.pk}/")),
        ok(officer.get(f"{ROOT}enrolments/{enrolment.pk}/")),
    ]
    for payload in payloads:
        assert code not in json.dumps(payload), "the officer got the verification code"
    page = client_for(setting.officer).get(
        reverse("training:enrolment-detail", args=[enrolment.pk])
    )
    assert code not in page.content.decode()
    # The provider's staff and the holder keep it.
    staff = ok(api_client_for(setting.staff).get(f"{ROOT}certificates/"))
    assert staff["results"][0]["verification_code"] == code
    staff_page = client_for(setting.staff).get(
        reverse("training:enrolment-detail", args=[enrolment.pk])
    )
    assert code in staff_page.content.decode()


# --- Query counts -----------------------------------------------------------------------------
def _count(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("reader", ["staff", "officer"])
def test_list_query_counts_do_not_grow_with_rows(
    setting: Setting, reader: str, api_client_for: ApiClientFor
) -> None:
    cohort = make_cohort(setting, capacity=50)
    client = api_client_for(getattr(setting, reader))
    lists = (
        f"{ROOT}programmes/",
        f"{ROOT}cohorts/",
        f"{ROOT}cohorts/{cohort.pk}/enrolments/",
        f"{ROOT}certificates/",
    )
    counter = iter(range(100))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            certified(setting, make_cohort(setting, code=f"C-{i}"), person(setting, i))
            enrol(setting, cohort, person(setting, 50 + i), track="away")
            ok(
                api_client_for(setting.staff).post(
                    f"{ROOT}programmes/",
                    programme_body(partnership=setting.partnership.pk, title=f"P{i}"),
                ),
                201,
            )

    grow(2)
    for url in lists:
        client.get(url)  # warm the per-user caches
    small = {url: _count(client, url) for url in lists}
    grow(5)
    large = {url: _count(client, url) for url in lists}

    assert ok(client.get(f"{ROOT}certificates/"))["count"] == 7
    assert ok(client.get(f"{ROOT}cohorts/{cohort.pk}/enrolments/"))["count"] == 7
    assert large == small


# --- Schema and routes ------------------------------------------------------------------------
def test_every_route_is_its_own_operation_in_the_schema() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith(ROOT)}
    routes = {
        "/api/v1/training/"
        + str(p.pattern).replace("<id:pk>", "{id}").replace("<id:", "{").replace(">", "}")
        for p in urlpatterns
    }

    assert routes == set(paths)
    operation_ids = [op["operationId"] for ops in paths.values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
    assert set(views.COHORT_MOVE_APIS) == set(COHORT_MOVES)
    assert set(views.ENROLMENT_MOVE_APIS) == set(ENROLMENT_MOVES)
    assert set(views.PROGRAMME_MOVE_APIS) == set(PROGRAMME_MOVES)
    assert views.COHORT_MOVE_APIS["open_recruitment"].__name__ == "CohortOpenRecruitmentApi"
    assert {f"training_cohorts_{name}" for name in COHORT_MOVES} <= set(operation_ids)
    assert {f"training_enrolments_{name}" for name in ENROLMENT_MOVES} <= set(operation_ids)


def test_funding_is_posted_when_the_cohort_starts_through_the_api(
    setting: Setting, api_client_for: ApiClientFor
) -> None:
    fund(setting, "2000.00")
    cohort = make_cohort(setting)
    enrol(setting, cohort, person(setting, 1), track="home")
    ok(api_client_for(setting.staff).post(f"{ROOT}cohorts/{cohort.pk}/start/"))
    [entry] = setting.partnership.costs.all()
    assert (entry.quantity, entry.unit_amount) == (1, Decimal("2000.00"))


# --- Participant imports ----------------------------------------------------------------------
def import_row(i: int, **overrides: str) -> dict[str, str]:
    return {
        "participant_ref": f"IMP-{i:03d}",
        "given_names": f"Nadia{i}",
        "family_name": "Chraibi",
        "date_of_birth": "2000-03-09",
        "sex": "female",
        "nationality": "MA",
        "email": f"nadia.{i}@example.org",
        "phone": f"+2126220000{i:02d}",
        "track": "away",
        "status": "applied",
        **overrides,
    }


def csv_file(rows: list[dict[str, str]], name: str = "people.csv") -> SimpleUploadedFile:
    from training.imports import COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def upload_through_api(
    client: APIClient, cohort: Cohort, file: SimpleUploadedFile, on_commit: Callable[..., Any]
) -> Any:
    """Upload; the check runs after commit, as the Celery task would."""
    with on_commit(execute=True):
        response = client.post(
            f"{ROOT}cohorts/{cohort.pk}/imports/", {"file": file}, format="multipart"
        )
    return response


def test_provider_imports_participants_after_a_preview(
    cohort: Cohort, staff_api: APIClient, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    template = staff_api.get(f"{ROOT}imports/template.csv")
    assert template.status_code == 200
    assert template["Content-Type"].startswith("text/csv")
    header = template.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("participant_ref,given_names,family_name")

    rows = [import_row(1), import_row(2, status="enrolled", track="home")]
    uploaded = upload_through_api(
        staff_api, cohort, csv_file(rows), django_capture_on_commit_callbacks
    )
    assert uploaded.status_code == 202, uploaded.content
    status_url = uploaded["Location"]
    assert status_url == uploaded.json()["links"]["status"]
    assert status_url.endswith(f"{ROOT}imports/{uploaded.json()['id']}/")

    checked = ok(staff_api.get(status_url))
    assert (checked["status"], checked["progress_percent"]) == ("ready", 100)
    assert (checked["rows_total"], checked["rows_invalid"]) == (2, 0)
    assert checked["summary"] == {"create": 2, "enrol": 0, "unchanged": 0, "errors": 0}
    preview = ok(staff_api.get(checked["links"]["preview"]))
    assert [
        (r["line"], r["action"], r["names"], r["track"], r["status"]) for r in preview["results"]
    ] == [
        (2, "create", "Nadia1 Chraibi", "away", "applied"),
        (3, "create", "Nadia2 Chraibi", "home", "enrolled"),
    ]
    assert ok(staff_api.get(checked["links"]["errors"]))["results"] == []
    assert not Enrolment.objects.filter(cohort=cohort).exists()  # a preview changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = staff_api.post(checked["links"]["confirm"])
    assert confirmed.status_code == 202, confirmed.content
    assert confirmed["Location"] == status_url
    done = ok(staff_api.get(status_url))
    assert done["status"] == "imported" and done["finished_at"]
    assert sorted(Enrolment.objects.filter(cohort=cohort).values_list("status", flat=True)) == [
        ES.APPLIED,
        ES.ENROLLED,
    ]
    assert ok(staff_api.get(checked["links"]["preview"]))["results"] == []  # the plan is cleared
    listed = ok(staff_api.get(f"{ROOT}cohorts/{cohort.pk}/imports/"))
    assert [(i["id"], i["status"]) for i in listed] == [(done["id"], "imported")]

    again = upload_through_api(
        staff_api, cohort, csv_file(rows), django_capture_on_commit_callbacks
    )
    rechecked = ok(staff_api.get(again["Location"]))
    assert rechecked["summary"] == {"create": 0, "enrol": 0, "unchanged": 2, "errors": 0}


def test_a_bad_row_is_reported_by_line_and_column_and_nothing_imports(
    cohort: Cohort, staff_api: APIClient, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    rows = [import_row(1), import_row(2, email="not-an-email"), import_row(3)]

    uploaded = upload_through_api(
        staff_api, cohort, csv_file(rows), django_capture_on_commit_callbacks
    )
    checked = ok(staff_api.get(uploaded["Location"]))

    assert (checked["status"], checked["rows_invalid"]) == ("invalid", 1)
    errors = ok(staff_api.get(checked["links"]["errors"]))
    assert [(e["line"], e["column"]) for e in errors["results"]] == [(3, "email")]
    assert errors["results"][0]["message"]
    refused = staff_api.post(checked["links"]["confirm"])
    assert_conflict(refused)
    assert not Enrolment.objects.filter(cohort=cohort).exists()

    cancelled = ok(staff_api.post(checked["links"]["cancel"]))
    assert cancelled["status"] == "cancelled"
    assert staff_api.post(checked["links"]["cancel"]).status_code == 409
    assert staff_api.post(checked["links"]["confirm"]).status_code == 409


def test_upload_checks_the_file(
    setting: Setting,
    cohort: Cohort,
    staff_api: APIClient,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    url = f"{ROOT}cohorts/{cohort.pk}/imports/"

    missing = staff_api.post(url, {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()
    binary = SimpleUploadedFile("people.csv", b"\x00\x01\x02\xff" * 20)
    garbage = staff_api.post(url, {"file": binary}, format="multipart")
    assert garbage.status_code == 400 and garbage.json()["field"] == "file"
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="cancel", reason="x")
    closed = upload_through_api(
        staff_api, cohort, csv_file([import_row(1)]), django_capture_on_commit_callbacks
    )
    assert closed.status_code == 409
    assert not ParticipantImport.objects.exists()


IMPORT_CALLS = ("status", "errors", "preview", "list", "upload", "confirm", "cancel")
IMPORT_EXPECTED: dict[str, tuple[int, ...]] = {
    #                status errors preview list upload confirm cancel
    "anonymous": (401, 401, 401, 401, 401, 401, 401),
    "migrant": (403, 403, 403, 403, 403, 403, 403),
    "other_provider": (404, 404, 404, 404, 404, 404, 404),
    "officer": (200, 403, 403, 200, 403, 403, 403),
    "viewer": (200, 200, 200, 200, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(IMPORT_EXPECTED))
def test_import_permission_matrix(
    setting: Setting,
    cohort: Cohort,
    role: str,
    api_client_for: ApiClientFor,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    staff = api_client_for(setting.staff)
    uploaded = upload_through_api(
        staff, cohort, csv_file([import_row(1)]), django_capture_on_commit_callbacks
    )
    pk = uploaded.json()["id"]
    user = {
        "anonymous": None,
        "migrant": migrant_with_profile(phone="+212600006666", contact_email="m@example.org")[0],
        "other_provider": provider_staff_of(),
        "officer": setting.officer,
        "viewer": viewer_of(setting),
    }[role]
    client = APIClient() if user is None else api_client_for(user)
    calls = {
        "status": lambda: client.get(f"{ROOT}imports/{pk}/"),
        "errors": lambda: client.get(f"{ROOT}imports/{pk}/errors/"),
        "preview": lambda: client.get(f"{ROOT}imports/{pk}/preview/"),
        "list": lambda: client.get(f"{ROOT}cohorts/{cohort.pk}/imports/"),
        "upload": lambda: client.post(
            f"{ROOT}cohorts/{cohort.pk}/imports/",
            {"file": csv_file([import_row(2)])},
            format="multipart",
        ),
        "confirm": lambda: client.post(f"{ROOT}imports/{pk}/confirm/"),
        "cancel": lambda: client.post(f"{ROOT}imports/{pk}/cancel/"),
    }

    answers = tuple(calls[name]().status_code for name in IMPORT_CALLS)

    assert answers == IMPORT_EXPECTED[role]
    assert ParticipantImport.objects.get().status == ParticipantImport.Status.READY
    if role == "officer":  # counts only: no row of the file
        text = json.dumps(ok(client.get(f"{ROOT}imports/{pk}/")))
        assert "Nadia" not in text and "nadia" not in text
