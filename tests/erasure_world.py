"""One person with records in every app, built through each app's services: what the cross-app
erasure and export tests (``tests/test_erasure_everywhere.py``) work on.

The marker person's names, phone, e-mail and document text are unusual strings (``MARKERS``) so
that a scan of the whole database and file store finds them wherever they were copied. A second
person (``Layla Mansouri``) sits beside them in the same cohort, pool and ranking, so the tests can
check that erasure leaves her alone and that an export never carries her data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.services import api_token_create
from employers.models import Interest, Vacancy
from employers.services import interest_express, interest_respond, shortlist_add
from employers.tests.factories import (
    code_of,
    creator,
    employer_staff_of,
    open_vacancy,
    ready_for_pool,
)
from matching.services import vacancy_rematch_start
from migrants.models import ConsentGrant, MigrantProfile, QualificationDocument
from migrants.passport.services import share_create
from migrants.services import (
    ConsentInput,
    consent_grant,
    profile_create_for_self,
)
from migrants.tests.factories import document, organisation_of, profile_input
from recognition.models import RecognitionRequest
from recognition.services import (
    RequestInput,
    message_post,
    request_ask_information,
    request_create,
    request_decide,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
)
from recognition.tests.factories import authority, nursing_degree, partial_decision
from taxonomy.models import Occupation
from tests.erasure_support import MARKER_PASSWORD, PERSON_MARKERS
from training.models import Certificate, Enrolment, ParticipantImport
from training.services import (
    enrolment_apply_action,
    enrolment_change_track,
    enrolment_record_progress,
)
from training.services.outcomes import OutcomeInput, outcome_record
from training.tests.factories import (
    Setting,
    checked_import,
    enrol,
    make_cohort,
    make_setting,
    participant_file,
)

PASSWORD = MARKER_PASSWORD
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% MARKERPDF nursing diploma\ntrailer<<>>\n%%EOF\n"
MARKERS = PERSON_MARKERS


@dataclass
class Person:
    user: User
    profile: MigrantProfile


@dataclass
class World:
    marker: Person
    other: Person
    employer: User
    vacancy: Vacancy
    interest: Interest
    other_interest: Interest
    shortlisted_only: Vacancy
    setting: Setting
    enrolment: Enrolment
    other_enrolment: Enrolment
    certificate: Certificate
    officer: User
    request: RecognitionRequest
    scan: QualificationDocument
    imports: list[ParticipantImport]
    share_token: str


def _person(email: str, given: str, family: str, phone: str) -> Person:
    user = User.objects.create_user(email, PASSWORD, full_name=f"{given} {family}")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = profile_create_for_self(
        user=user,
        data=profile_input(
            given_names=given,
            family_name=family,
            phone=phone,
            contact_email=email,
            date_of_birth=date(1995, 2, 3),
        ),
    )
    # What a developer vacancy in Belgium asks for, and the pool consent that shows them there.
    ready_for_pool(user, profile, institution=f"{family} Institute", employer=f"{family} Software")
    return Person(user, profile)


def _training(setting: Setting, person: Person, ref: str) -> Enrolment:
    consent_grant(
        actor=person.user,
        profile_id=person.profile.pk,
        data=ConsentInput(
            purpose=ConsentGrant.Purpose.COUNSELLING,
            organisation_id=setting.provider.pk,
        ),
    )
    return enrol(
        setting, setting_cohort(setting), person.profile, track="away", participant_ref=ref
    )


def setting_cohort(setting: Setting) -> Any:
    cohort = setting.programme.cohorts.first()
    return cohort if cohort is not None else make_cohort(setting)


def _imports_naming(setting: Setting, given: str, family: str, email: str, phone: str) -> list:
    """A provider's participant files naming the person, checked but not yet imported."""
    cohort = setting_cohort(setting)
    person = {
        "given_names": given,
        "family_name": family,
        "date_of_birth": "1995-02-03",
        "sex": "female",
        "nationality": "MA",
        "email": email,
        "phone": phone,
        "track": "away",
    }
    return [checked_import(setting.staff, cohort, f"{given} group.csv", participant_file(person))]


