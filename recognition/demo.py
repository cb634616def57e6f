"""Demo recognition authorities, officers and about 140 requests in every state.

Authorities: the German health professions office of the accounts demo decides on the regulated
professions of nursing (ISCO-08 2221), midwifery (2222) and care assistance (5321) within 30 and
120 days; the Belgian centre on vocational and academic qualifications (ICT and the trades); a
Lithuanian centre, created here, on academic ones (ICT graduates for Vilnius's fintech employers)
within 14 and 60 days. Each has an officer login (demo password); the German office's is the
accounts demo's recognition@demo.example.org, who gets most of its work.

Requests: every demo migrant who signed up (the services act as the applicant) asks for one of
their qualifications to be recognised, some for a second; someone with none first records one
through ``migrants.services.qualification_add``, from their education. Nurses and carers go to
Germany, ICT graduates to Belgium or Lithuania, everyone else to Belgium. Each request is moved
to its state through the services, in the order a real one would go, then its dates are set back
(submission, acknowledgement, complete file, stopped clock, messages, decisions) so that the
queue shows a realistic spread: some requests overdue, some due within the week. Audit events
keep the time of seeding: they are append-only.

The services notify the other side after every step; the seed does not, since hundreds of
months-old messages to demo addresses would only fill the e-mail queue and the inboxes. The
daily deadline check (``recognition.jobs.deadlines_check``) then reminds officers as usual.

Everything is drawn from fixed seeds per person and request, so every run plans the same
requests; one that exists already (same applicant, qualification title and authority) is left
alone, so a second run creates nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Membership, Organisation, User
from accounts.services import membership_grant, organisation_create
from migrants.demo import AMINA, SECTORS
from migrants.models import Education, MigrantProfile, Qualification
from migrants.services import qualification_add
from recognition.models import AuthorityProfile, Decision, RecognitionRequest, RequestMessage
from recognition.services import (
    DecisionInput,
    MeasureInput,
    RequestInput,
    request_appeal,
    request_ask_information,
    request_assign,
    request_close,
    request_create,
    request_decide,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
    request_withdraw,
)
from recognition.services import common as notices
from taxonomy.models import Occupation

SEED = 20261205
S = RecognitionRequest.Status
P = RecognitionRequest.Purpose
Outcome = Decision.Outcome
K = Organisation.Kind


# --- Authorities and their officers -----------------------------------------------------------
@dataclass(frozen=True)
class DemoAuthority:
    key: str  # its country
    name: str
    city: str
    academic: bool
    vocational: bool
    regulated: list[str]  # ISCO-08 unit groups
    days_to_acknowledge: int
    days_to_decide: int
    officers: list[tuple[str, str, str]]  # e-mail, name, role; the first does most of the work
    appeal_route: str
    appeal_route_court: str


AUTHORITIES = [
    DemoAuthority(
        key="DE",
        name="Health Professions Recognition Office (demo)",
        city="Bonn",
        academic=False,
        vocational=False,
        regulated=["2221", "2222", "5321"],
        days_to_acknowledge=30,
        days_to_decide=120,
        officers=[
            ("recognition@demo.example.org", "Jonas Fischer", Membership.Role.MANAGER),
            ("recognition.de@demo.example.org", "Miriam Hoffmann", Membership.Role.STAFF),
        ],
        appeal_route=(
            "Objection (Widerspruch) in writing to the Health Professions Recognition Office "
            "within one month of notification."
        ),
        appeal_route_court="Action before the administrative court of Cologne within one month.",
    ),
    DemoAuthority(
        key="BE",
        name="Belgian Qualifications Recognition Centre (demo)",
        city="Brussels",
        academic=True,
        vocational=True,
        regulated=[],
        days_to_acknowledge=30,
        days_to_decide=120,
        officers=[("recognition.be@demo.example.org", "Sofie Claes", Membership.Role.MANAGER)],
        appeal_route="Request for review to the Centre's appeal board within 30 days.",
        appeal_route_court="Appeal to the Council of State within 60 days.",
    ),
    DemoAuthority(
        key="LT",
        name="Lithuanian Qualifications Recognition Centre (demo)",
        city="Vilnius",
        academic=True,
        vocational=False,
        regulated=[],
        days_to_acknowledge=14,
        days_to_decide=60,
        officers=[
            ("recognition.lt@demo.example.org", "Rūta Jankauskienė", Membership.Role.MANAGER)
        ],
        appeal_route=(
            "Complaint to the Administrative Disputes Commission within one month of receipt."
        ),
        appeal_route_court="Appeal to the Regional Administrative Court within one month.",
    ),
]


@dataclass
class _Authority:
    spec: DemoAuthority
    organisation: Organisation
    officers: list[User]


def _officer(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _authorities() -> dict[str, _Authority]:
    occupations = dict(
        Occupation.objects.filter(
            code__in=[c for a in AUTHORITIES for c in a.regulated], level=Occupation.Level.UNIT
        ).values_list("code", "pk")
    )
    result: dict[str, _Authority] = {}
    for spec in AUTHORITIES:
        organisation = Organisation.objects.filter(
            name=spec.name, country_id=spec.key
        ).first() or organisation_create(
            actor=None,
            name=spec.name,
            kind=K.RECOGNITION_AUTHORITY,
            country_code=spec.key,
            city=spec.city,
        )
        profile, _created = AuthorityProfile.objects.get_or_create(
            organisation=organisation,
            defaults={
                "academic": spec.academic,
                "vocational": spec.vocational,
                "days_to_acknowledge": spec.days_to_acknowledge,
                "days_to_decide": spec.days_to_decide,
            },
        )
        profile.regulated_occupations.add(*[occupations[c] for c in spec.regulated])
        officers = []
        for email, name, role in spec.officers:
            officer = _officer(email, name)
            if not officer.memberships.filter(organisation=organisation, is_active=True).exists():
                membership_grant(actor=None, user=officer, organisation=organisation, role=role)
            officers.append(officer)
        result[spec.key] = _Authority(spec, organisation, officers)
    return result


# --- What each request is about ---------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    authority: str
    purpose: str
    occupation: str  # ISCO-08 unit group
    topic: str  # picks the texts: nursing, care, ict, trade, academic


@dataclass
class Planned:
    profile: MigrantProfile
    qualification: Qualification | None  # None: to be recorded from ``fallback`` first
    fallback: dict[str, Any]
    route: Route
    documents_missing: bool
    status: str = S.DRAFT

    @property
    def title(self) -> str:
        return self.qualification.title if self.qualification else str(self.fallback["title"])

    @property
    def level(self) -> int:
        if self.qualification is not None:
            return self.qualification.isced_level_id
        return int(self.fallback["isced_level"])


def _sector(profile: MigrantProfile) -> str:
    codes = sorted(o.isco_code for o in profile.preferred_occupations.all())
    for code in codes:
        for name, sector in SECTORS.items():
            if code in sector.occupations:
                return name
    return "hospitality"


def _fallback(profile: MigrantProfile, sector: str, draw: float) -> dict[str, Any]:
    """A qualification from the person's highest education, for someone who recorded none."""
    education: list[Education] = sorted(
        profile.education.all(), key=lambda e: (e.isced_level_id, e.end_year or 0), reverse=True
    )
    top = education[0] if education else None
    level = top.isced_level_id if top else 3
    options = [q for q in SECTORS[sector].qualifications if q[1] <= max(level, 2)]
    options = options or SECTORS[sector].qualifications
    title, q_level = options[int(draw * len(options))]
    return {
        "title": title,
        "institution": top.institution if top else "National vocational training centre",
        "country": profile.nationality_id or "MA",
        "isced_level": q_level,
        "field_code": SECTORS[sector].fields[0],
        "awarded_on": date(top.end_year, 7, 1) if top and top.end_year else None,
    }


