"""Authorities and requests for tests, built through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from migrants.models import MigrantProfile
from migrants.services import qualification_add
from migrants.tests.factories import migrant_with_profile
from recognition.models import AuthorityProfile, RecognitionRequest
from recognition.services import (
    DecisionInput,
    MeasureInput,
    RequestInput,
    request_appeal,
    request_ask_information,
    request_close,
    request_create,
    request_decide,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
    request_withdraw,
)
from taxonomy.models import Occupation

S = RecognitionRequest.Status


def authority(country: str = "DE", **rules: Any) -> tuple[Organisation, User]:
    """A recognition authority competent for nursing, and one of its officers."""
    organisation = OrganisationFactory.create(
        kind=Organisation.Kind.RECOGNITION_AUTHORITY, country_id=country
    )
    profile = AuthorityProfile.objects.create(organisation=organisation, vocational=True, **rules)
    profile.regulated_occupations.add(Occupation.objects.get(code="2221"))
    officer = MembershipFactory.create(organisation=organisation).user
    return organisation, officer


def applicant_with_qualification(**profile: Any) -> tuple[User, MigrantProfile, int]:
    user, migrant = migrant_with_profile(**profile)
    qualification = qualification_add(
        actor=user,
        profile_id=migrant.pk,
        title="BSc Nursing",
        institution="University of Santo Tomas",
        country="PH",
        isced_level=6,
    )
    return user, migrant, qualification.pk


def partial_decision() -> DecisionInput:
    return DecisionInput(
        outcome="partial",
        comparable_isced_level=6,
        substantial_differences=["Geriatric care placement shorter than required"],
        measures=[MeasureInput("adaptation_period", "Six months supervised practice", 6)],
        reasons="Training differs substantially in geriatric care.",
        appeal_route="Administrative court of Cologne",
        appeal_deadline=timezone.localdate() + timedelta(days=30),
    )


def make_request(status: str = S.DRAFT) -> tuple[RecognitionRequest, User, User]:
    """A request moved to ``status`` through the services; returns (request, applicant, officer)."""
    organisation, officer = authority()
    user, _migrant, qualification_id = applicant_with_qualification()
    request = request_create(
        actor=user,
        data=RequestInput(
            qualification_id=qualification_id,
            destination_country="DE",
            authority_id=organisation.pk,
            purpose="regulated_profession",
            target_occupation_id=Occupation.objects.get(code="2221").pk,
        ),
    )
    paths: dict[str, list[str]] = {
        S.DRAFT: [],
        S.SUBMITTED: ["submit"],
        S.SCREENING: ["submit", "screen"],
        S.INFORMATION_REQUESTED: ["submit", "screen", "ask"],
        S.RESUBMITTED: ["submit", "screen", "ask", "resubmit"],
        S.ASSESSMENT: ["submit", "screen", "assess"],
        S.DECIDED: ["submit", "screen", "assess", "decide"],
        S.APPEALED: ["submit", "screen", "assess", "decide", "appeal"],
        S.APPEAL_DECIDED: ["submit", "screen", "assess", "decide", "appeal", "decide"],
        S.CLOSED: ["submit", "screen", "assess", "decide", "close"],
        S.WITHDRAWN: ["withdraw"],
    }
    steps = paths[status]
    run = {
        "submit": lambda: request_submit(actor=user, request_id=request.pk),
        "screen": lambda: request_start_screening(actor=officer, request_id=request.pk),
        "ask": lambda: request_ask_information(
            actor=officer, request_id=request.pk, message="Send the transcript"
        ),
        "resubmit": lambda: request_resubmit(
            actor=user, request_id=request.pk, message="Transcript attached"
        ),
        "assess": lambda: request_start_assessment(actor=officer, request_id=request.pk),
        "decide": lambda: request_decide(
            actor=officer, request_id=request.pk, data=partial_decision()
        ),
        "appeal": lambda: request_appeal(
            actor=user, request_id=request.pk, reason="The placement was longer"
        ),
        "close": lambda: request_close(actor=officer, request_id=request.pk),
        "withdraw": lambda: request_withdraw(actor=user, request_id=request.pk),
    }
    for step in steps:
        run[step]()
    request.refresh_from_db()
    return request, user, officer
