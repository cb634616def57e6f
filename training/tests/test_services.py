"""Training rules as a provider, an officer and a migrant meet them, through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from audit.selectors import audit_event_list_for_target
from core.errors import ConflictError, DomainValidationError, InvalidTransition
from core.verification import verify_code
from migrants.models import ProfileSkill
from migrants.tests.factories import migrant_with_profile
from partnerships.models import CostEntry
from partnerships.selectors import partnership_targets_with_actuals
from partnerships.tests.factories import set_target
from training.models import Cohort, Enrolment, OutcomeFollowUp, Programme
from training.selectors import cohort_indicators
from training.services import (
    COHORT_LIFECYCLE,
    ENROLMENT_LIFECYCLE,
    PROGRAMME_LIFECYCLE,
    OutcomeInput,
    cohort_apply_action,
    enrolment_apply_action,
    enrolment_change_track,
    enrolments_bulk_action,
    outcome_record,
    programme_apply_action,
    programme_create,
)
from training.tests.factories import (
    Setting,
    certified,
    cohort_in,
    enrol,
    fund,
    make_cohort,
    make_setting,
    participant,
    participants,
    programme_input,
    provider_staff_of,
)

pytestmark = pytest.mark.django_db
ES = Enrolment.Status
CS = Cohort.Status
PS = Programme.Status

# The lifecycles as the programme's process describes them: (sources, target, audit code) per
# move, written out here rather than read from the declarations, so a wrong declaration fails.
PROGRAMME_MOVES = {
    "publish": ({PS.DRAFT}, PS.PUBLISHED, "training.programme.published"),
    "archive": ({PS.DRAFT, PS.PUBLISHED}, PS.ARCHIVED, "training.programme.archived"),
}
COHORT_MOVES = {
    "open_recruitment": ({CS.PLANNED}, CS.RECRUITING, "training.cohort.recruitment_opened"),
    "pause_recruitment": ({CS.RECRUITING}, CS.PLANNED, "training.cohort.recruitment_paused"),
    "start": ({CS.RECRUITING}, CS.IN_TRAINING, "training.cohort.started"),
    "complete": ({CS.IN_TRAINING}, CS.COMPLETED, "training.cohort.completed"),
    "cancel": (
        {CS.PLANNED, CS.RECRUITING, CS.IN_TRAINING},
        CS.CANCELLED,
        "training.cohort.cancelled",
    ),
}
ENROLMENT_MOVES = {
    "select": ({ES.APPLIED}, ES.SELECTED, "training.enrolment.selected"),
    "reject": ({ES.APPLIED, ES.SELECTED}, ES.NOT_SELECTED, "training.enrolment.rejected"),
    "enrol": ({ES.SELECTED}, ES.ENROLLED, "training.enrolment.enrolled"),
    "complete": ({ES.ENROLLED}, ES.COMPLETED, "training.enrolment.completed"),
    "drop_out": ({ES.ENROLLED}, ES.DROPPED_OUT, "training.enrolment.dropped_out"),
    "certify": ({ES.COMPLETED}, ES.CERTIFIED, "training.enrolment.certified"),
}


def test_a_programme_sector_is_one_of_taxonomys(setting: Setting) -> None:
    created = programme_create(
        actor=setting.staff, data=programme_input(setting.provider, sector="ict")
    )
    assert created.sector_id == "ict"
    with pytest.raises(DomainValidationError) as err:
        programme_create(actor=setting.staff, data=programme_input(setting.provider, sector="x"))
    assert err.value.field == "sector"


def test_programme_needs_a_provider_the_actor_works_for(setting: Setting) -> None:
    outsider = provider_staff_of()
    with pytest.raises(DomainValidationError) as err:
        programme_create(actor=outsider, data=programme_input(setting.provider))
    assert err.value.field == "provider"


def test_programme_linked_to_a_partnership_needs_the_provider_as_member(setting: Setting) -> None:
    other = provider_staff_of()
    provider = other.memberships.get().organisation
    with pytest.raises(DomainValidationError) as err:
        programme_create(
            actor=other, data=programme_input(provider, partnership_id=setting.partnership.pk)
        )
    assert err.value.field == "partnership"


def test_certification_needs_level_and_awarding_body(setting: Setting) -> None:
    with pytest.raises(DomainValidationError) as err:
        programme_create(
            actor=setting.staff,
            data=programme_input(setting.provider, certification_isced_level=None),
        )
    assert err.value.field == "certification_isced_level"


def test_full_journey_certificate_skills_and_public_verification(
    setting: Setting, cohort: Cohort
) -> None:
    person = participant(setting)
    enrolment = enrol(setting, cohort, person, track="away")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="complete")
    enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="certify")
    enrolment.refresh_from_db()
    assert enrolment.status == ES.CERTIFIED
    certificate = enrolment.certificate
    qualification = certificate.qualification
    assert qualification is not None
    assert (qualification.source, qualification.title) == ("training", "Certified web developer")
    taught = set(setting.programme.skills.values_list("pk", flat=True))
    evidence = dict(person.skills.values_list("skill_id", "evidence"))
    assert taught and all(evidence[s] == ProfileSkill.Evidence.CERTIFIED for s in taught)
    verified = verify_code(certificate.verification_code)
    assert verified is not None
    assert (verified.kind, verified.status, verified.holder_initials) == (
        "training_certificate",
        "valid",
        "A. H.",
    )
    code = certificate.verification_code
    # Another last character: the code is random and may itself end in "x".
    assert verify_code(code[:-1] + ("y" if code.endswith("x") else "x")) is None


def test_certifying_never_lowers_recognised_evidence(setting: Setting, cohort: Cohort) -> None:
    person = participant(setting)
    skill_id = setting.programme.skills.values_list("pk", flat=True)[0]
    ProfileSkill.objects.create(
        profile=person, skill_id=skill_id, proficiency="expert", evidence="recognised"
    )
    certified(setting, cohort, person, track="home")
    assert person.skills.get(skill_id=skill_id).evidence == "recognised"


# --- Lifecycles -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lifecycle", "table"),
    [
        (PROGRAMME_LIFECYCLE, PROGRAMME_MOVES),
        (COHORT_LIFECYCLE, COHORT_MOVES),
        (ENROLMENT_LIFECYCLE, ENROLMENT_MOVES),
    ],
    ids=["programme", "cohort", "enrolment"],
)
def test_the_declared_lifecycles_are_the_agreed_ones(lifecycle: Any, table: Any) -> None:
    declared = {
        move.name: (set(lifecycle.sources(move)), move.targets[0]) for move in lifecycle.moves
    }
    assert declared == {name: (sources, target) for name, (sources, target, _code) in table.items()}


def _last_event(target: Any) -> tuple[str, str, str]:
    event = audit_event_list_for_target(target=target).first()
    assert event is not None
    return (event.action, event.from_state, event.to_state)


def _legal(table: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((name, source) for name, (sources, _t, _c) in table.items() for source in sources)


@pytest.mark.parametrize(("name", "source"), _legal(PROGRAMME_MOVES))
def test_every_legal_programme_move_moves_and_is_audited_as_done(name: str, source: str) -> None:
    _sources, target, code = PROGRAMME_MOVES[name]
    setting = make_setting()
    programme = setting.programme  # published, no cohort
    if source == PS.DRAFT:
        programme = programme_create(actor=setting.staff, data=programme_input(setting.provider))
    programme_apply_action(actor=setting.staff, programme_id=programme.pk, action=name)
    programme.refresh_from_db()
    assert programme.status == target
    assert _last_event(programme) == (code, source, target)


@pytest.mark.parametrize(("name", "source"), _legal(COHORT_MOVES))
def test_every_legal_cohort_move_moves_and_is_audited_as_done(name: str, source: str) -> None:
    _sources, target, code = COHORT_MOVES[name]
    setting = make_setting()
    cohort = cohort_in(setting, source, "C-1")
    staff = setting.staff
    if name == "start":
        enrol(setting, cohort, participant(setting), track="home")
    if name == "complete":
        for enrolment in cohort.enrolments.all():
            enrolment_apply_action(actor=staff, enrolment_id=enrolment.pk, action="complete")
    cohort_apply_action(actor=staff, cohort_id=cohort.pk, action=name, reason="why")
    cohort.refresh_from_db()
    assert cohort.status == target
    assert _last_event(cohort) == (code, source, target)


@pytest.mark.parametrize(("name", "source"), _legal(ENROLMENT_MOVES))
def test_every_legal_enrolment_move_moves_and_is_audited_as_done(name: str, source: str) -> None:
    _sources, target, code = ENROLMENT_MOVES[name]
    setting = make_setting()
    cohort = make_cohort(setting)
    first = ES.ENROLLED if source == ES.COMPLETED else source
    enrolment = enrol(setting, cohort, participant(setting), status=first, track="home")
    if name in ("complete", "certify"):
        cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    if name == "certify":
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="complete")
    enrolment_apply_action(
        actor=setting.staff, enrolment_id=enrolment.pk, action=name, reason="why"
    )
    enrolment.refresh_from_db()
    assert enrolment.status == target
    assert _last_event(enrolment) == (code, source, target)


def test_every_illegal_programme_move_is_refused_and_changes_nothing(setting: Setting) -> None:
    staff = setting.staff
    programmes = {PS.PUBLISHED: setting.programme}
    for status in (PS.DRAFT, PS.ARCHIVED):
        draft = programme_create(actor=staff, data=programme_input(setting.provider))
        if status == PS.ARCHIVED:
            programme_apply_action(actor=staff, programme_id=draft.pk, action="archive")
        programmes[status] = draft
    for name, (sources, _target, _code) in PROGRAMME_MOVES.items():
        for status, programme in programmes.items():
            if status in sources:
                continue
            with pytest.raises(InvalidTransition):
                programme_apply_action(actor=staff, programme_id=programme.pk, action=name)
            programme.refresh_from_db()
            assert programme.status == status, (name, status)


def test_every_illegal_cohort_move_is_refused_and_changes_nothing(setting: Setting) -> None:
    cohorts = {status: cohort_in(setting, status, f"C-{status}") for status in CS.values}
    for name, (sources, _target, _code) in COHORT_MOVES.items():
        for status, cohort in cohorts.items():
            if status in sources:
                continue
            with pytest.raises(InvalidTransition):
                cohort_apply_action(
                    actor=setting.staff, cohort_id=cohort.pk, action=name, reason="x"
                )
            cohort.refresh_from_db()
            assert cohort.status == status, (name, status)


def test_every_illegal_enrolment_move_is_refused_and_changes_nothing(setting: Setting) -> None:
    staff = setting.staff
    cohort = make_cohort(setting)
    people = participants(setting, 7)
    starting = {
        ES.APPLIED: ES.APPLIED,
        ES.SELECTED: ES.SELECTED,
        ES.NOT_SELECTED: ES.NOT_SELECTED,
        ES.ENROLLED: ES.ENROLLED,
        ES.COMPLETED: ES.ENROLLED,
        ES.CERTIFIED: ES.ENROLLED,
        ES.DROPPED_OUT: ES.ENROLLED,
    }
    enrolments = {
        status: enrol(setting, cohort, person, status=first, track="home")
        for (status, first), person in zip(starting.items(), people, strict=True)
    }
    cohort_apply_action(actor=staff, cohort_id=cohort.pk, action="start")
    for status, moves in (
        (ES.COMPLETED, ["complete"]),
        (ES.CERTIFIED, ["complete", "certify"]),
        (ES.DROPPED_OUT, ["drop_out"]),
    ):
        for move in moves:
            enrolment_apply_action(
                actor=staff, enrolment_id=enrolments[status].pk, action=move, reason="test"
            )
    for name, (sources, _target, _code) in ENROLMENT_MOVES.items():
        for status, enrolment in enrolments.items():
            if status in sources:
                continue
            with pytest.raises(InvalidTransition):
                enrolment_apply_action(
                    actor=staff, enrolment_id=enrolment.pk, action=name, reason="x"
                )
            enrolment.refresh_from_db()
            assert enrolment.status == status, (name, status)


def test_drop_out_and_not_selected_need_a_reason(setting: Setting, cohort: Cohort) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.APPLIED, track="home")
    with pytest.raises(DomainValidationError):
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="reject")


def test_capacity_is_enforced_on_selection(setting: Setting) -> None:
    cohort = make_cohort(setting, capacity=1)
    first, second = participants(setting, 2)
    enrol(setting, cohort, first, status=ES.SELECTED, track="home")
    waiting = enrol(setting, cohort, second, status=ES.APPLIED, track="home")
    with pytest.raises(ConflictError, match="full"):
        enrolment_apply_action(actor=setting.staff, enrolment_id=waiting.pk, action="select")


def test_cohort_cannot_complete_while_people_are_enrolled(setting: Setting, cohort: Cohort) -> None:
    enrol(setting, cohort, participant(setting), track="home")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    with pytest.raises(InvalidTransition, match="still enrolled"):
        cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="complete")


def test_starting_a_cohort_posts_funding_commitments_to_the_ledger(setting: Setting) -> None:
    fund(setting, "2000.00")
    cohort = make_cohort(setting)
    for person in participants(setting, 3):
        enrol(setting, cohort, person, track="home")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    entry = CostEntry.objects.get(partnership=setting.partnership)
    assert (entry.kind, entry.cost_group, entry.quantity, entry.amount) == (
        "commitment",
        "training",
        3,
        Decimal("6000.00"),
    )


def test_cancelling_a_cohort_releases_everyone_with_the_reason(
    setting: Setting, cohort: Cohort
) -> None:
    applied = enrol(setting, cohort, participants(setting, 1)[0], status=ES.APPLIED, track="home")
    with pytest.raises(DomainValidationError):
        cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="cancel")
    cohort_apply_action(
        actor=setting.staff, cohort_id=cohort.pk, action="cancel", reason="Trainer left"
    )
    applied.refresh_from_db()
    assert applied.status == ES.NOT_SELECTED
    assert "Trainer left" in applied.reason


def test_track_change_is_kept_in_history(setting: Setting, cohort: Cohort) -> None:
    enrolment = enrol(setting, cohort, participant(setting), track="away")
    enrolment_change_track(
        actor=setting.staff, enrolment_id=enrolment.pk, track="home", reason="Visa refused"
    )
    enrolment.refresh_from_db()
    assert enrolment.track == "home"
    assert list(enrolment.track_changes.values_list("from_track", "to_track", "reason")) == [
        ("away", "home", "Visa refused")
    ]


def test_single_track_programme_refuses_the_other_track() -> None:
    setting = make_setting(tracks="home")
    cohort = make_cohort(setting)
    with pytest.raises(DomainValidationError) as err:
        enrol(setting, cohort, participant(setting), track="away")
    assert err.value.field == "track"


def test_bulk_action_moves_what_it_can_and_says_why_not_for_the_rest(setting: Setting) -> None:
    cohort = make_cohort(setting, capacity=2)
    people = participants(setting, 3)
    enrolments = [enrol(setting, cohort, p, status=ES.APPLIED, track="home") for p in people]
    result = enrolments_bulk_action(
        actor=setting.staff,
        cohort_id=cohort.pk,
        enrolment_ids=[e.pk for e in enrolments],
        action="select",
    )
    assert len(result.done) == 2
    assert list(result.refused.values()) == ["The cohort is full (2 places)."]


def test_outcomes_and_indicators_feed_partnership_actuals(setting: Setting, cohort: Cohort) -> None:
    people = participants(setting, 4)
    enrolments = [
        enrol(setting, cohort, p, track="home" if i < 2 else "away") for i, p in enumerate(people)
    ]
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    enrolment_apply_action(
        actor=setting.staff, enrolment_id=enrolments[3].pk, action="drop_out", reason="Moved"
    )
    for e in enrolments[:3]:
        enrolment_apply_action(actor=setting.staff, enrolment_id=e.pk, action="complete")
    enrolment_apply_action(actor=setting.staff, enrolment_id=enrolments[0].pk, action="certify")
    outcome_record(
        actor=setting.staff,
        enrolment_id=enrolments[0].pk,
        data=OutcomeInput(months=3, status="employed_origin"),
    )
    outcome_record(
        actor=setting.staff,
        enrolment_id=enrolments[2].pk,
        data=OutcomeInput(months=6, status="employed_destination", country="BE"),
    )
    with pytest.raises(DomainValidationError):
        outcome_record(
            actor=setting.staff,
            enrolment_id=enrolments[1].pk,
            data=OutcomeInput(months=3, status="employed_destination"),
        )
    indicators = cohort_indicators(cohort=Cohort.objects.get(pk=cohort.pk))
    assert indicators.completion_rate == Decimal("75.0")
    assert indicators.dropout_rate == Decimal("25.0")
    assert indicators.certification_rate == Decimal("33.3")
    assert (indicators.home, indicators.away) == (2, 2)
    assert indicators.employed_rate == Decimal("100.0")
    year = timezone.localdate().year
    set_target(
        setting.officer, setting.partnership, year=year, people_to_train=10, away_track_placements=5
    )
    row = partnership_targets_with_actuals(partnership=setting.partnership)[0]
    assert row.actuals["people_trained"] == 3
    assert (row.actuals["home_track_placements"], row.actuals["away_track_placements"]) == (1, 1)
    assert OutcomeFollowUp.objects.count() == 2


def test_foreign_provider_gets_404_and_partnership_officer_may_only_read(
    setting: Setting, cohort: Cohort
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.APPLIED, track="home")
    with pytest.raises(Http404):
        enrolment_apply_action(
            actor=provider_staff_of(), enrolment_id=enrolment.pk, action="select"
        )
    with pytest.raises(PermissionDenied):
        enrolment_apply_action(actor=setting.officer, enrolment_id=enrolment.pk, action="select")
    user, _profile = migrant_with_profile(phone="+212600009999", contact_email="x@example.org")
    with pytest.raises(Http404):
        cohort_apply_action(actor=user, cohort_id=cohort.pk, action="start")


def test_provider_can_only_enrol_people_registered_with_it(
    setting: Setting, cohort: Cohort
) -> None:
    _user, stranger = migrant_with_profile(phone="+212600008888", contact_email="s@example.org")
    with pytest.raises(DomainValidationError) as err:
        enrol(setting, cohort, stranger, status=ES.APPLIED, track="home")
    assert err.value.field == "profile"