def _route(
    profile: MigrantProfile, sector: str, title: str, level: int, draw: float, draw2: float
) -> Route:
    preferred = sorted(o.isco_code for o in profile.preferred_occupations.all())
    own = preferred[0] if preferred else "2512"
    if "Nursing" in title:
        return Route("DE", P.REGULATED_PROFESSION, "2221", "nursing")
    if "Caregiving" in title or "Elderly Care" in title:
        return Route("DE", P.REGULATED_PROFESSION, "5321", "care")
    if sector == "ict":
        occupation = own if own in SECTORS["ict"].occupations else "2512"
        destinations = {c.code for c in profile.preferred_destinations.all()}
        to_lithuania = "LT" in destinations or profile.nationality_id == "NG" or draw < 0.35
        # Tertiary (ISCED 5 and up) only: the Lithuanian centre decides on academic ones.
        if level >= 5 and to_lithuania and profile.contact_email != AMINA:
            purpose = P.STUDY if draw2 < 0.25 else P.EMPLOYMENT
            return Route("LT", purpose, occupation, "ict")
        return Route("BE", P.EMPLOYMENT, occupation, "ict")
    topic = "academic" if level >= 6 else "trade"
    return Route("BE", P.EMPLOYMENT, own, topic)


def _plan_person(profile: MigrantProfile) -> list[Planned]:
    # One generator per person: who else is in the database does not change their requests.
    rng = random.Random(f"{SEED}:{profile.contact_email}")  # noqa: S311 - demo data
    draws = [rng.random() for _ in range(7)]
    sector = _sector(profile)
    fallback = _fallback(profile, sector, draws[0])
    qualifications = sorted(profile.qualifications.all(), key=lambda q: (q.title, q.pk))
    chosen: list[Qualification | None] = [None]
    if qualifications:
        first = int(draws[1] * len(qualifications))
        chosen = [qualifications[first]]
        if len(qualifications) > 1 and draws[2] < 0.4:
            chosen.append(qualifications[(first + 1) % len(qualifications)])
    plans = []
    for i, qualification in enumerate(chosen):
        title = qualification.title if qualification else fallback["title"]
        level = qualification.isced_level_id if qualification else fallback["isced_level"]
        plans.append(
            Planned(
                profile=profile,
                qualification=qualification,
                fallback=fallback,
                route=_route(profile, sector, title, level, draws[3 + i], draws[5]),
                documents_missing=draws[6] < 0.05 and i == 0,
            )
        )
    return plans


