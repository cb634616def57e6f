"""The skills passport: a migrant's certificates, recognition decisions and language test
results in one place, shared through links that expire and can be revoked."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from core.errors import DomainValidationError, InvalidTransition
from migrants.models import MigrantProfile, PassportShare
from migrants.passport.selectors import passport_items
from migrants.passport.services import share_create, share_revoke
from migrants.rights.services import profile_erase
from migrants.tests.factories import (
    claimed_by_new_account,
    migrant_with_profile,
    qualification,
    speaks,
)
from recognition.models import Decision
from recognition.services import (
    request_decide,
    request_start_assessment,
    request_start_screening,
    request_submit,
)
from recognition.tests.factories import authority, draft_request, partial_decision
from tests.clients import ApiClientFor, ClientFor, assert_sent_to_sign_in
from training.models import Certificate
from training.services import certificate_revoke
from training.tests.factories import (
    Setting,
    certified,
    make_cohort,
    make_setting,
    participant,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/migrants/me/passport/"


@dataclass
class Owner:
    user: User
    profile: MigrantProfile
    setting: Setting
    certificate: Certificate
    decision: Decision
    language_id: int

    @property
    def keys(self) -> dict[str, str]:
        return {
            "certificate": f"certificate:{self.certificate.pk}",
            "decision": f"decision:{self.decision.pk}",
            "language": f"language:{self.language_id}",
        }


def owner() -> Owner:
    """Trained and certified by a provider, took the profile over, had a nursing degree
    recognised and recorded a German test."""
    setting = make_setting()
    profile = participant(setting)
    enrolment = certified(setting, make_cohort(setting), profile)
    user = claimed_by_new_account(profile, setting.staff)

    organisation, officer = authority()
    nursing = qualification(user, profile, institution="University of Rabat", country="MA")
    rec = draft_request(user, nursing.pk, organisation)
    request_submit(actor=user, request_id=rec.pk)
    request_start_screening(actor=officer, request_id=rec.pk)
    request_start_assessment(actor=officer, request_id=rec.pk)
    request_decide(actor=officer, request_id=rec.pk, data=partial_decision())

    german = speaks(
        user,
        profile,
        "de",
        "B2",
        speaking="B1",
        writing="B1",
        certificate_name="Goethe-Zertifikat B1",
        certificate_score="78/100",
        certificate_date=timezone.localdate() - timedelta(days=30),
    )
    # A language without a test result is not a verified item.
    speaks(user, profile, "en", "C1", writing="B2")
    return Owner(
        user=user,
        profile=profile,
        setting=setting,
        certificate=Certificate.objects.get(enrolment=enrolment),
        decision=Decision.objects.get(request=rec),
        language_id=german.pk,
    )


def _share(o: Owner, *kinds: str, days: int = 30, label: str = "") -> str:
    _share_row, token = share_create(
        actor=o.user,
        profile_id=o.profile.pk,
        item_keys=[o.keys[kind] for kind in kinds],
        expires_on=timezone.localdate() + timedelta(days=days),
        label=label,
    )
    return token


def _public(token: str) -> tuple[int, str]:
    response = Client().get(reverse("passport-shared", args=[token]))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    return response.status_code, response.content.decode()


# --- The owner's passport ---------------------------------------------------------------------
def test_migrant_sees_items_from_every_source_with_verification_links(
    client_for: ClientFor,
) -> None:
    o = owner()
    assert {item.key for item in passport_items(o.profile)} == set(o.keys.values())

    page = client_for(o.user).get(reverse("migrants:passport"))
    assert page.status_code == 200
    body = page.content.decode()
    for text in ("Certified web developer", "BSc Nursing", "German (B1)", "Goethe-Zertifikat B1"):
        assert text in body, text
    assert reverse("verify", args=[o.certificate.verification_code]) in body
    assert reverse("verify", args=[o.decision.verification_code]) in body
    assert "English (C1)" not in body

    data = client_for(o.user).get(reverse("migrants:passport-json")).json()
    kinds = {item["key"]: item["kind"] for item in data["items"]}
    assert kinds == {
        o.keys["certificate"]: "training_certificate",
        o.keys["decision"]: "recognition_decision",
        o.keys["language"]: "language_test",
    }
    certificate = next(i for i in data["items"] if i["key"] == o.keys["certificate"])
    assert certificate["verify_url"] == "http://testserver" + reverse(
        "verify", args=[o.certificate.verification_code]
    )
    assert certificate["status"] == "valid"


def test_a_migrant_without_a_profile_is_sent_to_start_one(migrant: User) -> None:
    client = Client()
    client.force_login(migrant)
    response = client.get(reverse("migrants:passport"))
    assert response.status_code == 302
    assert response["Location"] == reverse("migrants:profile")


def test_passport_page_query_count_does_not_grow_with_items(client_for: ClientFor) -> None:
    o = owner()
    client = client_for(o.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("migrants:passport")).status_code == 200
        return len(queries)

    _share(o, "certificate")
    before = count()
    for code in ("fr", "es", "ar"):
        speaks(
            o.user,
            o.profile,
            code,
            "B2",
            certificate_name=f"Test {code}",
        )
    _share(o, "decision", "language")
    assert len(passport_items(o.profile)) == 6
    assert count() == before


# --- Sharing ----------------------------------------------------------------------------------
def test_a_share_shows_only_the_chosen_items_and_initials(client_for: ClientFor) -> None:
    o = owner()
    client = client_for(o.user)
    created = client.post(
        reverse("migrants:passport"),
        {
            "item_keys": [o.keys["certificate"], o.keys["language"]],
            "expires_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "label": "For Acme Pflege GmbH",
        },
    )
    assert created.status_code == 200
    match = re.search(r'value="http://testserver/passport/([\w-]+)/"', created.content.decode())
    assert match, "the new link is shown once"
    token = match.group(1)

    status, body = _public(token)
    assert status == 200
    assert "Certified web developer" in body
    assert "Goethe-Zertifikat B1" in body
    assert "BSc Nursing" not in body  # not chosen
    assert "A. H." in body
    for private in ("Amina", "Haddad", "amina.haddad@example.org", "1998", "Acme Pflege"):
        assert private not in body, private
    data = Client().get(reverse("passport-shared-json", args=[token])).json()
    assert data["holder_initials"] == "A. H."
    # Newest first: the certificate was issued today, the language test a month ago.
    assert [item["key"] for item in data["items"]] == [o.keys["certificate"], o.keys["language"]]
    assert "Haddad" not in json.dumps(data)

    share = PassportShare.objects.get()
    assert (share.view_count, share.label) == (2, "For Acme Pflege GmbH")
    page = client.get(reverse("migrants:passport")).content.decode()
    assert "For Acme Pflege GmbH" in page
    assert token not in page  # the address is shown once only


def test_a_revoked_certificate_shows_revoked_in_the_shared_view() -> None:
    o = owner()
    token = _share(o, "certificate")
    certificate_revoke(actor=o.setting.staff, certificate_id=o.certificate.pk, reason="Fraud")
    status, body = _public(token)
    assert status == 200
    assert "Revoked" in body
    assert "Fraud" not in body
    data = Client().get(reverse("passport-shared-json", args=[token])).json()
    assert data["items"][0]["status"] == "revoked"


def test_expired_and_revoked_links_no_longer_work(client_for: ClientFor) -> None:
    o = owner()
    expired, revoked, active = (_share(o, "certificate") for _ in range(3))
    PassportShare.objects.filter(token_hash=hashlib.sha256(expired.encode()).hexdigest()).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    to_revoke = PassportShare.objects.get(token_hash=hashlib.sha256(revoked.encode()).hexdigest())
    response = client_for(o.user).post(
        reverse("migrants:passport-share-revoke", args=[to_revoke.pk]), follow=True
    )
    assert "The link was revoked" in response.content.decode()

    for token in (expired, revoked, "not-a-token"):
        status, body = _public(token)
        assert status == 404
        assert "This link is no longer valid" in body
        assert Client().get(reverse("passport-shared-json", args=[token])).status_code == 404
    assert _public(active)[0] == 200
    page = client_for(o.user).get(reverse("migrants:passport")).content.decode()
    assert "Expired" in page and "Revoked" in page and "Active" in page


def test_share_rules() -> None:
    o = owner()
    other_user, other_profile = migrant_with_profile()
    speaks(other_user, other_profile, "fr", "C2", certificate_name="DALF C2")
    foreign = passport_items(other_profile)[0].key
    soon = timezone.localdate() + timedelta(days=5)
    cases = [
        ([], soon, "item_keys"),
        ([foreign], soon, "item_keys"),
        ([o.keys["certificate"]], timezone.localdate() - timedelta(days=1), "expires_on"),
        ([o.keys["certificate"]], timezone.localdate() + timedelta(days=181), "expires_on"),
    ]
    for keys, expires_on, field in cases:
        with pytest.raises(DomainValidationError) as err:
            share_create(
                actor=o.user, profile_id=o.profile.pk, item_keys=keys, expires_on=expires_on
            )
        assert err.value.field == field
    share, _token = share_create(
        actor=o.user,
        profile_id=o.profile.pk,
        item_keys=[o.keys["certificate"]],
        expires_on=timezone.localdate() + timedelta(days=180),
    )
    share_revoke(actor=o.user, profile_id=o.profile.pk, share_id=share.pk)
    with pytest.raises(InvalidTransition):
        share_revoke(actor=o.user, profile_id=o.profile.pk, share_id=share.pk)


def test_a_refused_share_keeps_the_input_and_says_why(client_for: ClientFor) -> None:
    o = owner()
    response = client_for(o.user).post(
        reverse("migrants:passport"),
        {
            "item_keys": [o.keys["decision"]],
            "expires_on": (timezone.localdate() + timedelta(days=400)).isoformat(),
            "label": "Kept note",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "A link can work for at most 180 days." in body
    assert 'value="Kept note"' in body
    assert re.search(rf'value="{o.keys["decision"]}"[^>]*checked', body)
    assert not re.search(rf'value="{o.keys["certificate"]}"[^>]*checked', body)
    assert not PassportShare.objects.exists()


def test_the_token_is_not_stored_in_clear() -> None:
    o = owner()
    token = _share(o, "certificate", label="For a school")
    share = PassportShare.objects.get()
    assert share.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = json.dumps(list(PassportShare.objects.values()), default=str)
    assert token not in stored
    audited = json.dumps(
        list(AuditEvent.objects.values("data", "target_label", "actor_label")), default=str
    )
    assert token not in audited
    assert AuditEvent.objects.filter(action="migrants.passport_share.created").count() == 1


# --- Who may reach what -----------------------------------------------------------------------
def test_others_cannot_reach_the_owners_passport_or_links(
    client_for: ClientFor, api_client_for: ApiClientFor
) -> None:
    o = owner()
    token = _share(o, "certificate")
    share = PassportShare.objects.get()
    other_migrant, _profile = migrant_with_profile(given_names="Omar", family_name="Benali")
    provider = o.setting.staff  # holds the counselling consent of the profile

    mine = client_for(other_migrant).get(reverse("migrants:passport"))
    assert mine.status_code == 200
    assert "Certified web developer" not in mine.content.decode()
    revoke = reverse("migrants:passport-share-revoke", args=[share.pk])
    assert client_for(other_migrant).post(revoke).status_code == 404
    # Staff keep no passport: the owner's pages are not for their role.
    assert client_for(provider).post(revoke).status_code == 403
    for url in (reverse("migrants:passport"), reverse("migrants:passport-json")):
        assert client_for(provider).get(url).status_code == 403
        anonymous = Client().get(url)
        assert_sent_to_sign_in(anonymous)
    assert Client().post(revoke).status_code == 302

    assert api_client_for(provider).get(API).status_code == 403
    assert api_client_for(provider).get(f"{API}shares/").status_code == 403
    assert api_client_for(other_migrant).get(f"{API}shares/").json() == []
    assert api_client_for(other_migrant).post(f"{API}shares/{share.pk}/revoke/").status_code == 404
    assert APIClient().get(API).status_code in (401, 403)
    share.refresh_from_db()
    assert share.revoked_at is None
    assert _public(token)[0] == 200


def test_erasing_the_profile_ends_its_links() -> None:
    o = owner()
    token = _share(o, "certificate", label="For Acme")
    profile_erase(actor=o.user, profile_id=o.profile.pk)
    status, body = _public(token)
    assert status == 404
    assert "This link is no longer valid" in body
    share = PassportShare.objects.get()
    assert share.revoked_at is not None
    assert share.label == ""


# --- API --------------------------------------------------------------------------------------
def test_api_lists_items_creates_and_revokes_links(
    api_client_for: ApiClientFor,
) -> None:
    o = owner()
    client = api_client_for(o.user)
    items = client.get(API).json()
    assert {item["key"] for item in items} == set(o.keys.values())
    decision = next(i for i in items if i["kind"] == "recognition_decision")
    assert decision["verify_code"] == o.decision.verification_code
    assert {"label": "Outcome", "value": "Partial recognition with compensation measures"} in (
        decision["details"]
    )

    expires_on = timezone.localdate() + timedelta(days=14)
    refused = client.post(
        f"{API}shares/", {"item_keys": ["certificate:999999"], "expires_on": expires_on}
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "item_keys"

    created = client.post(
        f"{API}shares/",
        {"item_keys": [o.keys["decision"]], "expires_on": expires_on, "label": "Clinic"},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["url"] == f"http://testserver/passport/{body['token']}/"
    assert (body["status"], body["expires_on"], body["item_keys"]) == (
        "active",
        expires_on.isoformat(),
        [o.keys["decision"]],
    )
    shared = APIClient().get(f"/passport/{body['token']}.json").json()
    assert [item["key"] for item in shared["items"]] == [o.keys["decision"]]

    listed = client.get(f"{API}shares/").json()
    assert [(s["id"], s["view_count"]) for s in listed] == [(body["id"], 1)]
    assert "token" not in listed[0]
    revoked = client.post(f"{API}shares/{body['id']}/revoke/")
    assert (revoked.status_code, revoked.json()["status"]) == (200, "revoked")
    assert client.post(f"{API}shares/{body['id']}/revoke/").status_code == 409
    assert APIClient().get(f"/passport/{body['token']}.json").status_code == 404
