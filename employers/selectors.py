"""Reads for employers. The candidate pool is a *projection*: ``CandidateCard`` is built field by
field from what an employer may know, so a direct identifier can only appear where the code
adds it on purpose (``candidate_identity``, after the person accepted that employer's interest).
Employers name candidates by codes of their own (``employers.models.candidate_code``), never by
the global pseudonym: two employers cannot link what they know about one person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import AnyUser
from core.bounds import record_ids, whole_number
from core.errors import DomainValidationError
from core.selectors import filter_equal
from employers.models import Interest, Placement, SavedSearch, Vacancy, candidate_code
from employers.permissions import vacancies_visible_to
from migrants.models import (
    ACTIVE_CONSENT,
    ConsentGrant,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    Qualification,
    WorkExperience,
)
from migrants.selectors import (
    RECOGNITION_ORDER,
    experience_years_for_profiles,
    recognition_status_for,
)
from partnerships.models import Indicator, Partnership
from taxonomy.models import Occupation

P = ConsentGrant.Purpose
EVIDENCE_ORDER = list(ProfileSkill.Evidence.values)


# --- Who is in a vacancy's pool ---------------------------------------------------------------
def pool_consent_filter(vacancy: Vacancy) -> Q:
    """Active pool consents that reach ``vacancy``: to its partnership, or to its country."""
    reach = Q(purpose=P.POOL_DESTINATION, country_id=vacancy.destination_country_id)
    if vacancy.partnership_id:
        reach |= Q(purpose=P.POOL_PARTNERSHIP, partnership_id=vacancy.partnership_id)
    return reach & ACTIVE_CONSENT


def pool_profiles(vacancy: Vacancy) -> QuerySet[MigrantProfile]:
    """Active profiles whose owners consented to this vacancy's pool, checked at every read so a
    withdrawal removes the person at once."""
    consents = ConsentGrant.objects.filter(pool_consent_filter(vacancy), profile=OuterRef("pk"))
    return MigrantProfile.objects.filter(
        Exists(consents), state=MigrantProfile.State.ACTIVE
    ).order_by("pk")


# --- The card an employer sees ----------------------------------------------------------------
AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64))


def age_band(birth: date | None, today: date) -> str:
    if birth is None:
        return ""
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}-{high}"
    return "65+" if age >= 65 else "under 18"


@dataclass
class CandidateCard:
    """Everything an employer may know before disclosure. Never a name, contact, exact birth
    date, photo, document or special-category data."""

    pseudonym: str  # the employer's own code for the person (``candidate_code``)
    profile_id: int  # internal: used server-side for actions, never rendered to employers
    age_band: str
    country_of_residence: str
    available_from: date | None
    isced_level: int | None
    occupations: list[dict[str, Any]] = field(default_factory=list)  # code, label, years
    # The occupations the person wants: shown because the pool's occupation filter matches them.
    wanted_occupations: list[dict[str, Any]] = field(default_factory=list)  # code, label
    skills: list[dict[str, Any]] = field(default_factory=list)  # id, label, evidence
    languages: list[dict[str, Any]] = field(default_factory=list)  # code, name, level
    certificates: list[dict[str, Any]] = field(default_factory=list)  # title, source, country
    recognition: str = "none"


def candidate_cards(
    profile_ids: list[int], *, vacancy: Vacancy, today: date | None = None
) -> list[CandidateCard]:
    """Cards for those of ``profile_ids`` who are in ``vacancy``'s pool, in their order, as its
    employer's staff see them (under that employer's codes), in a fixed number of queries.
    Whoever asks, a card is only ever made for someone whose pool consent reaches the vacancy."""
    today = today or timezone.localdate()
    employer_id = vacancy.employer_id
    profiles = {
        p["pk"]: p
        for p in pool_profiles(vacancy)
        .filter(pk__in=profile_ids)
        .values("pk", "date_of_birth", "country_of_residence_id", "available_from")
    }
    profile_ids = [pid for pid in profile_ids if pid in profiles]
    isced: dict[int, int] = {}
    for pid, level in Education.objects.filter(profile_id__in=profile_ids).values_list(
        "profile_id", "isced_level_id"
    ):
        isced[pid] = max(isced.get(pid, -1), level)
    skills: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, sid, label, evidence in (
        ProfileSkill.objects.filter(profile_id__in=profile_ids)
        .order_by("skill__preferred_label")
        .values_list("profile_id", "skill_id", "skill__preferred_label", "evidence")
    ):
        skills[pid].append({"id": sid, "label": label, "evidence": evidence})
    languages: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        LanguageSkill.objects.filter(profile_id__in=profile_ids)
        .order_by("language__name")
        .values(
            "profile_id",
            "language_id",
            "language__name",
            "understanding__rank",
            "understanding_id",
            "speaking__rank",
            "speaking_id",
            "writing__rank",
            "writing_id",
        )
    ):
        # The weakest dimension is what an employer can count on.
        weakest: tuple[int, str] = min(
            (row["understanding__rank"], row["understanding_id"]),
            (row["speaking__rank"], row["speaking_id"]),
            (row["writing__rank"], row["writing_id"]),
        )
        languages[row["profile_id"]].append(
            {"code": row["language_id"], "name": row["language__name"], "level": weakest[1]}
        )
    certificates: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, title, source, country in (
        Qualification.objects.filter(profile_id__in=profile_ids)
        .exclude(source=Qualification.Source.DECLARED)
        .values_list("profile_id", "title", "source", "country_id")
    ):
        certificates[pid].append({"title": title, "source": source, "country": country})
    years = experience_years_for_profiles(profile_ids=profile_ids, today=today)
    occupation_ids = {occ for by_occ in years.values() for occ in by_occ}
    labels = {
        o.pk: (o.isco_code or o.code, o.title)
        for o in Occupation.objects.filter(pk__in=occupation_ids).only(
            "pk", "code", "isco_code", "title"
        )
    }
    wanted: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, isco, code, title in (
        MigrantProfile.preferred_occupations.through.objects.filter(
            migrantprofile_id__in=profile_ids
        )
        .order_by("occupation__title")
        .values_list(
            "migrantprofile_id", "occupation__isco_code", "occupation__code", "occupation__title"
        )
    ):
        wanted[pid].append({"code": isco or code, "label": title})
    recognition = recognition_status_for(profile_ids)
    cards = []
    for pid in profile_ids:
        p = profiles.get(pid)
        if p is None:
            continue
        cards.append(
            CandidateCard(
                pseudonym=candidate_code(employer_id=employer_id, profile_id=pid),
                profile_id=pid,
                age_band=age_band(p["date_of_birth"], today),
                country_of_residence=p["country_of_residence_id"] or "",
                available_from=p["available_from"],
                isced_level=isced.get(pid),
                occupations=sorted(
                    (
                        {"code": labels[o][0], "label": labels[o][1], "years": y}
                        for o, y in years.get(pid, {}).items()
                        if o in labels
                    ),
                    key=lambda item: -item["years"],
                ),
                wanted_occupations=wanted.get(pid, []),
                skills=skills.get(pid, []),
                languages=languages.get(pid, []),
                certificates=certificates.get(pid, []),
                recognition=recognition.get(pid, "none"),
            )
        )
    return cards


# --- Pool search ------------------------------------------------------------------------------
@dataclass
class PoolPage:
    cards: list[CandidateCard]
    next_after: str | None
    total: int


def pool_search(*, vacancy: Vacancy, params: dict[str, Any], page_size: int = 25) -> PoolPage:
    """Filter the vacancy's pool, in the order of the internal id; keyset pagination after the
    employer's code of the last card (``after``, which decodes to that id): nothing in the order
    or the cursor is the same for two employers. A cursor that is not a code is refused
    (``DomainValidationError`` on ``after``)."""
    after_id = 0
    if after := str(params.get("after", "")).strip():
        decoded = vacancy.candidate_profile_id(after)
        if decoded is None:
            raise DomainValidationError(_("This is not a page of this pool."), field="after")
        after_id = decoded
    qs = pool_profiles(vacancy)
    if occupation := str(params.get("occupation", "")).strip():
        if occupation.isdigit():
            qs = qs.filter(
                Exists(
                    WorkExperience.objects.filter(
                        profile=OuterRef("pk"), occupation__isco_code__startswith=occupation
                    )
                )
                | Exists(
                    MigrantProfile.preferred_occupations.through.objects.filter(
                        migrantprofile_id=OuterRef("pk"),
                        occupation__isco_code__startswith=occupation,
                    )
                )
            )
        else:
            qs = qs.none()
    min_evidence = str(params.get("evidence", ""))
    evidence = (
        EVIDENCE_ORDER[EVIDENCE_ORDER.index(min_evidence) :]
        if min_evidence in EVIDENCE_ORDER
        else EVIDENCE_ORDER
    )
    for skill_id in _ints(params.get("skills")):
        qs = qs.filter(
            Exists(
                ProfileSkill.objects.filter(
                    profile=OuterRef("pk"), skill_id=skill_id, evidence__in=evidence
                )
            )
        )
    if language := str(params.get("language", "")).strip().lower():
        level_rank = _rank(str(params.get("language_level", "")))
        qs = qs.filter(
            Exists(
                LanguageSkill.objects.filter(
                    profile=OuterRef("pk"),
                    language_id=language,
                    understanding__rank__gte=level_rank,
                    speaking__rank__gte=level_rank,
                    writing__rank__gte=level_rank,
                )
            )
        )
    if (isced := whole_number(params.get("isced"), 0, 8)) is not None:
        qs = qs.filter(
            Exists(Education.objects.filter(profile=OuterRef("pk"), isced_level_id__gte=isced))
        )
    if residence := str(params.get("residence", "")).strip().upper():
        qs = qs.filter(country_of_residence_id=residence)
    if available := params.get("available_by"):
        try:
            day = date.fromisoformat(str(available))
        except ValueError:
            day = None
        if day is not None:
            qs = qs.filter(Q(available_from__isnull=True) | Q(available_from__lte=day))
    if text := str(params.get("q", "")).strip():
        for word in text.split()[:5]:
            qs = qs.filter(
                Exists(
                    ProfileSkill.objects.filter(
                        profile=OuterRef("pk"), skill__preferred_label__icontains=word
                    )
                )
                | Exists(
                    WorkExperience.objects.filter(
                        profile=OuterRef("pk"), occupation__title__icontains=word
                    )
                )
            )
    wanted_recognition = str(params.get("recognition", ""))
    if wanted_recognition in RECOGNITION_ORDER:
        # Reported by another app, so filtered here: over the whole filtered pool (ids only),
        # which keeps the total and the keyset pages exact.
        ordered = list(qs.values_list("pk", flat=True))
        status = recognition_status_for(ordered)
        kept = [pid for pid in ordered if status.get(pid, "none") == wanted_recognition]
        total = len(kept)
        page_ids = [pid for pid in kept if pid > after_id][: page_size + 1]
    else:
        total = qs.count()
        page_ids = list(qs.filter(pk__gt=after_id).values_list("pk", flat=True)[: page_size + 1])
    more = len(page_ids) > page_size
    cards = candidate_cards(page_ids[:page_size], vacancy=vacancy)
    return PoolPage(cards, cards[-1].pseudonym if more and cards else None, total)


def _ints(value: Any) -> list[int]:
    if value is None:
        return []
    items: Iterable[Any] = value if isinstance(value, list | tuple) else str(value).split(",")
    return record_ids(items)[:10]


def _rank(code: str) -> int:
    ranks = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}
    return ranks.get(code.upper(), 1)


def pool_card(*, vacancy: Vacancy, pseudonym: str) -> CandidateCard | None:
    """The card of the candidate whose code, for this vacancy's employer, is ``pseudonym``; None
    when it is not a code of theirs or the person is not in the pool (another employer's code
    and the global pseudonym among them)."""
    profile_id = vacancy.candidate_profile_id(pseudonym)
    return (
        None
        if profile_id is None
        else pool_card_for_profile(vacancy=vacancy, profile_id=profile_id)
    )


def pool_card_for_profile(*, vacancy: Vacancy, profile_id: int) -> CandidateCard | None:
    """The card of a person in the pipeline, while they stay in the vacancy's pool."""
    cards = candidate_cards([profile_id], vacancy=vacancy)
    return cards[0] if cards else None


