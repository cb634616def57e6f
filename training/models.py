"""Training programmes, cohorts, enrolments, certificates and participant imports.

A Global Skill Partnership trains people on two tracks: the *home* track (they stay and work in
the country of origin) and the *away* track (they migrate). Every enrolment carries its track and
the history of its changes, and its outcome follow-ups say which track it ended on.

Status changes are the lifecycle moves declared in ``training.services``; the tables below only
say which statuses may follow which (``TRANSITIONS``, checked through ``core.transitions``) so
that the pages, the API and the services agree.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Authored, TimeStamped
from core.transitions import Stateful
from partnerships.models import TrackScope


class Track(models.TextChoices):
    HOME = "home", _("Home track (work in the country of origin)")
    AWAY = "away", _("Away track (migrate)")


class Programme(Stateful, Authored):
    class Kind(models.TextChoices):
        VOCATIONAL = "vocational", _("Vocational training")
        LANGUAGE = "language", _("Language course")
        PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation")
        SOFT_SKILLS = "soft_skills", _("Soft skills")
        UPSKILLING = "upskilling", _("Upskilling")
        COMPENSATION = "compensation", _("Compensation measure for recognition")

    class DeliveryMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")
        WORK_BASED = "work_based", _("Work-based (apprenticeship)")

    Tracks = TrackScope

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    TRANSITION_REFUSED = _("A programme that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        Status.DRAFT: (Status.PUBLISHED, Status.ARCHIVED),
        Status.PUBLISHED: (Status.ARCHIVED,),
        Status.ARCHIVED: (),
    }

    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="training_programmes"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_programmes",
    )
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sector = models.ForeignKey(
        "taxonomy.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery_mode = models.CharField(
        max_length=12, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    occupations = models.ManyToManyField("taxonomy.Occupation", blank=True, related_name="+")
    skills = models.ManyToManyField(
        "taxonomy.Skill", blank=True, related_name="training_programmes"
    )
    location_country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="+"
    )
    hours = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10000)])
    language = models.ForeignKey(
        "taxonomy.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language of instruction"),
    )
    certification_title = models.CharField(max_length=255, blank=True)
    certification_isced_level = models.ForeignKey(
        "taxonomy.IscedLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    awarding_body = models.CharField(max_length=255, blank=True)
    tracks = models.CharField(max_length=4, choices=Tracks.choices, default=Tracks.BOTH)
    cost_per_trainee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.ForeignKey(
        "taxonomy.Currency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["provider", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def certifies(self) -> bool:
        return bool(self.certification_title)

    def offers(self, track: str) -> bool:
        return self.tracks in (self.Tracks.BOTH, track)

    @property
    def single_track(self) -> str | None:
        return None if self.tracks == self.Tracks.BOTH else str(self.tracks)


class FundingLine(models.Model):
    """Who pays how much of each trainee's cost. Posted to the partnership's cost-sharing ledger
    (one commitment per cohort when it starts) so the ledger shows training costs once."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funding")
    payer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    amount_per_trainee = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "payer"], name="funding_line_unique"),
            models.CheckConstraint(
                condition=models.Q(amount_per_trainee__gt=0), name="funding_line_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer}: {self.amount_per_trainee}"


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RECRUITING = "recruiting", _("Recruiting")
    IN_TRAINING = "in_training", _("In training")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Cohort(Stateful, TimeStamped):
    Status = CohortStatus
    S = CohortStatus
    TRANSITION_REFUSED = _("A cohort that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        S.PLANNED: (S.RECRUITING, S.CANCELLED),
        S.RECRUITING: (S.IN_TRAINING, S.PLANNED, S.CANCELLED),
        S.IN_TRAINING: (S.COMPLETED, S.CANCELLED),
        S.COMPLETED: (),
        S.CANCELLED: (),
    }

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    code = models.CharField(max_length=40)
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    location_city = models.CharField(max_length=120, blank=True)
    location_country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    cancel_reason = models.CharField(max_length=255, blank=True)
    posted_costs = models.ManyToManyField(
        "partnerships.CostEntry", blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["starts_on", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="cohort_code_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SELECTED = "selected", _("Selected")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    CERTIFIED = "certified", _("Certified")
    NOT_SELECTED = "not_selected", _("Not selected")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class Enrolment(Stateful, TimeStamped):
    Status = EnrolmentStatus
    S = EnrolmentStatus
    TRANSITION_REFUSED = _("An enrolment that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        S.APPLIED: (S.SELECTED, S.NOT_SELECTED),
        S.SELECTED: (S.ENROLLED, S.NOT_SELECTED),
        S.ENROLLED: (S.COMPLETED, S.DROPPED_OUT),
        S.COMPLETED: (S.CERTIFIED,),
        S.CERTIFIED: (),
        S.NOT_SELECTED: (),
        S.DROPPED_OUT: (),
    }
    # Counted against the cohort's capacity.
    SEATED = (S.SELECTED, S.ENROLLED, S.COMPLETED, S.CERTIFIED)
    FINISHED = (S.COMPLETED, S.CERTIFIED)

    class Source(models.TextChoices):
        PROVIDER = "provider", _("Added by the provider")
        IMPORT = "import", _("Imported from a file")
        APPLICATION = "application", _("Applied on the portal")

    class Assessment(models.TextChoices):
        PASSED = "passed", _("Passed")
        PASSED_WITH_MERIT = "merit", _("Passed with merit")
        FAILED = "failed", _("Failed")

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    profile = models.ForeignKey(
        "migrants.MigrantProfile", on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    track = models.CharField(max_length=4, choices=Track.choices)
    reason = models.CharField(
        max_length=255, blank=True, help_text=_("Why not selected, or why the person dropped out.")
    )
    attendance_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    assessment = models.CharField(max_length=8, choices=Assessment.choices, blank=True)
    assessment_score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.PROVIDER)
    participant_ref = models.CharField(
        max_length=64, blank=True, help_text=_("The provider's own reference for the person.")
    )

    class Meta:
        ordering = ["cohort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "profile"], name="enrolment_unique")
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.cohort} / {self.profile.pseudonym}"

    @property
    def issued_certificate(self) -> Certificate | None:
        """The certificate issued for this enrolment, or None (the reverse one-to-one raises)."""
        try:
            return self.certificate
        except ObjectDoesNotExist:
            return None


class TrackChange(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="track_changes")
    from_track = models.CharField(max_length=4, choices=Track.choices)
    to_track = models.CharField(max_length=4, choices=Track.choices)
    reason = models.CharField(max_length=255)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_track} -> {self.to_track}"


class OutcomeFollowUp(models.Model):
    """What became of a trainee 3, 6 and 12 months after completing."""

    class Point(models.IntegerChoices):
        MONTHS_3 = 3, _("3 months")
        MONTHS_6 = 6, _("6 months")
        MONTHS_12 = 12, _("12 months")

    class Status(models.TextChoices):
        EMPLOYED_ORIGIN = "employed_origin", _("Employed in the country of origin")
        EMPLOYED_DESTINATION = "employed_destination", _("Employed in the destination country")
        EMPLOYED_THIRD = "employed_third", _("Employed in a third country")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        FURTHER_STUDY = "further_study", _("In further study")
        UNEMPLOYED = "unemployed", _("Unemployed")
        UNKNOWN = "unknown", _("Unknown")

    class WageBand(models.TextChoices):
        # Relative to the local minimum wage of the country of work: comparable across countries.
        BELOW_MINIMUM = "below_minimum", _("Below the minimum wage")
        MINIMUM_TO_1_5 = "min_1_5", _("Minimum wage to 1.5 times")
        FROM_1_5_TO_2 = "1_5_2", _("1.5 to 2 times the minimum wage")
        ABOVE_2 = "above_2", _("More than twice the minimum wage")
        UNDISCLOSED = "undisclosed", _("Not disclosed")

    EMPLOYED = (
        Status.EMPLOYED_ORIGIN,
        Status.EMPLOYED_DESTINATION,
        Status.EMPLOYED_THIRD,
        Status.SELF_EMPLOYED,
    )

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="outcomes")
    months = models.PositiveSmallIntegerField(choices=Point.choices)
    status = models.CharField(max_length=22, choices=Status.choices)
    country = models.ForeignKey(
        "taxonomy.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occupation = models.ForeignKey(
        "taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wage_band = models.CharField(max_length=14, choices=WageBand.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "months"], name="outcome_once_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} +{self.months}m {self.status}"


class Certificate(models.Model):
    """Issued when an enrolment is certified; verifiable by anyone holding its code through the
    portal's one public verification page (``core.verification``)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    qualification = models.OneToOneField(
        "migrants.Qualification",
        null=True,
        on_delete=models.SET_NULL,
        related_name="training_certificate",
    )
    title = models.CharField(max_length=255)
    awarding_body = models.CharField(max_length=255)
    isced_level = models.ForeignKey(
        "taxonomy.IscedLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_code = models.CharField(max_length=32, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.verification_code[:6]}…)"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ParticipantImport(TimeStamped):
    """One uploaded participant file for one cohort: validated (by a Celery task for large files)
    into a preview with per-row errors, then confirmed all-or-nothing."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Checking the file")
        INVALID = "invalid", _("Has errors: nothing imported")
        READY = "ready", _("Ready to confirm")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    # Once an import has ended its file and plan are deleted (by the transition itself, by the
    # retention job for abandoned imports, or by a person's erasure).
    ENDED: ClassVar[tuple[str, ...]] = (Status.IMPORTED, Status.FAILED, Status.CANCELLED)

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=4)  # "csv" or "xlsx"
    # The raw file until the import ends: it is personal data, cleared once the import ends.
    content = models.BinaryField(editable=False, null=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.VALIDATING, db_index=True
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    # Per-row plan after validation: [{"line": n, "action": "create"|"enrol"|"unchanged", ...}]
    plan = models.JSONField(default=list, blank=True, editable=False)
    summary = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} -> {self.cohort}"

    @property
    def file_deleted(self) -> bool:
        """True once the import has ended: its file and preview are then gone. Read from the
        status, so lists that defer the file need no extra query."""
        return self.status in self.ENDED

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 0 if self.status in (self.Status.VALIDATING, self.Status.IMPORTING) else 100
        return min(100, round(100 * self.rows_done / self.rows_total))


class ImportRowError(models.Model):
    participant_import = models.ForeignKey(
        ParticipantImport, on_delete=models.CASCADE, related_name="errors"
    )
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=40, blank=True)
    message = models.CharField(max_length=255)

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"line {self.line} {self.column}: {self.message}"
