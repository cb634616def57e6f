"""Display shaping for the employer and migrant pages: labels of actions, statuses, evidence and
score components, and which buttons a vacancy or an interest offers now. The rules themselves
(who may move what, the fee policy) stay in ``employers.services``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from employers.models import Interest, Vacancy
from employers.selectors import CandidateCard
from employers.services import VACANCY_ACTIONS
from migrants.models import ProfileSkill
from taxonomy.models import Country

Label = str | Promise

VACANCY_ACTION_LABELS: dict[str, Label] = {
    "open": _("Publish"),
    "back_to_draft": _("Back to draft"),
    "mark_filled": _("Mark as filled"),
    "reopen": _("Reopen"),
    "close": _("Close the vacancy"),
}
VACANCY_ACTION_STYLES: dict[str, str] = {
    "back_to_draft": "button--secondary",
    "mark_filled": "button--secondary",
    "close": "button--danger",
}
VACANCY_BADGES: dict[str, str] = {
    Vacancy.Status.OPEN: "badge--success",
    Vacancy.Status.FILLED: "badge--info",
    Vacancy.Status.CLOSED: "badge--danger",
}

IS = Interest.Status
INTEREST_BADGES: dict[str, str] = {
    IS.SHORTLISTED: "",
    IS.INTEREST_SENT: "badge--info",
    IS.ACCEPTED: "badge--success",
    IS.INTERVIEW: "badge--warning",
    IS.OFFER: "badge--warning",
    IS.HIRED: "badge--success",
    IS.DECLINED: "badge--danger",
    IS.NOT_SELECTED: "badge--danger",
    IS.WITHDRAWN: "badge--danger",
}
# What the employer does to move an interest to each status (the candidate answers the rest).
INTEREST_ACTION_OF: dict[str, str] = {
    IS.INTEREST_SENT: "express",
    IS.INTERVIEW: "interview",
    IS.OFFER: "offer",
    IS.HIRED: "hire",
    IS.NOT_SELECTED: "not_selected",
    IS.WITHDRAWN: "withdraw",
}
INTEREST_ACTION_LABELS: dict[str, Label] = {
    "express": _("Express interest"),
    "interview": _("Invite to an interview"),
    "offer": _("Make an offer"),
    "hire": _("Record the hire"),
    "not_selected": _("Not selected"),
    "withdraw": _("Withdraw"),
}
INTEREST_ACTIONS_WITH_REASON = frozenset({"not_selected", "withdraw"})

RECOGNITION_LABELS: dict[str, Label] = {
    "none": _("No recognition requested"),
    "pending": _("Recognition pending"),
    "partial": _("Partly recognised"),
    "full": _("Fully recognised"),
}
EVIDENCE_LABELS: dict[str, Label] = dict(ProfileSkill.Evidence.choices)
EVIDENCE_BADGES: dict[str, str] = {
    ProfileSkill.Evidence.ASSESSED: "badge--info",
    ProfileSkill.Evidence.CERTIFIED: "badge--success",
    ProfileSkill.Evidence.RECOGNISED: "badge--success",
}
COMPONENT_LABELS: dict[str, Label] = {
    "essential": _("Essential skills"),
    "optional": _("Optional skills"),
    "occupation": _("Occupation"),
    "education": _("Education level"),
    "languages": _("Languages"),
    "recognition": _("Recognition"),
    "destination": _("Destination preference"),
    "availability": _("Availability"),
}
OCCUPATION_MATCH_LABELS: dict[str, Label] = {
    "none": _("Different occupation"),
    "same_sub_major_group": _("Same ISCO-08 sub-major group"),
    "same_minor_group": _("Same ISCO-08 minor group"),
    "same_isco_unit": _("Same ISCO-08 unit group"),
    "same_occupation": _("Same occupation"),
}
CEFR_BY_RANK = {1: "A1", 2: "A2", 3: "B1", 4: "B2", 5: "C1", 6: "C2"}


@dataclass(frozen=True)
class ActionButton:
    name: str
    label: Label
    style: str = ""
    needs_reason: bool = False


def vacancy_actions(vacancy: Vacancy) -> list[ActionButton]:
    """The lifecycle moves the vacancy allows now (the service re-checks each one)."""
    allowed = Vacancy.TRANSITIONS.get(vacancy.status, ())
    buttons = []
    for name, target in VACANCY_ACTIONS.items():
        if target not in allowed:
            continue
        if name == "open" and vacancy.status != Vacancy.Status.DRAFT:
            continue
        if name == "reopen" and vacancy.status != Vacancy.Status.FILLED:
            continue
        buttons.append(
            ActionButton(
                name,
                VACANCY_ACTION_LABELS[name],
                VACANCY_ACTION_STYLES.get(name, ""),
                needs_reason=name == "close",
            )
        )
    return buttons


def interest_actions(interest: Interest) -> list[str]:
    """The employer's next steps for this interest, in the order of the pipeline."""
    return [
        INTEREST_ACTION_OF[target]
        for target in Interest.TRANSITIONS.get(interest.status, ())
        if target in INTEREST_ACTION_OF
    ]


def score_percent(score: float) -> int:
    return round(100 * score)


def components_rows(components: dict[str, float]) -> list[dict[str, Any]]:
    """Each score component as a label and a percentage, in the engine's order."""
    return [
        {"name": name, "label": label, "percent": round(100 * components.get(name, 0.0))}
        for name, label in COMPONENT_LABELS.items()
        if name in components
    ]


def language_gaps(gaps: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Unmet language requirements with CEFR codes instead of ranks ("" when not spoken)."""
    return [
        {
            "language": str(gap["language"]),
            "required": CEFR_BY_RANK.get(int(gap["required"]), ""),
            "actual": CEFR_BY_RANK.get(int(gap["actual"]), ""),
        }
        for gap in gaps
    ]


SOURCE_LABELS: dict[str, Label] = {
    "training": _("Training certificate"),
    "recognition": _("Recognition decision"),
}


def card_displays(
    cards: list[CandidateCard], pipeline: dict[int, int] | None = None
) -> list[dict[str, Any]]:
    """Labels for the cards of a page, in their order: country names (one query for the page),
    evidence and recognition labels, and the interest id of those already in the pipeline
    (``pipeline``: profile id -> interest id). Nothing beyond the card's own fields is added."""
    pipeline = pipeline or {}
    codes = {c.country_of_residence for c in cards} | {
        cert["country"] for c in cards for cert in c.certificates if cert["country"]
    }
    names = dict(Country.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        {
            "card": card,
            "interest_id": pipeline.get(card.profile_id),
            "residence": names.get(card.country_of_residence, card.country_of_residence),
            "recognition": RECOGNITION_LABELS.get(card.recognition, card.recognition),
            "skills": [
                {
                    **skill,
                    "evidence_label": EVIDENCE_LABELS.get(skill["evidence"], skill["evidence"]),
                    "badge": EVIDENCE_BADGES.get(skill["evidence"], ""),
                }
                for skill in card.skills
            ],
            "certificates": [
                {
                    **cert,
                    "source_label": SOURCE_LABELS.get(cert["source"], cert["source"]),
                    "country_name": names.get(cert["country"] or "", cert["country"] or ""),
                }
                for cert in card.certificates
            ],
        }
        for card in cards
    ]
