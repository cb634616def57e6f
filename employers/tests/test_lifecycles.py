"""The lifecycles of a vacancy and of an interest, as the recruitment process describes them.

The tables are written out here rather than read from the declarations in
``employers.services``, so that a wrong declaration fails these tests.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.http import Http404

from audit.models import AuditEvent
from core.errors import InvalidTransition
from employers.models import Interest, Vacancy
from employers.services import (
    CANDIDATE_SIDE,
    EMPLOYER_SIDE,
    INTEREST_LIFECYCLE,
    VACANCY_LIFECYCLE,
)
from employers.tests.factories import creator, interest_in, vacancy_in

pytestmark = pytest.mark.django_db
VS = Vacancy.Status
IS = Interest.Status

# move: (the statuses it starts from, the status it leads to, its audit code)
VACANCY_MOVES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "open": ((VS.DRAFT,), VS.OPEN, "employers.vacancy.published"),
    "back_to_draft": ((VS.OPEN,), VS.DRAFT, "employers.vacancy.returned_to_draft"),
    "mark_filled": ((VS.OPEN,), VS.FILLED, "employers.vacancy.filled"),
    "reopen": ((VS.FILLED,), VS.OPEN, "employers.vacancy.reopened"),
    "close": ((VS.DRAFT, VS.OPEN, VS.FILLED), VS.CLOSED, "employers.vacancy.closed"),
}
# move: (from, to, audit code, who takes it)
INTEREST_MOVES: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "express": ((IS.SHORTLISTED,), IS.INTEREST_SENT, "employers.interest.expressed", "employer"),
    "interview": (
        (IS.ACCEPTED,),
        IS.INTERVIEW,
        "employers.interest.invited_to_interview",
        "employer",
    ),
    "offer": ((IS.ACCEPTED, IS.INTERVIEW), IS.OFFER, "employers.interest.offered", "employer"),
    "hire": ((IS.OFFER,), IS.HIRED, "employers.interest.hired", "employer"),
    "not_selected": (
        (IS.ACCEPTED, IS.INTERVIEW, IS.OFFER),
        IS.NOT_SELECTED,
        "employers.interest.not_selected",
        "employer",
    ),
    "withdraw": (
        (IS.SHORTLISTED, IS.INTEREST_SENT, IS.ACCEPTED),
        IS.WITHDRAWN,
        "employers.interest.withdrawn",
        "employer",
    ),
    "accept": ((IS.INTEREST_SENT,), IS.ACCEPTED, "employers.interest.accepted", "candidate"),
    "decline": ((IS.INTEREST_SENT,), IS.DECLINED, "employers.interest.declined", "candidate"),
}
VALUES: dict[str, dict[str, Any]] = {
    "close": {"reason": "Budget cut"},
    "not_selected": {"reason": "Another candidate"},
    "withdraw": {"reason": "Position cancelled"},
    "hire": {"starts_on": date(2027, 3, 1)},
    "express": {"message": "Hello"},
}


def test_the_declared_vacancy_lifecycle_is_the_agreed_one() -> None:
    declared = {
        move.name: (set(VACANCY_LIFECYCLE.sources(move)), move.targets)
        for move in VACANCY_LIFECYCLE.moves
    }
    assert declared == {name: (set(s), (t,)) for name, (s, t, _a) in VACANCY_MOVES.items()}
    assert [m.name for m in VACANCY_LIFECYCLE.moves if m.needs_reason] == ["close"]


def test_the_declared_interest_lifecycle_is_the_agreed_one_with_its_sides() -> None:
    declared = {
        move.name: (set(INTEREST_LIFECYCLE.sources(move)), move.targets)
        for move in INTEREST_LIFECYCLE.moves
    }
    assert declared == {name: (set(s), (t,)) for name, (s, t, _a, _w) in INTEREST_MOVES.items()}
    sides = {"employer": EMPLOYER_SIDE, "candidate": CANDIDATE_SIDE}
    for name, (_s, _t, _a, side) in INTEREST_MOVES.items():
        assert sides[side].get(name) is not None, name
        other = CANDIDATE_SIDE if side == "employer" else EMPLOYER_SIDE
        assert other.get(name) is None, name


LEGAL_VACANCY = sorted((m, s) for m, (sources, _t, _a) in VACANCY_MOVES.items() for s in sources)


@pytest.mark.parametrize(("move", "source"), LEGAL_VACANCY)
def test_every_legal_vacancy_move_changes_it_and_is_audited(move: str, source: str) -> None:
    vacancy = vacancy_in(source)
    VACANCY_LIFECYCLE.take(move, actor=creator(vacancy), pk=vacancy.pk, values=VALUES.get(move, {}))
    vacancy.refresh_from_db()
    _sources, target, code = VACANCY_MOVES[move]
    assert vacancy.status == target
    event = AuditEvent.objects.for_target(vacancy).first()
    assert event is not None
    assert (event.action, event.from_state, event.to_state) == (code, source, target)


@pytest.mark.parametrize("source", VS.values)
def test_every_illegal_vacancy_move_is_refused_and_changes_nothing(source: str) -> None:
    vacancy = vacancy_in(source)
    refused = [m for m, (sources, _t, _a) in VACANCY_MOVES.items() if source not in sources]
    for move in refused:
        with pytest.raises(InvalidTransition):
            VACANCY_LIFECYCLE.take(
                move, actor=creator(vacancy), pk=vacancy.pk, values=VALUES.get(move, {})
            )
        vacancy.refresh_from_db()
        assert vacancy.status == source, move
    assert not AuditEvent.objects.for_target(vacancy).exclude(action__endswith="created").exists()


@pytest.fixture
def vacancy() -> Vacancy:
    from employers.tests.factories import open_vacancy

    return open_vacancy(positions=50)


@pytest.mark.parametrize("source", IS.values)
def test_every_interest_move_applies_only_from_its_statuses_and_is_audited(
    source: str, vacancy: Vacancy
) -> None:
    refused, candidate = interest_in(source, vacancy, n=0)
    for n, (move, (sources, target, code, side)) in enumerate(INTEREST_MOVES.items(), start=1):
        if source not in sources:
            actor = creator(vacancy) if side == "employer" else candidate
            # A shortlist is the employer's private list: the candidate does not see it.
            hidden = side == "candidate" and source == IS.SHORTLISTED
            with pytest.raises(Http404 if hidden else InvalidTransition):
                INTEREST_LIFECYCLE.take(
                    move, actor=actor, pk=refused.pk, values=VALUES.get(move, {})
                )
            refused.refresh_from_db()
            assert refused.status == source, move
            continue
        interest, user = interest_in(source, vacancy, n=n)
        actor = creator(vacancy) if side == "employer" else user
        INTEREST_LIFECYCLE.take(move, actor=actor, pk=interest.pk, values=VALUES.get(move, {}))
        interest.refresh_from_db()
        assert interest.status == target, move
        event = AuditEvent.objects.for_target(interest).first()
        assert event is not None
        assert (event.action, event.from_state, event.to_state) == (code, source, target)
