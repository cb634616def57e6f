"""The printable training certificate: for the holder and the provider's staff only, with the
address and QR code of the portal's one verification page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from migrants.tests.factories import claimed_by_new_account, migrant_with_profile
from tests.clients import ClientFor, assert_sent_to_sign_in
from training.models import Certificate
from training.services import certificate_revoke
from training.tests.factories import (
    Setting,
    certified,
    make_cohort,
    make_setting,
    participant,
    provider_staff_of,
)

pytestmark = pytest.mark.django_db


def certified_holder() -> tuple[Setting, Certificate, User]:
    """A participant registered by the provider, certified, who took over their profile."""
    setting = make_setting()
    person = participant(setting)
    enrolment = certified(setting, make_cohort(setting), person)
    holder = claimed_by_new_account(person, setting.staff)
    return setting, Certificate.objects.get(enrolment=enrolment), holder


def _url(certificate: Certificate) -> str:
    return reverse("training:certificate-print", args=[certificate.pk])


def test_holder_can_print_the_certificate_with_its_qr_code(client_for: ClientFor) -> None:
    _setting, certificate, holder = certified_holder()
    response = client_for(holder).get(_url(certificate))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    verify = "http://testserver" + reverse("verify", args=[certificate.verification_code])
    assert verify in body
    assert '<svg class="decision-doc__qr"' in body
    assert "Certified web developer" in body
    assert "Amina Haddad" in body  # the printed document names its holder
    assert "This certificate was revoked" not in body


def test_provider_staff_can_print_and_see_a_revocation(client_for: ClientFor) -> None:
    setting, certificate, _holder = certified_holder()
    certificate_revoke(actor=setting.staff, certificate_id=certificate.pk, reason="Exam fraud")
    response = client_for(setting.staff).get(_url(certificate))
    assert response.status_code == 200
    assert "This certificate was revoked" in response.content.decode()


def test_others_cannot_print_the_certificate(client_for: ClientFor) -> None:
    setting, certificate, _holder = certified_holder()
    other_migrant, _profile = migrant_with_profile()
    for user in (setting.officer, provider_staff_of(), other_migrant):
        assert client_for(user).get(_url(certificate)).status_code == 404, user
    missing = reverse("training:certificate-print", args=[certificate.pk + 1000])
    assert client_for(setting.staff).get(missing).status_code == 404
    anonymous = Client().get(_url(certificate))
    assert_sent_to_sign_in(anonymous)