# --- Disclosure -------------------------------------------------------------------------------
@dataclass
class Identity:
    given_names: str
    family_name: str
    email: str
    phone: str


def candidate_identity(interest: Interest) -> Identity | None:
    """The person's identity, only once they accepted this employer's interest and while their
    consent to this employer holds."""
    if interest.status not in Interest.DISCLOSED or interest.identity_consent_id is None:
        return None
    holds = (
        ConsentGrant.objects.active()
        .filter(
            pk=interest.identity_consent_id,
            purpose=P.EMPLOYER_IDENTITY,
            organisation_id=interest.vacancy.employer_id,
        )
        .exists()
    )
    if not holds:
        return None
    profile = interest.profile
    email = profile.contact_email or (profile.user.email if profile.user else "")
    return Identity(profile.given_names, profile.family_name, email, profile.phone)


# --- Lists ------------------------------------------------------------------------------------
def vacancy_list_for_user(*, user: AnyUser, params: dict[str, Any]) -> QuerySet[Vacancy]:
    qs = vacancies_visible_to(user).annotate(
        interest_count=Count("interests", distinct=True),
    )
    qs = filter_equal(qs, params, status="status", sector="sector_id")
    if country := params.get("country"):
        qs = qs.filter(destination_country=str(country).upper())
    if text := str(params.get("q", "")).strip():
        for word in text.split()[:5]:
            qs = qs.filter(Q(title__icontains=word) | Q(occupation__title__icontains=word))
    return qs.order_by("-created_at", "-id")


