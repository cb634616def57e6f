"""Match runs and their results. The database is the truth about a run: its row says where it
is; chunks and results are keyed so that a redelivered chunk replaces what it wrote before."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchRun(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", _("Full rematch")
        VACANCY = "vacancy", _("One vacancy")
        PROFILE = "profile", _("One candidate")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")
        SUPERSEDED = "superseded", _("Superseded by a newer run")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    profile = models.ForeignKey(
        "migrants.MigrantProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    params = models.JSONField(default=dict)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    vacancies = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.chunks_total:
            return 0
        return min(100, round(100 * self.chunks_done / self.chunks_total))


class MatchChunk(models.Model):
    """A deterministic slice of a run's vacancies; any worker may run it, and run it again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    vacancy_ids = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="match_chunk_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.index}"


class MatchResult(models.Model):
    """A run's ranked candidates per vacancy, before the run publishes them."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="staged")
    vacancy = models.ForeignKey("employers.Vacancy", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(
        "migrants.MigrantProfile", on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField()
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "vacancy", "profile"], name="match_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.vacancy_id} #{self.rank}"


class Match(models.Model):
    """The published ranking of a vacancy: replaced atomically when a run finishes. Explanations
    (matched and missing skills, suggested training) are computed when shown, from the same
    engine, so they always describe the profile as it is now."""

    vacancy = models.ForeignKey(
        "employers.Vacancy", on_delete=models.CASCADE, related_name="matches"
    )
    profile = models.ForeignKey(
        "migrants.MigrantProfile", on_delete=models.CASCADE, related_name="matches"
    )
    run = models.ForeignKey(MatchRun, null=True, on_delete=models.SET_NULL, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vacancy", "rank"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "profile"], name="match_unique")]
        indexes = [models.Index(fields=["vacancy", "rank"]), models.Index(fields=["profile"])]

    def __str__(self) -> str:
        return f"{self.vacancy_id} #{self.rank}"
