"""Every lifecycle move writes exactly one audit event about the record it moves, with who did
it, what was done (``<app>.<entity>.<past participle>``) and the status before and after.

The moves are read from the declarations (every ``Lifecycle`` the apps' ``services`` export), so
a new lifecycle or a new move is tested without anyone listing it here; a lifecycle nobody taught
this test to set up fails ``test_every_declared_lifecycle_can_be_set_up``. Each case builds a
record in one of the move's source statuses through the app's own test factories, takes the move
through the declaration (``Lifecycle.take``, as the pages and the API do) and reads the events
written since.

A move may also cause events about *other* records (accepting an interest grants a consent, a
hire may fill the vacancy): those are the other services' own events and are not counted here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from accounts.models import User
from audit.models import AuditEvent
from core.transitions import Lifecycle, Move
from tests.test_audit_codes import IRREGULAR

pytestmark = pytest.mark.django_db


def _declared_lifecycles() -> list[Lifecycle[Any]]:
    """Every lifecycle the local apps' services declare, once per entity (the employer's and the
    candidate's sides of an interest are views of the whole interest lifecycle)."""
    found: dict[tuple[type[models.Model], str], Lifecycle[Any]] = {}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            services = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        for value in vars(services).values():
            if isinstance(value, Lifecycle):
                key = (value.model, value.entity)
                if key not in found or len(value.moves) > len(found[key].moves):
                    found[key] = value
    return sorted(found.values(), key=lambda lc: (lc.model._meta.label, lc.entity))


LIFECYCLES = _declared_lifecycles()
CASES = [
    pytest.param(lifecycle, move, source, id=f"{lifecycle.entity}-{move.name}-from-{source}")
    for lifecycle in LIFECYCLES
    for move in lifecycle.moves
    for source in sorted(lifecycle.sources(move))
]


@dataclass
class Arranged:
    """A record in the source status, who takes the move, and what the move's form says."""

    record: Any
    actor: User
    values: dict[str, Any]


def _reason(move: Move[Any]) -> dict[str, Any]:
    return {"reason": "Stated for the record"} if move.needs_reason else {}


# --- One set-up per entity, through each app's test factories ----------------------------------
def _partnership(move: Move[Any], source: str) -> Arranged:
    from partnerships.tests.factories import government_officer_of, make_partnership

    officer = government_officer_of("BE")
    partnership = make_partnership(
        officer, status=source, signed_on=date(2026, 1, 1), start_on=date(2026, 2, 1)
    )
    return Arranged(partnership, officer, _reason(move))


def _programme(move: Move[Any], source: str) -> Arranged:
    from training.models import Programme
    from training.services import programme_create
    from training.tests.factories import make_setting, programme_input

    setting = make_setting()
    programme = setting.programme  # published, without cohorts
    if source == Programme.Status.DRAFT:
        programme = programme_create(actor=setting.staff, data=programme_input(setting.provider))
    return Arranged(programme, setting.staff, _reason(move))


def _cohort(move: Move[Any], source: str) -> Arranged:
    from training.services import enrolment_apply_action
    from training.tests.factories import cohort_in, enrol, make_setting, participant

    setting = make_setting()
    cohort = cohort_in(setting, source, "C-1")
    if move.name == "start":  # a cohort starts with someone enrolled
        enrol(setting, cohort, participant(setting), track="home")
    if move.name == "complete":  # and completes once its trainees have
        for enrolment in cohort.enrolments.all():
            enrolment_apply_action(
                actor=setting.staff, enrolment_id=enrolment.pk, action="complete"
            )
    return Arranged(cohort, setting.staff, _reason(move))


def _enrolment(move: Move[Any], source: str) -> Arranged:
    from training.models import Enrolment
    from training.services import cohort_apply_action, enrolment_apply_action
    from training.tests.factories import enrol, make_cohort, make_setting, participant

    ES = Enrolment.Status
    setting = make_setting()
    cohort = make_cohort(setting)
    first = ES.ENROLLED if source == ES.COMPLETED else source
    enrolment = enrol(setting, cohort, participant(setting), status=first, track="home")
    if source in (ES.ENROLLED, ES.COMPLETED):  # training runs in a started cohort
        cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    if source == ES.COMPLETED:
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="complete")
    return Arranged(enrolment, setting.staff, _reason(move))


def _vacancy(move: Move[Any], source: str) -> Arranged:
    from employers.tests.factories import creator, vacancy_in

    vacancy = vacancy_in(source)
    return Arranged(vacancy, creator(vacancy), _reason(move))


def _interest(move: Move[Any], source: str) -> Arranged:
    from employers.permissions import is_candidate
    from employers.tests.factories import creator, interest_in, open_vacancy

    vacancy = open_vacancy(positions=50)
    interest, candidate = interest_in(source, vacancy)
    actor = candidate if move.allowed is is_candidate else creator(vacancy)
    values = _reason(move)
    if move.name == "hire":
        values["starts_on"] = date(2027, 3, 1)
    return Arranged(interest, actor, values)


def _recognition_request(move: Move[Any], source: str) -> Arranged:
    from recognition.permissions import is_applicant
    from recognition.tests.factories import STEP_VALUES, make_request

    request, applicant, officer = make_request(source)
    actor = applicant if move.allowed is is_applicant else officer
    return Arranged(request, actor, STEP_VALUES.get(move.name, dict)())


ARRANGE: dict[str, Callable[[Move[Any], str], Arranged]] = {
    "partnerships.Partnership": _partnership,
    "training.Programme": _programme,
    "training.Cohort": _cohort,
    "training.Enrolment": _enrolment,
    "employers.Vacancy": _vacancy,
    "employers.Interest": _interest,
    "recognition.RecognitionRequest": _recognition_request,
}


def test_every_declared_lifecycle_can_be_set_up() -> None:
    declared = {lifecycle.model._meta.label for lifecycle in LIFECYCLES}
    assert declared == set(ARRANGE), "teach ARRANGE to set up the new lifecycle's records"
    # The figure SECURITY.md quotes: every (move, source status) pair below is one case.
    print(f"{len(LIFECYCLES)} lifecycles, {len(CASES)} moves from each of their sources")
    assert len(CASES) >= 40


def _is_past_participle(code: str) -> bool:
    last = code.rsplit(".", 1)[-1].split("_")
    return any(word.endswith("ed") or word in IRREGULAR for word in last)


@pytest.mark.parametrize(("lifecycle", "move", "source"), CASES)
def test_every_move_writes_one_audit_event_with_actor_code_and_states(
    lifecycle: Lifecycle[Any], move: Move[Any], source: str
) -> None:
    arranged = ARRANGE[lifecycle.model._meta.label](move, source)
    record = arranged.record
    record.refresh_from_db()
    assert record.status == source, "the set-up did not reach the source status"
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    lifecycle.take(move.name, actor=arranged.actor, pk=record.pk, values=arranged.values)

    record.refresh_from_db()
    assert record.status in move.targets
    events = list(AuditEvent.objects.for_target(record).filter(pk__gt=last))
    assert len(events) == 1, [e.action for e in events]
    event = events[0]
    assert (event.actor_id, event.actor_label) == (arranged.actor.pk, str(arranged.actor))
    app = lifecycle.model._meta.app_label
    assert event.action.startswith(f"{app}.{lifecycle.entity}."), event.action
    assert _is_past_participle(event.action), event.action
    assert (event.from_state, event.to_state) == (source, record.status)
    assert (event.target_id, event.target_label) == (str(record.pk), str(record)[:255])