# How many requests of each hundred end in each state.
STATUS_WEIGHTS: list[tuple[str, int]] = [
    (S.DRAFT, 7),
    (S.SUBMITTED, 12),
    (S.SCREENING, 9),
    (S.INFORMATION_REQUESTED, 9),
    (S.RESUBMITTED, 6),
    (S.ASSESSMENT, 14),
    (S.DECIDED, 10),
    (S.APPEALED, 5),
    (S.APPEAL_DECIDED, 5),
    (S.CLOSED, 15),
    (S.WITHDRAWN, 8),
]


def _statuses(count: int, rng: random.Random) -> list[str]:
    """``count`` statuses in the proportions above, every one at least once, shuffled."""
    total = sum(w for _, w in STATUS_WEIGHTS)
    counts = {s: max(1, count * w // total) for s, w in STATUS_WEIGHTS}
    order = sorted(STATUS_WEIGHTS, key=lambda sw: -sw[1])
    i = 0
    while sum(counts.values()) < count:
        counts[order[i % len(order)][0]] += 1
        i += 1
    statuses = [s for s, n in counts.items() for _ in range(n)][:count]
    rng.shuffle(statuses)
    return statuses


def _demo_applicants() -> list[MigrantProfile]:
    """Demo migrants with a login of their own: the services act as them."""
    return list(
        MigrantProfile.objects.filter(
            Q(contact_email=AMINA)
            | Q(contact_email__startswith="migrant.", contact_email__endswith="@demo.example.org"),
            state=MigrantProfile.State.ACTIVE,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("user")
        .prefetch_related(
            "preferred_occupations",
            "preferred_destinations",
            "education",
            Prefetch("qualifications", queryset=Qualification.objects.order_by("title", "pk")),
        )
        .order_by("contact_email")
    )


def plan() -> list[Planned]:
    """Every demo request, existing or not, with the state it is meant to reach."""
    plans = [p for profile in _demo_applicants() for p in _plan_person(profile)]
    others = [p for p in plans if p.profile.contact_email != AMINA]
    statuses = _statuses(len(others), random.Random(SEED))  # noqa: S311 - demo data
    for p, status in zip(others, statuses, strict=True):
        p.status = status
    for p in plans:
        if p.profile.contact_email == AMINA:
            # The demo login has a question to answer from the Belgian centre.
            p.status = S.INFORMATION_REQUESTED
    return plans


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


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _decision(
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


# --- Paths and dates --------------------------------------------------------------------------
PATHS: dict[str, list[list[str]]] = {
    S.DRAFT: [[]],
    S.SUBMITTED: [["submit"]],
    S.SCREENING: [["submit", "screen"], ["submit", "screen", "ask", "resubmit", "screen"]],
    S.INFORMATION_REQUESTED: [["submit", "screen", "ask"], ["submit", "screen", "assess", "ask"]],
    S.RESUBMITTED: [
        ["submit", "screen", "ask", "resubmit"],
        ["submit", "screen", "assess", "ask", "resubmit"],
    ],
    S.ASSESSMENT: [
        ["submit", "screen", "assess"],
        ["submit", "screen", "assess"],
        ["submit", "screen", "ask", "resubmit", "assess"],
    ],
    S.DECIDED: [
        ["submit", "screen", "assess", "decide"],
        ["submit", "screen", "ask", "resubmit", "assess", "decide"],
    ],
    S.APPEALED: [["submit", "screen", "assess", "decide", "appeal"]],
    S.APPEAL_DECIDED: [["submit", "screen", "assess", "decide", "appeal", "appeal_decide"]],
    S.CLOSED: [
        ["submit", "screen", "assess", "decide", "close"],
        ["submit", "screen", "ask", "resubmit", "assess", "decide", "close"],
        ["submit", "screen", "assess", "decide", "appeal", "appeal_decide", "close"],
    ],
    S.WITHDRAWN: [
        ["withdraw"],
        ["submit", "withdraw"],
        ["submit", "screen", "withdraw"],
        ["submit", "screen", "ask", "withdraw"],
    ],
}


def _gap(step: str, rules: DemoAuthority, rng: random.Random) -> int:
    """Days between the step before and ``step``."""
    low, high = {
        "submit": (0, 6),
        "screen": (1, rules.days_to_acknowledge + 5),
        "ask": (3, 30),
        "resubmit": (4, 40),
        "assess": (3, 25),
        "decide": (max(10, rules.days_to_decide // 4), rules.days_to_decide + 20),
        "appeal": (3, 25),
        "appeal_decide": (20, 80),
        "close": (31, 45),
        "withdraw": (2, 40),
    }[step]
    return rng.randint(low, high)


def _tail(status: str, rules: DemoAuthority, stopped: int, rng: random.Random) -> int:
    """How many days ago the last step was. Requests waiting for acknowledgement or a decision
    are spread so that some are due within the week and some overdue."""
    ack, decide = rules.days_to_acknowledge, rules.days_to_decide + stopped
    due = {str(S.SUBMITTED): ack, str(S.ASSESSMENT): decide}.get(status)
    if due is not None:
        kind = rng.random()
        if kind < 0.35:
            return rng.randint(due + 1, due + 45)  # overdue
        if kind < 0.6:
            return rng.randint(due - 6, due)  # due within the week
        return rng.randint(0, due - 8)
    ranges: dict[str, tuple[int, int]] = {
        S.DRAFT: (0, 30),
        S.SCREENING: (0, 20),
        S.INFORMATION_REQUESTED: (1, 45),
        S.RESUBMITTED: (0, 12),
        S.DECIDED: (1, 25),
        S.APPEALED: (1, 40),
        S.APPEAL_DECIDED: (1, 28),
        S.CLOSED: (1, 300),
        S.WITHDRAWN: (1, 150),
    }
    low, high = ranges[status]
    return rng.randint(low, high)


def _timeline(
    status: str, path: list[str], rules: DemoAuthority, now: datetime, rng: random.Random
) -> list[datetime]:
    """A time for "create" and for each step of ``path``, in order, the last ending ``_tail``
    days ago, at office hours."""
    steps = ["create", *path]
    gaps = [_gap(step, rules, rng) for step in steps[1:]]
    stopped = sum(g for step, g in zip(steps[1:], gaps, strict=True) if step == "resubmit")
    days_ago = [_tail(status, rules, stopped, rng)]
    for gap in reversed(gaps):
        days_ago.insert(0, days_ago[0] + gap)
    today = timezone.localdate(now)
    times = [
        datetime.combine(
            today - timedelta(days=d),
            time(rng.randint(7, 17), rng.randint(0, 59)),
            tzinfo=timezone.get_current_timezone(),
        )
        for d in days_ago
    ]
    # Strictly in order and not in the future.
    latest = now - timedelta(minutes=5)
    for i in reversed(range(len(times))):
        if times[i] >= latest:
            times[i] = latest - timedelta(minutes=rng.randint(10, 120))
        latest = times[i]
    return times


# --- Running the plan ---------------------------------------------------------------------------
@contextmanager
def _without_notifications() -> Iterator[None]:
    """The services' "tell the other side" is skipped while seeding (see the module docstring).
    The seed runs in a management command of its own, so nothing else is silenced meanwhile."""
    original = notices.notify_on_commit

    def skip(**_kwargs: Any) -> None:
        return None

    notices.notify_on_commit = skip
    try:
        yield
    finally:
        notices.notify_on_commit = original


@dataclass
class _Done:
    messages: list[datetime] = field(default_factory=list)  # in the order they were written
    decisions: dict[str, datetime] = field(default_factory=dict)  # by stage


def _create(
    p: Planned, authority: _Authority, occupations: dict[str, int], now: datetime
) -> RecognitionRequest:
    applicant = p.profile.user
    assert applicant is not None
    if p.qualification is None:
        p.qualification = qualification_add(actor=applicant, profile_id=p.profile.pk, **p.fallback)
    key = f"{SEED}:{p.profile.contact_email}:{p.title}:{p.route.authority}"
    rng = random.Random(key)  # noqa: S311 - demo data
    rules = authority.spec
    path = rng.choice(PATHS[p.status])
    times = _timeline(p.status, path, rules, now, rng)
    request = request_create(
        actor=applicant,
        data=RequestInput(
            qualification_id=p.qualification.pk,
            destination_country=rules.key,
            authority_id=authority.organisation.pk,
            purpose=p.route.purpose,
            target_occupation_id=occupations[p.route.occupation],
            documents_missing=p.documents_missing,
        ),
    )
    pk = request.pk
    # The first officer does most of the work: about three requests in four.
    officers = authority.officers
    officer = officers[0] if len(officers) == 1 or rng.random() < 0.75 else officers[1]
    outcome = _weighted(rng, OUTCOMES[p.route.topic])
    if "appeal" in path and outcome == Outcome.FULL:
        outcome = Outcome.PARTIAL  # only a partial recognition or a refusal is appealed
    done = _Done()
    for step, at in zip(path, times[1:], strict=True):
        if step == "submit":
            request_submit(actor=applicant, request_id=pk)
        elif step == "screen":
            request_start_screening(actor=officer, request_id=pk)
        elif step == "ask":
            request_ask_information(actor=officer, request_id=pk, message=ASK[p.route.topic])
            done.messages.append(at)
        elif step == "resubmit":
            request_resubmit(actor=applicant, request_id=pk, message=rng.choice(ANSWERS))
            done.messages.append(at)
        elif step == "assess":
            request_start_assessment(actor=officer, request_id=pk)
        elif step == "decide":
            data = _decision(rng, p, rules, outcome, appeal=False)
            request_decide(actor=officer, request_id=pk, data=data)
            done.decisions[Decision.Stage.FIRST] = at
        elif step == "appeal":
            request_appeal(actor=applicant, request_id=pk, reason=APPEALS[p.route.topic])
            done.messages.append(at)
        elif step == "appeal_decide":
            second = Outcome.FULL if rng.random() < 0.4 else Outcome.PARTIAL
            data = _decision(rng, p, rules, second, appeal=True)
            request_decide(actor=officer, request_id=pk, data=data)
            done.decisions[Decision.Stage.APPEAL] = at
        elif step == "close":
            request_close(actor=officer, request_id=pk)
        elif step == "withdraw":
            request_withdraw(actor=applicant, request_id=pk)
    if p.status == S.SUBMITTED and rules.key == "DE" and rng.random() < 0.5:
        # The office's manager hands out new files before anyone screens them.
        request_assign(actor=officers[0], request_ids=[pk], officer_id=officers[0].pk)
    _backdate(pk, path, times, done)
    return request


def _backdate(pk: int, path: list[str], times: list[datetime], done: _Done) -> None:
    first: dict[str, datetime] = {}
    for step, moment in zip(["create", *path], times, strict=True):
        first.setdefault(step, moment)
    stopped_days = 0
    asked: datetime | None = None
    for step, moment in zip(path, times[1:], strict=True):
        if step == "ask":
            asked = moment
        elif step == "resubmit" and asked is not None:
            stopped_days += (moment.date() - asked.date()).days
            asked = None
    RecognitionRequest.objects.filter(pk=pk).update(
        created_at=first["create"],
        updated_at=times[-1],
        submitted_at=first.get("submit"),
        acknowledged_at=first.get("screen"),
        file_complete_at=first.get("assess"),
        clock_stopped_at=asked if path and path[-1] == "ask" else None,
        stopped_days=stopped_days,
    )
    request = RecognitionRequest.objects.get(pk=pk)
    for message, moment in zip(request.messages.order_by("pk"), done.messages, strict=True):
        RequestMessage.objects.filter(pk=message.pk).update(created_at=moment)
    for decision in request.decisions.all():
        moment = done.decisions[decision.stage]
        Decision.objects.filter(pk=decision.pk).update(
            decided_at=moment,
            appeal_deadline=(
                timezone.localdate(moment) + timedelta(days=30)
                if decision.appeal_deadline
                else None
            ),
        )


@transaction.atomic
def seed() -> list[RecognitionRequest]:
    """Create the demo authorities and the requests that do not exist yet; return all demo
    requests."""
    authorities = _authorities()
    by_org = {a.organisation.pk: key for key, a in authorities.items()}
    plans = plan()
    existing = {
        (applicant, title, by_org.get(authority))
        for applicant, title, authority in RecognitionRequest.objects.filter(
            applicant__in=[p.profile for p in plans]
        ).values_list("applicant_id", "qualification__title", "authority_id")
    }
    occupations = dict(
        Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", "pk")
    )
    now = timezone.now()
    with _without_notifications():
        for p in plans:
            if (p.profile.pk, p.title, p.route.authority) not in existing:
                _create(p, authorities[p.route.authority], occupations, now)
                existing.add((p.profile.pk, p.title, p.route.authority))
    return list(
        RecognitionRequest.objects.filter(
            authority__in=[a.organisation for a in authorities.values()]
        )
    )