def interests_for_vacancy(*, vacancy: Vacancy) -> QuerySet[Interest]:
    # The vacancy names the employer whose codes the rows show (``Interest.candidate_code``).
    return vacancy.interests.select_related("vacancy", "profile").order_by("-updated_at", "-id")


def interests_for_migrant(*, profile: MigrantProfile) -> QuerySet[Interest]:
    return (
        Interest.objects.filter(profile=profile)
        .exclude(status=Interest.Status.SHORTLISTED)
        .select_related(
            "profile",  # who may answer it (``available_actions``)
            "vacancy__employer",
            "vacancy__destination_country",
            "vacancy__occupation",
        )
        .order_by("-updated_at", "-id")
    )


def saved_searches_for(*, user: AnyUser, vacancy: Vacancy) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(vacancy=vacancy, owner_id=getattr(user, "pk", None))


# --- Aggregates for partnership officers --------------------------------------------------------
def partnership_recruitment_figures(*, partnership: Partnership) -> dict[str, int]:
    vacancies = Vacancy.objects.filter(partnership=partnership)
    interests = Interest.objects.filter(vacancy__partnership=partnership)
    return {
        "open_vacancies": vacancies.filter(status=Vacancy.Status.OPEN).count(),
        "positions": sum(vacancies.values_list("positions", flat=True)),
        "interests": interests.exclude(status=Interest.Status.SHORTLISTED).count(),
        "accepted": interests.filter(status__in=Interest.DISCLOSED).count(),
        "placements": Placement.objects.filter(vacancy__partnership=partnership).count(),
    }