def build_world(commit: Callable[..., Any]) -> World:
    """The marker person and Layla, with records in every app; every side effect that waits for
    the commit (notifications, rematches) has run."""
    marker = commit(_person, "zq.marker@example.org", "Zubeydaxq", "Quorvendal", "+212655500123")
    other = commit(_person, "layla@example.org", "Layla", "Mansouri", "+212699999999")

    # Recognition: a request with the conversation and a decision that name the person.
    organisation, officer = authority()
    nursing = nursing_degree(marker.user, marker.profile.pk, institution="Quorvendal College")
    scan = document(marker.user, nursing, "zubeydaxq-diploma.pdf", PDF)
    consent_grant(
        actor=marker.user,
        profile_id=marker.profile.pk,
        data=ConsentInput(
            purpose=ConsentGrant.Purpose.RECOGNITION_SHARE,
            organisation_id=organisation.pk,
            qualification_id=nursing.pk,
        ),
    )

    def recognition() -> RecognitionRequest:
        request = request_create(
            actor=marker.user,
            data=RequestInput(
                qualification_id=nursing.pk,
                destination_country="DE",
                authority_id=organisation.pk,
                purpose="regulated_profession",
                target_occupation_id=Occupation.objects.get(code="2221").pk,
            ),
        )
        request_submit(actor=marker.user, request_id=request.pk)
        request_start_screening(actor=officer, request_id=request.pk)
        request_ask_information(
            actor=officer, request_id=request.pk, message="Dear Zubeydaxq, send the transcript."
        )
        request_resubmit(
            actor=marker.user, request_id=request.pk, message="Transcript of Zubeydaxq attached"
        )
        request_start_assessment(actor=officer, request_id=request.pk)
        message_post(
            actor=marker.user, request_id=request.pk, body="Call me on +212655500123, Zubeydaxq."
        )
        data = partial_decision()
        data.reasons = "Ms Quorvendal's training differs in geriatric care."
        request_decide(actor=officer, request_id=request.pk, data=data)
        request.refresh_from_db()
        return request

    request = commit(recognition)

    # Training: both in one cohort; the marker person is certified and followed up.
    setting = make_setting()

    def training() -> tuple[Enrolment, Enrolment]:
        enrolment = _training(setting, marker, "ZQ-Quorvendal-01")
        other_enrolment = _training(setting, other, "LM-Mansouri-02")
        enrolment_change_track(
            actor=setting.staff,
            enrolment_id=enrolment.pk,
            track="home",
            reason="Zubeydaxq asked to stay in Morocco",
        )
        from training.services import cohort_apply_action

        cohort_apply_action(actor=setting.staff, cohort_id=enrolment.cohort_id, action="start")
        enrolment_record_progress(
            actor=setting.staff,
            enrolment_id=enrolment.pk,
            attendance_percent=92,
            assessment="merit",
        )
        for action in ("complete", "certify"):
            enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action=action)
        outcome_record(
            actor=setting.staff,
            enrolment_id=enrolment.pk,
            data=OutcomeInput(months=3, status="further_study"),
        )
        enrolment.refresh_from_db()
        return enrolment, other_enrolment

    enrolment, other_enrolment = commit(training)
    certificate = Certificate.objects.get(enrolment=enrolment)
    imports = _imports_naming(
        setting, "Zubeydaxq", "Quorvendal", "zq.marker@example.org", "+212655500123"
    )

    # Employers and matching: a vacancy whose pool and ranking hold both; the marker person
    # accepted the employer's interest, so the employer saw their identity.
    employer = employer_staff_of("BE")
    vacancy = open_vacancy(employer)
    commit(vacancy_rematch_start, actor=creator(vacancy), vacancy_id=vacancy.pk)

    def pipeline() -> tuple[Interest, Interest]:
        interests = []
        for person in (marker, other):
            interest = shortlist_add(
                actor=employer, vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, person.profile)
            )
            interest_express(
                actor=employer,
                interest_id=interest.pk,
                message=f"Dear {person.profile.given_names}, we liked your profile.",
            )
            interests.append(interest)
        interest_respond(actor=marker.user, interest_id=interests[0].pk, accept=True)
        for interest in interests:
            interest.refresh_from_db()
        return interests[0], interests[1]

    interest, other_interest = commit(pipeline)
    # Another vacancy of the employer, where the person is only on the shortlist: the employer
    # has not written to them, so they do not see it.
    shortlisted_only = open_vacancy(employer, title="Backend developer (internal shortlist)")
    shortlist_add(
        actor=employer,
        vacancy_id=shortlisted_only.pk,
        pseudonym=code_of(shortlisted_only, marker.profile),
    )

    # The skills passport: a live share link with the person's own note.
    _share, token = share_create(
        actor=marker.user,
        profile_id=marker.profile.pk,
        item_keys=[f"certificate:{certificate.pk}", f"decision:{request.decisions.get().pk}"],
        expires_on=timezone.localdate() + timedelta(days=30),
        label="Sent to Quorvendal's new employer",
    )
    api_token_create(user=marker.user, name="Zubeydaxq's phone")
    assert Client().login(email="zq.marker@example.org", password=PASSWORD)
    assert organisation_of(officer) == organisation
    return World(
        marker=marker,
        other=other,
        employer=employer,
        vacancy=vacancy,
        interest=interest,
        other_interest=other_interest,
        shortlisted_only=shortlisted_only,
        setting=setting,
        enrolment=enrolment,
        other_enrolment=other_enrolment,
        certificate=certificate,
        officer=officer,
        request=request,
        scan=scan,
        imports=imports,
        share_token=token,
    )
