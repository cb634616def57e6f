"""Recognition of foreign qualifications, modelled on the real procedures:

- EU Directive 2005/36/EC on professional qualifications: the authority acknowledges a file
  within one month and decides within four months of the complete file; where training differs
  substantially it may require *compensation measures* (an adaptation period or an aptitude
  test; here also top-up training).
- ENIC-NARIC statements of comparability: a qualification is compared to a level of the
  destination's system (ISCED 2011 level, optionally an NQF/EQF level).
- The Council of Europe's European Qualifications Passport for Refugees: an assessment can rest
  on an interview when documents are missing.

Deadlines are computed, never stored by hand: the *clock stops* while the authority waits for
information from the applicant and restarts on resubmission.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped
from core.transitions import Stateful


class AuthorityProfile(models.Model):
    """What a recognition authority (an Organisation of that kind) is competent for."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="recognition_profile"
    )
    region = models.CharField(max_length=120, blank=True, help_text=_("Empty: the whole country."))
    academic = models.BooleanField(_("academic qualifications"), default=False)
    vocational = models.BooleanField(_("vocational qualifications"), default=False)
    regulated_occupations = models.ManyToManyField(
        "taxonomy.Occupation",
        blank=True,
        related_name="competent_authorities",
        help_text=_("Regulated professions it decides on (ISCO-08 groups or ESCO occupations)."),
    )
    days_to_acknowledge = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    days_to_decide = models.PositiveSmallIntegerField(
        default=120, validators=[MinValueValidator(1), MaxValueValidator(730)]
    )

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def country_id(self) -> str:
        return self.organisation.country_id


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ASSESSMENT = "assessment", _("Assessment")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Appealed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RecognitionRequest(Stateful, TimeStamped):
    class Purpose(models.TextChoices):
        REGULATED_PROFESSION = "regulated_profession", _("Practise a regulated profession")
        EMPLOYMENT = "employment", _("General employment")
        STUDY = "study", _("Further study")

    class Direction(models.TextChoices):
        STANDARD = "standard", _("Recognition in the destination country")
        DUAL = "dual", _("Dual: also recognised in the country of origin")
        REVERSE = "reverse", _("Reverse: skills gained abroad, recognised at home")

    Status = RequestStatus
    S = RequestStatus
    TRANSITION_REFUSED = _("A request that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        S.DRAFT: (S.SUBMITTED, S.WITHDRAWN),
        S.SUBMITTED: (S.SCREENING, S.WITHDRAWN),
        S.SCREENING: (S.INFORMATION_REQUESTED, S.ASSESSMENT, S.WITHDRAWN),
        S.INFORMATION_REQUESTED: (S.RESUBMITTED, S.WITHDRAWN),
        S.RESUBMITTED: (S.SCREENING, S.ASSESSMENT, S.WITHDRAWN),
        S.ASSESSMENT: (S.INFORMATION_REQUESTED, S.DECIDED, S.WITHDRAWN),
        S.DECIDED: (S.APPEALED, S.CLOSED),
        S.APPEALED: (S.APPEAL_DECIDED,),
        S.APPEAL_DECIDED: (S.CLOSED,),
        S.CLOSED: (),
        S.WITHDRAWN: (),
    }
    OPEN_STATUSES = (
        S.SUBMITTED,
        S.SCREENING,
        S.INFORMATION_REQUESTED,
        S.RESUBMITTED,
        S.ASSESSMENT,
        S.APPEALED,
    )

    reference = models.CharField(max_length=20, unique=True, editable=False)
    applicant = models.ForeignKey(
        "migrants.MigrantProfile", on_delete=models.CASCADE, related_name="recognition_requests"
    )
    qualification = models.ForeignKey(
        "migrants.Qualification", on_delete=models.PROTECT, related_name="recognition_requests"
    )
    destination_country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="recognition_requests"
    )
    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    target_occupation = models.ForeignKey(
        "taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.STANDARD
    )
    counterpart = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The same qualification's request in the other country (dual or reverse)."),
    )
    documents_missing = models.BooleanField(
        default=False,
        help_text=_("Assess without full documents (e.g. refugees: Council of Europe passport)."),
    )
    status = models.CharField(
        max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    file_complete_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When screening found the file complete.")
    )
    clock_stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_days = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["authority", "status"])]

    def __str__(self) -> str:
        return self.reference


class Decision(models.Model):
    class Outcome(models.TextChoices):
        FULL = "full", _("Full recognition")
        PARTIAL = "partial", _("Partial recognition with compensation measures")
        REFUSED = "refused", _("Refused")

    class Stage(models.TextChoices):
        FIRST = "first", _("Decision")
        APPEAL = "appeal", _("Decision on appeal")

    request = models.ForeignKey(
        RecognitionRequest, on_delete=models.CASCADE, related_name="decisions"
    )
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.FIRST)
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    comparable_isced_level = models.ForeignKey(
        "taxonomy.IscedLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    eqf_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    substantial_differences = models.JSONField(default=list, blank=True)
    reasons = models.TextField(blank=True)
    appeal_route = models.TextField(blank=True)
    appeal_deadline = models.DateField(null=True, blank=True)
    verification_code = models.CharField(max_length=32, unique=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "stage"], name="one_decision_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.get_outcome_display()}"

    @staticmethod
    def new_code() -> str:
        return secrets.token_urlsafe(18)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class CompensationMeasure(models.Model):
    class Kind(models.TextChoices):
        ADAPTATION_PERIOD = "adaptation_period", _("Adaptation period")
        APTITUDE_TEST = "aptitude_test", _("Aptitude test")
        TOP_UP_TRAINING = "top_up_training", _("Top-up training")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class RequestMessage(models.Model):
    """The conversation between officer and applicant; a document request stops the clock."""

    request = models.ForeignKey(
        RecognitionRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_applicant = models.BooleanField()
    body = models.TextField()
    requests_documents = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} message {self.pk}"