def partnership_placement_actuals(partnership: Partnership) -> dict[int, dict[str, Any]]:
    """Placements through the portal, per year of their start."""
    per_year: dict[int, int] = defaultdict(int)
    for year in Placement.objects.filter(vacancy__partnership=partnership).values_list(
        "starts_on__year", flat=True
    ):
        per_year[year] += 1
    return {year: {Indicator.PORTAL_PLACEMENTS: n} for year, n in per_year.items()}


# --- Added for the REST API (employers/api) ---------------------------------------------------
def placement_list_for_user(*, user: AnyUser) -> QuerySet[Placement]:
    """Placements recorded on the vacancies of the caller's employer organisations."""
    return (
        Placement.objects.filter(vacancy__in=vacancies_visible_to(user).values("pk"))
        .select_related("vacancy", "profile", "occupation")
        .order_by("-starts_on", "-id")
    )


# --- Pages: which candidates of a page are already in the pipeline (added for the HTML pages) --
def interest_ids_for_profiles(*, vacancy: Vacancy, profile_ids: list[int]) -> dict[int, int]:
    """Profile id -> interest id for those of ``profile_ids`` already in ``vacancy``'s pipeline
    (one query), so a pool or ranking page can link to them instead of offering a shortlist."""
    return dict(
        Interest.objects.filter(vacancy=vacancy, profile_id__in=profile_ids).values_list(
            "profile_id", "pk"
        )
    )
