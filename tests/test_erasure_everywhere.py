"""Erasure and export across every app (issue 13, 5b), on one person with records in all of
them (``tests/erasure_world.py``): after ``profile_erase`` nothing in the database, the file store
or the pending imports carries their markers, and nothing users see still refers to them; their
export carries every app's part, and nothing of anyone else."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.models import ApiToken, Notification, User
from audit.models import AuditEvent
from core.api.verification import document_data
from core.verification import verify_code
from employers import erasure as employers_erasure
from employers.models import Interest, Placement
from employers.selectors import candidate_identity, interests_for_vacancy, pool_search
from employers.tests.factories import creator, interest_in, open_vacancy, pool_candidate
from matching import erasure as matching_erasure
from matching.internal import _publish
from matching.models import Match, MatchChunk, MatchResult, MatchRun
from matching.selectors import ranked_candidates, vacancies_for_migrant
from migrants.hooks import ERASURE_HOOKS, EXPORT_SECTIONS
from migrants.models import PassportShare
from migrants.passport.services import shared_passport
from migrants.rights.services import profile_erase, profile_export
from recognition.export import recognition_export
from recognition.internal import applicant_erase
from recognition.models import RequestMessage
from tests.erasure_support import database_hits
from tests.erasure_world import MARKERS, PDF, World, build_world
from training import erasure as training_erasure
from training.import_retention import participant_imports_erase
from training.models import Enrolment, ParticipantImport, TrackChange
from training.tests.factories import enrol, make_cohort, make_setting, participant

pytestmark = pytest.mark.django_db


def _files_with_markers(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            found += [f"{path.name}: {m}" for m in MARKERS if m.lower().encode() in content]
    return found


def test_after_erasure_no_app_keeps_or_shows_anything_of_the_person(
    private_media: Path, commit: Callable[..., Any]
) -> None:
    world = build_world(commit)
    marker, other = world.marker.profile, world.other.profile
    # The scan finds what is there before: in every app.
    before = {hit.split(".")[0] for m in MARKERS for hit in database_hits(m)}
    assert {"accounts", "migrants", "recognition", "training", "audit", "employers"} <= before
    assert _files_with_markers(private_media)
    assert Match.objects.filter(profile=marker).exists()
    assert Session.objects.exists()

    commit(profile_erase, actor=world.marker.user, profile_id=marker.pk)

    leftovers = {m: database_hits(m) for m in MARKERS}
    assert {m: hits for m, hits in leftovers.items() if hits} == {}
    assert _files_with_markers(private_media) == []

    # What employers see: no pool card, no ranking, no pipeline entry.
    vacancy = world.vacancy
    pool = pool_search(vacancy=vacancy, params={})
    assert [c.profile_id for c in pool.cards] == [other.pk]
    ranked = ranked_candidates(user=world.employer, vacancy_id=vacancy.pk)
    assert [r.card.profile_id for r in ranked.rows] == [other.pk]
    assert [i.profile_id for i in interests_for_vacancy(vacancy=vacancy)] == [other.pk]
    # ... nor in the tables behind them.
    assert not Match.objects.filter(profile=marker).exists()
    assert not MatchResult.objects.filter(profile=marker).exists()
    assert not MatchRun.objects.filter(profile=marker).exists()
    assert not Interest.objects.filter(profile=marker).exists()
    assert not Placement.objects.filter(profile=marker).exists()
    assert Match.objects.filter(profile=other).exists()
    assert vacancies_for_migrant(user=world.other.user)

    # The share link no longer opens; the import naming them was cancelled, its file deleted.
    assert shared_passport(world.share_token) is None
    assert not PassportShare.objects.filter(profile=marker, revoked_at__isnull=True).exists()
    for participant_import in world.imports:
        participant_import.refresh_from_db()
        assert participant_import.status == ParticipantImport.Status.CANCELLED
        assert (participant_import.content, participant_import.plan) == (None, [])

    # Training keeps the enrolment (the cohort's counts, the certificate's code) but nothing that
    # names the person: no provider reference, no free text about them.
    enrolment = Enrolment.objects.get(pk=world.enrolment.pk)
    assert (enrolment.participant_ref, enrolment.reason) == ("", "")
    assert enrolment.profile.given_names == enrolment.profile.family_name == ""
    assert not TrackChange.objects.filter(enrolment=enrolment).exclude(reason="[erased]").exists()
    assert Enrolment.objects.get(pk=world.other_enrolment.pk).participant_ref == "LM-Mansouri-02"
    # The certificate and the decision stay verifiable by their codes, naming nobody.
    for code in (
        world.certificate.verification_code,
        world.request.decisions.get().verification_code,
    ):
        found = verify_code(code)
        assert found is not None
        public = json.dumps(document_data(found), default=str).lower()
        assert not [m for m in MARKERS if m.lower() in public], code

    # Recognition's conversation is gone; the login, its tokens, sessions and inbox too.
    assert set(
        RequestMessage.objects.filter(request=world.request).values_list("body", flat=True)
    ) == {"[erased]"}
    assert not ApiToken.objects.filter(user=world.marker.user).exists()
    assert not Session.objects.exists()
    assert not Notification.objects.filter(user=world.marker.user).exists()
    # Layla is untouched.
    other.refresh_from_db()
    assert (other.given_names, other.state) == ("Layla", "active")
    assert Interest.objects.get(pk=world.other_interest.pk).message.startswith("Dear Layla")


def _export(world: World) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    archive = zipfile.ZipFile(
        io.BytesIO(profile_export(actor=world.marker.user, profile_id=world.marker.profile.pk))
    )
    return archive, json.loads(archive.read("profile.json"))


# What identifies Layla, who shares the marker person's cohort, vacancy pool and ranking.
OTHER_PERSON = ["Layla", "Mansouri", "+212699999999", "699999999", "layla@example.org"]


def test_the_export_holds_every_apps_part_and_nothing_of_anyone_else(
    private_media: Path, commit: Callable[..., Any], api_client_for: Callable[..., Any]
) -> None:
    world = build_world(commit)
    archive, data = _export(world)

    pdf = f"documents/{world.scan.qualification_id}/zubeydaxq-diploma.pdf"
    assert sorted(archive.namelist()) == [pdf, "profile.json"]
    assert archive.read(pdf) == PDF
    assert data["profile"]["given_names"] == "Zubeydaxq"

    # Recognition: the request, its conversation both ways, the decision and its documents.
    [request] = data["recognition_requests"]
    assert (request["reference"], request["status"]) == (world.request.reference, "decided")
    assert request["qualification"]["documents_in_archive"] == [pdf]
    assert [(m["from"], m["body"]) for m in request["messages"]] == [
        ("authority", "Dear Zubeydaxq, send the transcript."),
        ("applicant", "Transcript of Zubeydaxq attached"),
        ("applicant", "Call me on +212655500123, Zubeydaxq."),
    ]
    [decision] = request["decisions"]
    assert decision["outcome"] == "partial"
    assert decision["reasons"] == "Ms Quorvendal's training differs in geriatric care."
    assert decision["verification_code"] == world.request.decisions.get().verification_code
    assert decision["measures"][0]["kind"] == "adaptation_period"

    # Training: the enrolment with its progress, track change, outcome and certificate.
    [enrolment] = data["training"]
    assert (enrolment["status"], enrolment["participant_ref"]) == ("certified", "ZQ-Quorvendal-01")
    assert (enrolment["attendance_percent"], enrolment["assessment"]) == (92, "merit")
    assert enrolment["programme"] == world.setting.programme.title
    assert [c["reason"] for c in enrolment["track_changes"]] == [
        "Zubeydaxq asked to stay in Morocco"
    ]
    assert [(o["months"], o["status"]) for o in enrolment["outcomes"]] == [(3, "further_study")]
    assert enrolment["certificate"]["verification_code"] == world.certificate.verification_code

    # Employers: the interest as the person sees it; the shortlist the employer keeps to itself
    # (another vacancy's) is not there.
    [interest] = data["employer_interests"]
    assert (interest["vacancy"], interest["status"]) == (world.vacancy.title, "accepted")
    assert interest["message"] == "Dear Zubeydaxq, we liked your profile."
    assert interest["identity_shared"] is True
    assert world.shortlisted_only.title not in json.dumps(data)

    # Matching: "Jobs for me", with the explanation.
    [match] = data["matches"]
    assert match["vacancy"] == world.vacancy.title
    assert match["rank"] in (1, 2)
    assert match["why"]["matched_skills"]

    # The skills passport's links, and the person's inbox.
    [share] = data["passport_shares"]
    assert share["label"] == "Sent to Quorvendal's new employer"
    assert share["revoked_at"] is None
    assert any("interested in you" in n["title"] for n in data["notifications"])

    # Nothing of Layla, though she shares the cohort, the pool, the ranking and the employer.
    for name in archive.namelist():
        content = archive.read(name).decode("utf-8", errors="ignore").lower()
        assert not [m for m in OTHER_PERSON if m.lower() in content], name
    other = world.other.profile
    text = archive.read("profile.json").decode()
    assert other.pseudonym not in text
    assert world.vacancy.candidate_code(other.pk) not in text

    # The API gives the same archive, still as a ZIP (the schema is unchanged).
    response = api_client_for(world.marker.user).get("/api/v1/migrants/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    by_api = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("profile.json"))
    sections = ("recognition_requests", "training", "employer_interests", "matches")
    assert {k: len(by_api[k]) for k in sections} == dict.fromkeys(sections, 1)


def test_erasure_gives_up_the_persons_place_in_a_cohort(admin_user: User) -> None:
    setting = make_setting()
    cohort = make_cohort(setting, capacity=1)
    person = participant(setting, given_names="Zubeydaxq")
    enrolment = enrol(setting, cohort, person, status=Enrolment.Status.SELECTED, track="away")

    profile_erase(actor=admin_user, profile_id=person.pk, request_reference="DPO-2026-031")

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.NOT_SELECTED
    ended = AuditEvent.objects.for_target(enrolment).get(action="training.enrolment.ended")
    assert (ended.actor, ended.data) == (None, {"basis": "erasure"})
    # The one seat is free again.
    newcomer = participant(setting, given_names="Layla")
    seated = enrol(setting, cohort, newcomer, status=Enrolment.Status.SELECTED, track="away")
    assert seated.status == Enrolment.Status.SELECTED


def test_erasure_ends_the_pipeline_but_keeps_a_hire_without_its_text(
    commit: Callable[..., Any], client_for: Callable[..., Any]
) -> None:
    user, person = pool_candidate(n=7, given_names="Zubeydaxq")
    hired_at = open_vacancy()
    interviewing_at = open_vacancy()
    hired, _ = interest_in(Interest.Status.HIRED, hired_at, candidate=(user, person))
    interviewing, _ = interest_in(
        Interest.Status.INTERVIEW, interviewing_at, candidate=(user, person)
    )
    Interest.objects.filter(pk=hired.pk).update(message="Dear Zubeydaxq, welcome aboard")

    commit(profile_erase, actor=user, profile_id=person.pk)

    hired.refresh_from_db()
    assert (hired.status, hired.message, hired.reason) == (Interest.Status.HIRED, "", "")
    assert Placement.objects.filter(interest=hired).exists()  # the partnership's placements
    assert candidate_identity(hired) is None  # the identity consent ended
    assert not Interest.objects.filter(pk=interviewing.pk).exists()
    # The employer's page of the hire still opens, with the code only: no name, no contact.
    page = client_for(creator(hired_at)).get(reverse("employers:interest-detail", args=[hired.pk]))
    assert page.status_code == 200
    assert "Zubeydaxq" not in page.content.decode()
    assert hired_at.candidate_code(person.pk) in page.content.decode()
    told = Notification.objects.filter(user=creator(interviewing_at), title__contains="left")
    assert [n.title for n in told] == [
        f"{interviewing_at.candidate_code(person.pk)} left the pipeline of {interviewing_at.title}"
    ]


def test_each_app_registers_its_erasure_step_and_export_section_once() -> None:
    steps = [
        participant_imports_erase,
        training_erasure.trainee_erase,
        applicant_erase,
        employers_erasure.candidate_erase,
        matching_erasure.candidate_erase,
    ]
    assert [ERASURE_HOOKS.count(step) for step in steps] == [1] * len(steps)
    assert dict(EXPORT_SECTIONS) == {
        "training": training_erasure.training_export,
        "recognition_requests": recognition_export,
        "employer_interests": employers_erasure.interests_export,
        "matches": matching_erasure.matches_export,
    }


def test_a_ranking_computed_before_the_erasure_does_not_bring_the_person_back(
    commit: Callable[..., Any],
) -> None:
    vacancy = open_vacancy()
    user, person = pool_candidate(n=3, given_names="Zubeydaxq")
    _other_user, other = pool_candidate(n=4)
    run = MatchRun.objects.create(
        kind=MatchRun.Kind.VACANCY, vacancy=vacancy, status=MatchRun.Status.RUNNING
    )
    MatchChunk.objects.create(run=run, index=0, vacancy_ids=[vacancy.pk])

    commit(profile_erase, actor=user, profile_id=person.pk)
    # A worker read the pool before the erasure committed and stages its ranking after it.
    MatchResult.objects.bulk_create(
        [
            MatchResult(run=run, vacancy=vacancy, profile=person, rank=1, score=0.9),
            MatchResult(run=run, vacancy=vacancy, profile=other, rank=2, score=0.8),
        ]
    )
    _publish(run)

    assert list(Match.objects.filter(vacancy=vacancy).values_list("profile_id", flat=True)) == [
        other.pk
    ]
