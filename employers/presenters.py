"""Display shaping for the employer and migrant pages: badges of statuses, labels of evidence,
recognition and score components, and the labels a page of candidate cards needs. Which moves a
vacancy or an interest offers comes from their lifecycle declarations in ``employers.services``."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from employers.models import Interest, Vacancy
from employers.selectors import CandidateCard
from migrants.models import ProfileSkill
from taxonomy.models import Country

Label = str | Promise

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
