"""Shapes of the matching API. A ranked candidate is the pseudonymised ``CandidateCard`` of the
employers API (built field by field, never from the profile model) plus its rank, score and
explanation; the migrant's own matches describe vacancies, not people."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import OPTIONAL, IdField, IntegerField, LinkField, named_choice_field
from core.api.serializers import RefSerializer
from employers.api.pool_serializers import CandidateCardSerializer
from employers.api.serializers import OfferedVacancySerializer
from matching.models import MatchResult, MatchRun


class RunRequestKind(models.TextChoices):
    """What an API caller may start (incremental runs for one profile start by themselves)."""

    VACANCY = "vacancy", _("One vacancy (its employer's staff)")
    FULL = "full", _("Every open vacancy (administrators)")


MatchRunKindField = named_choice_field(MatchRun.Kind, "MatchRunKindEnum")
MatchRunStatusField = named_choice_field(MatchRun.Status, "MatchRunStatusEnum")
RunRequestKindField = named_choice_field(RunRequestKind, "MatchRunStartKindEnum")


# --- Runs -------------------------------------------------------------------------------------
class MatchRunStartInputSerializer(serializers.Serializer[dict[str, Any]]):
    kind = RunRequestKindField(required=False, default=RunRequestKind.VACANCY)
    vacancy = IdField(
        **OPTIONAL,
        help_text='Vacancy id; required unless kind is "full"',
    )
    k = serializers.IntegerField(
        required=False, default=50, min_value=1, max_value=200, help_text="Candidates kept"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == RunRequestKind.VACANCY and attrs["vacancy"] is None:
            raise serializers.ValidationError(
                {"vacancy": [_('Give the vacancy to rank, or kind "full".')]}
            )
        if attrs["kind"] == RunRequestKind.FULL and attrs["vacancy"] is not None:
            raise serializers.ValidationError(
                {"vacancy": [_("A full rematch ranks every open vacancy: give no vacancy.")]}
            )
        return attrs


class MatchRunOutputSerializer(serializers.Serializer[MatchRun]):
    id = serializers.IntegerField()
    kind = MatchRunKindField()
    status = MatchRunStatusField()
    vacancy = serializers.IntegerField(source="vacancy_id", allow_null=True)
    progress_percent = serializers.IntegerField()
    chunks_total = serializers.IntegerField()
    chunks_done = serializers.IntegerField()
    candidates = serializers.IntegerField(help_text="Candidates scored")
    vacancies = serializers.IntegerField(help_text="Vacancies ranked")
    results = serializers.IntegerField(help_text="Ranked rows published")
    timings = serializers.DictField(
        child=serializers.FloatField(), help_text="Seconds spent building, scoring, writing"
    )
    error = serializers.CharField(help_text="Why the run failed; empty otherwise")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    url = LinkField("matching-api:run-detail")
    results_url = LinkField(
        "matching-api:vacancy-results",
        lookup="vacancy_id",
        allow_null=True,
        help_text="The vacancy's ranking; null for others",
    )


# --- Explanations -----------------------------------------------------------------------------
class MatchSkillRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="ESCO skill id")
    # The metaclass moves declared fields out of the class; the stubs see Field.label.
    label = serializers.CharField()  # type: ignore[assignment]


class MatchLanguageGapSerializer(serializers.Serializer[Any]):
    language = serializers.CharField(help_text="ISO 639-1 code")
    required = serializers.IntegerField(  # type: ignore[assignment]
        help_text="CEFR rank asked for: 1 (A1) to 6 (C2)"
    )
    actual = serializers.IntegerField(help_text="CEFR rank held; 0: not spoken")


class MatchProgrammeRefSerializer(RefSerializer):
    title = serializers.CharField()
    provider = serializers.CharField()


class MatchExplanationSerializer(serializers.Serializer[Any]):
    """``matching.selectors.Explained``: computed when shown, from the profile as it is now."""

    score = serializers.FloatField()
    components = serializers.DictField(
        child=serializers.FloatField(), help_text="Each criterion's value in [0, 1]"
    )
    occupation_match = serializers.CharField(
        help_text="same_occupation, same_isco_unit, same_minor_group, same_sub_major_group or none"
    )
    matched_skills = MatchSkillRefSerializer(many=True)
    missing_skills = MatchSkillRefSerializer(
        many=True, help_text="Essential skills not held: the skill gap"
    )
    unmet_languages = MatchLanguageGapSerializer(many=True)
    programmes = MatchProgrammeRefSerializer(
        many=True, help_text="Training programmes that teach the missing skills"
    )


class RankedCandidateSerializer(CandidateCardSerializer):
    """A row of the ranking: the candidate card's fields with the rank, score and why."""

    rank = serializers.IntegerField()
    score = serializers.FloatField()
    explanation = MatchExplanationSerializer(allow_null=True)


class LatestRunSerializer(serializers.Serializer[MatchRun]):
    id = serializers.IntegerField()
    status = MatchRunStatusField()
    progress_percent = serializers.IntegerField()
    finished_at = serializers.DateTimeField(allow_null=True)
    url = LinkField("matching-api:run-detail")


class RankedPageSerializer(serializers.Serializer[Any]):
    vacancy = serializers.IntegerField()
    run = LatestRunSerializer(
        allow_null=True, help_text="The vacancy's latest run: watch it while it works"
    )
    next = serializers.CharField(allow_null=True, help_text="URL of the next page")
    results = RankedCandidateSerializer(many=True)


class ResultsQuerySerializer(serializers.Serializer[dict[str, Any]]):
    after = IntegerField(
        column=(MatchResult, "rank"),
        required=False,
        default=0,
        min_value=0,
        help_text="Rank: the page after it",
    )
    page_size = serializers.IntegerField(required=False, default=25, min_value=1, max_value=100)


# --- The migrant's matches --------------------------------------------------------------------
class FittingVacancySerializer(serializers.Serializer[Any]):
    vacancy = OfferedVacancySerializer()
    rank = serializers.IntegerField(help_text="The caller's place in the vacancy's ranking")
    score = serializers.FloatField()
    explanation = MatchExplanationSerializer(
        source="why", allow_null=True, help_text="Skill gap and training that would close it"
    )
