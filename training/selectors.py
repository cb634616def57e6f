"""Reads for training, always scoped through ``training.permissions``; indicators are computed
with a fixed number of queries whatever the size of the cohort."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.permissions import AnyUser
from core.bounds import record_id
from core.errors import DomainValidationError
from core.selectors import filter_equal
from migrants.models import MigrantProfile
from partnerships.models import AnnualTarget, Indicator, Partnership
from training.models import (
    Certificate,
    Cohort,
    Enrolment,
    OutcomeFollowUp,
    ParticipantImport,
    Programme,
    Track,
)
from training.permissions import (
    can_identify_participants,
    cohorts_visible_to,
    enrolments_visible_to,
    programmes_visible_to,
)

ES = Enrolment.Status
# Ever started the training: the base of completion and dropout rates.
STARTED = (ES.ENROLLED, ES.COMPLETED, ES.CERTIFIED, ES.DROPPED_OUT)


def programme_list_for_user(*, user: AnyUser, params: dict[str, Any]) -> QuerySet[Programme]:
    qs = programmes_visible_to(user).annotate(cohort_count=Count("cohorts", distinct=True))
    qs = filter_equal(qs, params, status="status", kind="kind", sector="sector_id")
    if partnership := params.get("partnership"):
        partnership_id = record_id(partnership)
        qs = qs.filter(partnership_id=partnership_id) if partnership_id else qs.none()
    if provider := params.get("provider"):
        provider_id = record_id(provider)
        qs = qs.filter(provider_id=provider_id) if provider_id else qs.none()
    if country := params.get("country"):
        qs = qs.filter(location_country=str(country).upper())
    if text := str(params.get("q", "")).strip():
        for word in text.split()[:6]:
            qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return qs.order_by("title", "id")


def programme_detail(*, user: AnyUser, programme_id: int) -> Programme | None:
    return (
        programmes_visible_to(user)
        .select_related("language", "certification_isced_level", "currency", "sector")
        .prefetch_related("occupations", "skills", "funding__payer")
        .filter(pk=programme_id)
        .first()
    )


def cohort_list_for_user(*, user: AnyUser, params: dict[str, Any]) -> QuerySet[Cohort]:
    """Cohorts with their seat counts, for the board (grouped by status) and the API."""
    qs = cohorts_visible_to(user).annotate(
        seated=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED)),
        applicants=Count("enrolments", filter=Q(enrolments__status=ES.APPLIED)),
    )
    if programme := params.get("programme"):
        programme_id = record_id(programme)
        qs = qs.filter(programme_id=programme_id) if programme_id else qs.none()
    return filter_equal(qs, params, status="status").order_by("starts_on", "code", "id")


def cohort_board(*, user: AnyUser, params: dict[str, Any]) -> dict[str, list[Cohort]]:
    board: dict[str, list[Cohort]] = {s: [] for s in Cohort.Status.values}
    for cohort in cohort_list_for_user(user=user, params={**params, "status": ""}):
        board[cohort.status].append(cohort)
    return board


ENROLMENT_SORTS = {
    "name": ("profile__family_name", "profile__given_names", "id"),
    "status": ("status", "id"),
    "newest": ("-created_at", "-id"),
}
# What only someone who sees who the participants are may filter or sort on.
IDENTIFYING_SORTS = frozenset({"name"})


def enrolment_list(*, user: AnyUser, cohort: Cohort, params: dict[str, Any]) -> QuerySet[Enrolment]:
    """The cohort's participants. A caller who sees pseudonyms only (``can_identify_participants``)
    finds people by the pseudonym they are shown, and is refused a filter or sort on their sex
    or name (``DomainValidationError`` naming the parameter): the results would tell them."""
    identified = can_identify_participants(user, cohort.programme)
    sort = str(params.get("sort") or ("name" if identified else "status"))
    if not identified:
        if params.get("sex"):
            raise DomainValidationError(
                _("Participants are shown to you by pseudonym: they cannot be filtered by sex."),
                field="sex",
            )
        if sort in IDENTIFYING_SORTS:
            raise DomainValidationError(
                _("Participants are shown to you by pseudonym: they cannot be sorted by name."),
                field="sort",
            )
    qs = (
        enrolments_visible_to(user)
        .filter(cohort=cohort)
        .select_related("profile__nationality", "certificate")
    )
    qs = filter_equal(qs, params, status="status", track="track", sex="profile__sex")
    if text := str(params.get("q", "")).strip():
        for word in text.split()[:4]:
            found = Q(profile__pseudonym__iexact=word)
            if identified:
                found |= (
                    Q(profile__given_names__icontains=word)
                    | Q(profile__family_name__icontains=word)
                    | Q(participant_ref__iexact=word)
                )
            qs = qs.filter(found)
    fallback = ENROLMENT_SORTS["name" if identified else "status"]
    return qs.order_by(*ENROLMENT_SORTS.get(sort, fallback))


def enrolment_detail(*, user: AnyUser, enrolment_id: int) -> Enrolment | None:
    return (
        enrolments_visible_to(user)
        .select_related("profile__nationality", "cohort__location_country")
        .prefetch_related("track_changes", "outcomes__country", "outcomes__occupation")
        .filter(pk=enrolment_id)
        .first()
    )


def my_enrolments(*, profile: MigrantProfile) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(profile=profile)
        .select_related("cohort__programme__provider", "cohort__location_country")
        .prefetch_related(Prefetch("certificate", queryset=Certificate.objects.all()), "outcomes")
        .order_by("-cohort__starts_on", "-id")
    )


def certificates_of(*, profile: MigrantProfile) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(enrolment__profile=profile)
        .select_related("enrolment__cohort__programme__provider", "isced_level")
        .order_by("-issued_at", "-id")
    )


def certificate_detail(*, certificate_id: int) -> Certificate:
    """A certificate with what its printed page shows; the caller has authorised it."""
    return Certificate.objects.select_related(
        "enrolment__profile",
        "enrolment__cohort__programme__provider__country",
        "enrolment__cohort__programme__location_country",
        "enrolment__cohort__programme__language",
        "isced_level",
    ).get(pk=certificate_id)


def certificate_for_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "enrolment__profile",
            "enrolment__cohort__programme__provider__country",
            "enrolment__cohort__programme__location_country",
            "isced_level",
        )
        .filter(verification_code=code)
        .first()
    )


# --- Indicators -------------------------------------------------------------------------------
def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CohortIndicators:
    by_status: dict[str, int]
    participants: int
    started: int
    completion_rate: Decimal | None
    certification_rate: Decimal | None
    dropout_rate: Decimal | None
    women_share: Decimal | None
    home: int
    away: int
    followed_up: int
    # Share of followed-up finishers in each situation at their latest follow-up.
    outcome_rates: dict[str, Decimal | None] = field(default_factory=dict)
    employed_rate: Decimal | None = None
    target: AnnualTarget | None = None


def cohort_indicators(*, cohort: Cohort) -> CohortIndicators:
    """Completion, certification and dropout, women's share, home/away split and outcomes of one
    cohort, with the partnership's target for the year the cohort ends beside them. Four
    queries."""
    rows = list(
        Enrolment.objects.filter(cohort=cohort)
        .values("status", "track", "profile__sex")
        .annotate(n=Count("id"))
    )
    by_status: dict[str, int] = defaultdict(int)
    women = started_total = home = away = 0
    for row in rows:
        by_status[row["status"]] += row["n"]
        if row["status"] in STARTED:
            started_total += row["n"]
            if row["profile__sex"] == MigrantProfile.Sex.FEMALE:
                women += row["n"]
            if row["track"] == Track.HOME:
                home += row["n"]
            else:
                away += row["n"]
    finished = by_status[ES.COMPLETED] + by_status[ES.CERTIFIED]
    latest: dict[int, str] = {}
    for enrolment_id, status in (
        OutcomeFollowUp.objects.filter(enrolment__cohort=cohort)
        .order_by("enrolment_id", "months")
        .values_list("enrolment_id", "status")
    ):
        latest[enrolment_id] = status  # ordered by months: the last one wins
    counts: dict[str, int] = defaultdict(int)
    for status in latest.values():
        counts[status] += 1
    followed = len(latest)
    target = None
    programme = cohort.programme
    if programme.partnership_id:
        target = AnnualTarget.objects.filter(
            partnership_id=programme.partnership_id, year=cohort.ends_on.year
        ).first()
    return CohortIndicators(
        by_status=dict(by_status),
        participants=sum(by_status.values()),
        started=started_total,
        completion_rate=_pct(finished, started_total),
        certification_rate=_pct(by_status[ES.CERTIFIED], finished),
        dropout_rate=_pct(by_status[ES.DROPPED_OUT], started_total),
        women_share=_pct(women, started_total),
        home=home,
        away=away,
        followed_up=followed,
        outcome_rates={s: _pct(counts[s], followed) for s in OutcomeFollowUp.Status.values},
        employed_rate=_pct(sum(counts[s] for s in OutcomeFollowUp.EMPLOYED), followed),
        target=target,
    )


# --- Partnership actuals (registered in TrainingConfig.ready) --------------------------------
def partnership_training_actuals(partnership: Partnership) -> dict[int, dict[str, Decimal | int]]:
    """Per year of completion: people trained, women's share among them, and placements on each
    track from the latest follow-up (home: working in the country of origin, employed or
    self-employed; away: working abroad)."""
    finished = Enrolment.objects.filter(
        cohort__programme__partnership=partnership,
        status__in=Enrolment.FINISHED,
        completed_on__isnull=False,
    )
    per_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in finished.values("completed_on__year", "profile__sex").annotate(n=Count("id")):
        year = row["completed_on__year"]
        per_year[year]["people_trained"] += row["n"]
        if row["profile__sex"] == MigrantProfile.Sex.FEMALE:
            per_year[year]["women"] += row["n"]
    latest: dict[int, tuple[int, str, bool]] = {}
    for enrolment_id, year, status, country, origin in (
        OutcomeFollowUp.objects.filter(enrolment__in=finished)
        .order_by("enrolment_id", "months")
        .values_list(
            "enrolment_id",
            "enrolment__completed_on__year",
            "status",
            "country_id",
            "enrolment__profile__nationality_id",
        )
    ):
        latest[enrolment_id] = (year, status, country is None or country == origin)
    S = OutcomeFollowUp.Status
    for year, status, at_home in latest.values():
        if status == S.EMPLOYED_ORIGIN or (status == S.SELF_EMPLOYED and at_home):
            per_year[year]["home_track_placements"] += 1
        elif status in (S.EMPLOYED_DESTINATION, S.EMPLOYED_THIRD, S.SELF_EMPLOYED):
            per_year[year]["away_track_placements"] += 1
    result: dict[int, dict[str, Decimal | int]] = {}
    for year, values in per_year.items():
        share = _pct(values["women"], values["people_trained"])
        result[year] = {
            Indicator.PEOPLE_TRAINED: values["people_trained"],
            Indicator.HOME_TRACK_PLACEMENTS: values["home_track_placements"],
            Indicator.AWAY_TRACK_PLACEMENTS: values["away_track_placements"],
            **({Indicator.WOMEN_SHARE: share} if share is not None else {}),
        }
    return result


# --- Participant imports ----------------------------------------------------------------------
def import_list_for_cohort(*, user: AnyUser, cohort: Cohort) -> QuerySet[ParticipantImport]:
    """The cohort's imports, newest first, without the stored files and plans (large)."""
    return (
        ParticipantImport.objects.filter(cohort=cohort, cohort__in=cohorts_visible_to(user))
        .select_related("uploaded_by")
        .defer("content", "plan")
        .order_by("-created_at", "-id")
    )


def import_detail(*, user: AnyUser, import_id: int) -> ParticipantImport | None:
    """One import with its plan (the preview), or None for an import the user may not see."""
    return (
        ParticipantImport.objects.filter(pk=import_id, cohort__in=cohorts_visible_to(user))
        .select_related("cohort__programme__provider", "uploaded_by")
        .defer("content")
        .first()
    )
