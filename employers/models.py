"""Vacancies, saved pool searches, the staged-disclosure pipeline and placements.

Employers never read ``migrants`` tables directly: the candidate pool is a pseudonymised
projection built by ``employers.selectors`` from profiles whose owners consented to the pool of
the vacancy's partnership or destination country. Identity reaches an employer only through an
``employer_identity`` consent the migrant grants by accepting that employer's interest.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Authored
from core.transitions import Stateful
from employers import pseudonyms


# --- What an employer calls a candidate -------------------------------------------------------
def candidate_code(*, employer_id: int, profile_id: int) -> str:
    """The code under which ``employer_id``'s staff see the person: their own, unrelated to the
    global pseudonym and to the code any other employer sees (``employers.pseudonyms``)."""
    return pseudonyms.encode(
        pseudonyms.organisation_key(settings.SECRET_KEY, employer_id), profile_id
    )


def candidate_profile_id(*, employer_id: int, code: str) -> int | None:
    """The profile that ``employer_id``'s ``code`` stands for, or None for a malformed code. Any
    well-formed code decodes to some id: the caller still checks that it is in the pool."""
    return pseudonyms.decode(pseudonyms.organisation_key(settings.SECRET_KEY, employer_id), code)


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Vacancy(Stateful, Authored):
    Status = VacancyStatus
    S = VacancyStatus
    TRANSITION_REFUSED = _("A vacancy that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        S.DRAFT: (S.OPEN, S.CLOSED),
        S.OPEN: (S.FILLED, S.CLOSED, S.DRAFT),
        S.FILLED: (S.OPEN, S.CLOSED),
        S.CLOSED: (),
    }

    class FeePolicy(models.TextChoices):
        # ILO General principles for fair recruitment: no fees or related costs to the worker.
        EMPLOYER_PAYS = "employer_pays", _("The employer pays all recruitment fees and costs")
        WORKER_PAYS = "worker_pays", _("The worker pays some recruitment fees or costs")

    class WagePeriod(models.TextChoices):
        HOUR = "hour", _("per hour")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    employer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="vacancies"
    )
    on_behalf_of = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The employer a licensed recruitment agency recruits for."),
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        "taxonomy.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    essential_skills = models.ManyToManyField("taxonomy.Skill", blank=True, related_name="+")
    optional_skills = models.ManyToManyField("taxonomy.Skill", blank=True, related_name="+")
    min_isced_level = models.ForeignKey(
        "taxonomy.IscedLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destination_country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="+"
    )
    destination_city = models.CharField(max_length=120, blank=True)
    positions = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    wage_amount = models.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = models.ForeignKey(
        "taxonomy.Currency", on_delete=models.PROTECT, related_name="+"
    )
    wage_period = models.CharField(
        max_length=5, choices=WagePeriod.choices, default=WagePeriod.MONTH
    )
    hours_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    contract_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Empty: open-ended contract.")
    )
    starts_on = models.DateField(null=True, blank=True)
    fee_policy = models.CharField(
        max_length=14, choices=FeePolicy.choices, default=FeePolicy.EMPLOYER_PAYS
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    close_reason = models.CharField(max_length=255, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "vacancies"
        indexes = [models.Index(fields=["employer", "status"])]

    def __str__(self) -> str:
        return self.title

    def candidate_code(self, profile_id: int) -> str:
        """How this vacancy's employer sees the person (``candidate_code``)."""
        return candidate_code(employer_id=self.employer_id, profile_id=profile_id)

    def candidate_profile_id(self, code: str) -> int | None:
        return candidate_profile_id(employer_id=self.employer_id, code=code)


class VacancyLanguage(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("taxonomy.Language", on_delete=models.PROTECT, related_name="+")
    min_level = models.ForeignKey("taxonomy.CefrLevel", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["language_id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "language"], name="vacancy_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language_id} {self.min_level_id}"


class SavedSearch(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="saved_searches"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=120)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class InterestStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTEREST_SENT = "interest_sent", _("Interest expressed")
    ACCEPTED = "accepted", _("Accepted by the candidate")
    DECLINED = "declined", _("Declined by the candidate")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer made")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the employer")


class Interest(Stateful, Authored):
    """One candidate in one vacancy's pipeline. Before ``accepted`` the employer knows only the
    pseudonym; acceptance grants an ``employer_identity`` consent to this employer only."""

    Status = InterestStatus
    S = InterestStatus
    TRANSITION_REFUSED = _("An interest that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        S.SHORTLISTED: (S.INTEREST_SENT, S.WITHDRAWN),
        S.INTEREST_SENT: (S.ACCEPTED, S.DECLINED, S.WITHDRAWN),
        S.ACCEPTED: (S.INTERVIEW, S.OFFER, S.NOT_SELECTED, S.WITHDRAWN),
        S.INTERVIEW: (S.OFFER, S.NOT_SELECTED),
        S.OFFER: (S.HIRED, S.NOT_SELECTED),
        S.DECLINED: (),
        S.HIRED: (),
        S.NOT_SELECTED: (),
        S.WITHDRAWN: (),
    }
    # Stages at which the employer may see the person's identity (if the consent still holds).
    DISCLOSED = (S.ACCEPTED, S.INTERVIEW, S.OFFER, S.HIRED, S.NOT_SELECTED)

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="interests")
    profile = models.ForeignKey(
        "migrants.MigrantProfile", on_delete=models.CASCADE, related_name="employer_interests"
    )
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.SHORTLISTED, db_index=True
    )
    message = models.TextField(blank=True, help_text=_("What the employer tells the candidate."))
    reason = models.CharField(max_length=255, blank=True)
    identity_consent = models.ForeignKey(
        "migrants.ConsentGrant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "profile"], name="interest_unique")
        ]

    def __str__(self) -> str:
        # Audit labels and the admin: officers' side, the global pseudonym.
        return f"{self.vacancy} / {self.profile.pseudonym}"

    @property
    def candidate_code(self) -> str:
        """The candidate as the employer sees them (select ``vacancy`` with a list)."""
        return self.vacancy.candidate_code(self.profile_id)


class Placement(models.Model):
    """A hire: feeds the partnership's placement targets and the trainee's outcome."""

    interest = models.OneToOneField(Interest, on_delete=models.CASCADE, related_name="placement")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="placements")
    profile = models.ForeignKey(
        "migrants.MigrantProfile", on_delete=models.CASCADE, related_name="placements"
    )
    country = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")
    occupation = models.ForeignKey(
        "taxonomy.Occupation", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField()
    wage_amount = models.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = models.ForeignKey(
        "taxonomy.Currency", on_delete=models.PROTECT, related_name="+"
    )
    wage_period = models.CharField(max_length=5, choices=Vacancy.WagePeriod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.profile.pseudonym} -> {self.vacancy}"

    @property
    def candidate_code(self) -> str:
        """The person as the employer sees them (select ``vacancy`` with a list)."""
        return self.vacancy.candidate_code(self.profile_id)
