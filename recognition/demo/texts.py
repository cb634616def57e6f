"""Part of the recognition demo (see ``recognition.demo``): the officers' and applicants' texts."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from recognition.demo.authorities import DemoAuthority
from recognition.demo.planning import Planned
from recognition.models import Decision
from recognition.services import (
    DecisionInput,
    MeasureInput,
)

Outcome = Decision.Outcome


# --- Texts --------------------------------------------------------------------------------------
ASK = {
    "nursing": (
        "Please send a certified transcript of records showing the hours of theory and of "
        "clinical practice in each subject, and proof of your registration as a nurse."
    ),
    "care": (
        "Please send the curriculum of your care training with the hours of practical "
        "placement, and a reference from your employer for your work in care."
    ),
    "ict": (
        "Please send your diploma supplement or transcript with the credits of each course, "
        "with a certified translation into English."
    ),
    "trade": (
        "Please send the programme of your training with the hours of each module, and "
        "certificates of the work you have done since you qualified."
    ),
    "academic": (
        "Please send your transcript of records and a description of the programme, with a "
        "certified translation into English or French."
    ),
}
ANSWERS = [
    "I have uploaded the certified transcript and its translation.",
    "The documents you asked for are attached; my school sent the curriculum directly too.",
    "Attached are the transcript and my employer's reference. Please tell me if anything is "
    "missing.",
]
APPEALS = {
    "nursing": "My clinical placements were longer than counted: the hospital's certificate of "
    "hours is attached. I ask for full recognition.",
    "care": "I have worked four years in elderly care since my training; please take this "
    "experience into account.",
    "ict": "The courses listed as missing are part of my degree under other names; the course "
    "descriptions are attached.",
    "trade": "My work experience covers the modules listed as missing; my employers' "
    "references are attached.",
    "academic": "The differences listed are covered by my final-year courses; the syllabus is "
    "attached.",
}
DIFFERENCES = {
    "nursing": [
        "Clinical practice in paediatric and psychiatric nursing shorter than required",
        "No supervised placement in long-term care of older people",
        "German health-care and nursing law not covered",
    ],
    "care": [
        "Practical placement of 400 hours against the 800 hours of the German training",
        "Care documentation and hygiene rules in inpatient care not covered",
    ],
    "ict": [
        "Data protection law (GDPR) and information security not covered",
        "Software quality and testing taught in one module against three",
    ],
    "trade": [
        "Safety regulations of the Belgian building and industrial sectors not covered",
        "Practical training in the workplace shorter than required",
    ],
    "academic": [
        "Research methods and final thesis not part of the programme",
        "Fewer credits in the core subjects than the comparable Belgian degree",
    ],
}
# Kind, description ("{n}": months) and the durations to choose from.
MEASURES: dict[str, list[tuple[str, str, list[int | None]]]] = {
    "nursing": [
        (
            "adaptation_period",
            "Adaptation period of {n} months in a hospital, ending with a final interview.",
            [6, 9, 12],
        ),
        (
            "aptitude_test",
            "Knowledge test (Kenntnisprüfung): an oral examination and a practical part in "
            "nursing care.",
            [None],
        ),
    ],
    "care": [
        (
            "adaptation_period",
            "Adaptation period of {n} months in a care home under a qualified nurse.",
            [3, 6],
        )
    ],
    "ict": [
        (
            "top_up_training",
            "Top-up course in data protection law and information security (5 ECTS).",
            [4],
        ),
        ("aptitude_test", "Aptitude test in software engineering and testing.", [None]),
    ],
    "trade": [
        (
            "top_up_training",
            "Top-up training on Belgian safety regulations (VCA certificate), 40 hours.",
            [1],
        ),
        ("adaptation_period", "Adaptation period of {n} months with a recognised employer.", [3]),
    ],
    "academic": [
        ("top_up_training", "Top-up course in research methods (10 ECTS).", [6]),
        ("aptitude_test", "Aptitude test in the core subjects of the programme.", [None]),
    ],
}
REFUSALS = {
    "nursing": "The training does not meet the minimum of theory and clinical practice of a "
    "general nurse, and the differences are too large to be made up by compensation measures.",
    "care": "The certificate does not attest a care training: it covers household services. "
    "Recognition as a care assistant is not possible.",
    "ict": "The certificate attests a short course, not a qualification comparable to a "
    "degree; the applicant may apply for an individual assessment of skills instead.",
    "trade": "The training and work experience shown do not cover the core of the occupation "
    "and the documents asked for were not sent.",
    "academic": "The programme is not comparable to a degree of the Belgian system in level "
    "and workload.",
}
# ISCED 2011 levels and the EQF levels they usually compare to.
EQF = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8}
# Outcome weights of a first decision by topic: regulated professions are mostly partial.
OUTCOMES: dict[str, list[tuple[str, int]]] = {
    "nursing": [(Outcome.PARTIAL, 6), (Outcome.FULL, 3), (Outcome.REFUSED, 1)],
    "care": [(Outcome.PARTIAL, 5), (Outcome.FULL, 3), (Outcome.REFUSED, 2)],
    "ict": [(Outcome.FULL, 6), (Outcome.PARTIAL, 3), (Outcome.REFUSED, 1)],
    "trade": [(Outcome.FULL, 5), (Outcome.PARTIAL, 3), (Outcome.REFUSED, 2)],
    "academic": [(Outcome.FULL, 6), (Outcome.PARTIAL, 3), (Outcome.REFUSED, 1)],
}


def weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def decision_for(
    rng: random.Random, p: Planned, authority: DemoAuthority, outcome: str, *, appeal: bool
) -> DecisionInput:
    topic, level = p.route.topic, p.level
    # Validated against today; the real deadline is set with the back-dated decision.
    deadline = timezone.localdate() + timedelta(days=30)
    route = authority.appeal_route_court if appeal else authority.appeal_route
    if outcome == Outcome.FULL:
        return DecisionInput(outcome=outcome, comparable_isced_level=level, eqf_level=EQF[level])
    if outcome == Outcome.PARTIAL:
        kind, description, months = rng.choice(MEASURES[topic])
        n = rng.choice(months)
        return DecisionInput(
            outcome=outcome,
            comparable_isced_level=level,
            eqf_level=EQF[level],
            substantial_differences=rng.sample(DIFFERENCES[topic], rng.choice([1, 2])),
            measures=[MeasureInput(kind, description.format(n=n), n)],
            reasons=(
                "The training differs substantially in the subjects listed. The applicant may "
                "choose to make up the differences by the measure below; full recognition "
                "follows on its completion."
            ),
            appeal_route=route,
            appeal_deadline=deadline,
        )
    return DecisionInput(
        outcome=outcome,
        comparable_isced_level=max(level - 1, 1),
        reasons=REFUSALS[topic],
        appeal_route=route,
        appeal_deadline=deadline,
    )
