"""Authorities and requests for tests, built through the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Organisation, User
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from migrants.models import MigrantProfile, Qualification
from migrants.services import qualification_add
from migrants.tests.factories import NURSING_DEGREE, migrant_with_profile
from recognition.models import AuthorityProfile, RecognitionRequest
from recognition.services import (
    RECOGNITION_LIFECYCLE,
    DecisionInput,
    MeasureInput,
    RequestInput,
    request_create,
    request_submit,
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


def nursing_degree(user: User, profile_id: int, **overrides: Any) -> Qualification:
    """A qualification on the person's profile: a Philippine nursing degree unless overridden."""
    return qualification_add(actor=user, profile_id=profile_id, **{**NURSING_DEGREE, **overrides})


def applicant_with_qualification(**profile: Any) -> tuple[User, MigrantProfile, int]:
    user, migrant = migrant_with_profile(**profile)
    return user, migrant, nursing_degree(user, migrant.pk).pk


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


# Which moves lead a new draft to each status, taken in order through the services.
DECIDED = ["submit", "start_screening", "start_assessment", "decide"]
PATHS: dict[str, list[str]] = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.SCREENING: ["submit", "start_screening"],
    S.INFORMATION_REQUESTED: ["submit", "start_screening", "ask_information"],
    S.RESUBMITTED: ["submit", "start_screening", "ask_information", "resubmit"],
    S.ASSESSMENT: ["submit", "start_screening", "start_assessment"],
    S.DECIDED: DECIDED,
    S.APPEALED: [*DECIDED, "appeal"],
    S.APPEAL_DECIDED: [*DECIDED, "appeal", "decide"],
    S.CLOSED: [*DECIDED, "close"],
    S.WITHDRAWN: ["withdraw"],
}
APPLICANT_MOVES = ("submit", "resubmit", "withdraw", "appeal")
AUTHORITY_MOVES = ("start_screening", "ask_information", "start_assessment", "decide", "close")


# What each move's input says, as its page or API body gives it.
STEP_VALUES: dict[str, Callable[[], dict[str, Any]]] = {
    "resubmit": lambda: {"message": "Transcript attached"},
    "appeal": lambda: {"reason": "The placement was longer"},
    "ask_information": lambda: {"message": "Send the transcript"},
    "decide": lambda: asdict(partial_decision()),
}


def take_step(name: str, request: RecognitionRequest, applicant: User, officer: User) -> Any:
    """Take the move ``name`` as the side whose move it is, through the service it declares."""
    actor = applicant if name in APPLICANT_MOVES else officer
    values = STEP_VALUES.get(name, dict)()
    return RECOGNITION_LIFECYCLE.take(name, actor=actor, pk=request.pk, values=values)


def draft_request(
    user: User,
    qualification_id: int,
    organisation: Organisation,
    purpose: str = "regulated_profession",
) -> RecognitionRequest:
    """``user``'s draft asking ``organisation`` to recognise the qualification: for a nursing job
    in its country when ``purpose`` is a regulated profession."""
    nursing = Occupation.objects.get(code="2221").pk if purpose == "regulated_profession" else None
    data = RequestInput(
        qualification_id=qualification_id,
        destination_country=organisation.country_id,
        authority_id=organisation.pk,
        purpose=purpose,
        target_occupation_id=nursing,
    )
    return request_create(actor=user, data=data)


def new_request(
    organisation: Organisation, purpose: str = "regulated_profession"
) -> tuple[RecognitionRequest, User]:
    """A new applicant's draft to ``organisation``, for a nursing job there."""
    user, _migrant, qualification_id = applicant_with_qualification()
    return draft_request(user, qualification_id, organisation, purpose), user


def submitted_to(
    organisation: Organisation, purpose: str = "regulated_profession"
) -> tuple[RecognitionRequest, User]:
    """A new applicant's request to ``organisation``, submitted."""
    request, user = new_request(organisation, purpose)
    request = request_submit(actor=user, request_id=request.pk)
    return request, user


def make_request(status: str = S.DRAFT) -> tuple[RecognitionRequest, User, User]:
    """A request moved to ``status`` through the services; returns (request, applicant, officer)."""
    organisation, officer = authority()
    request, user = new_request(organisation)
    for step in PATHS[status]:
        take_step(step, request, user, officer)
    request.refresh_from_db()
    return request, user, officer
