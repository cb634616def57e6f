"""Part of the recognition demo (see ``recognition.demo``): what each request is about."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q

from core.demo import AMINA, SECTORS
from migrants.models import Education, MigrantProfile, Qualification
from recognition.models import RecognitionRequest

SEED = 20261205
S = RecognitionRequest.Status
P = RecognitionRequest.Purpose


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
