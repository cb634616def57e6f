"""Migrants' skill profiles, qualifications and consent.

Standards used:
- ISCED 2011 levels and ISCED-F 2013 fields for education (UNESCO).
- ESCO skills with a proficiency and the evidence behind it.
- CEFR levels (Council of Europe) for understanding, speaking and writing each language.
- ISCO-08 / ESCO occupations for work experience and preferences.

A profile may exist before its owner has a login: staff of a training provider or government
office can register a migrant in person (counsellor-assisted intake) and hand the profile over to
the migrant's own account later. Special-category data (disability) lives in its own table.
Consent is a ledger: each grant is for one purpose and one recipient, and withdrawing it ends it
everywhere at once because every read filters on active grants.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.documents import StoredDocument

E164 = RegexValidator(r"^\+[1-9]\d{6,14}$", _("Use the international format, e.g. +212612345678."))

# Organisations whose staff may register migrants in person (counsellor-assisted intake), and
# the only kinds that may keep and update a profile for someone (counselling consent).
INTAKE_KINDS: frozenset[str] = frozenset(
    {
        Organisation.Kind.TRAINING_PROVIDER,
        Organisation.Kind.NATIONAL_GOVERNMENT,
        Organisation.Kind.LOCAL_GOVERNMENT,
    }
)

# Unambiguous characters only, so a pseudonym can be read out over the phone.
_PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_pseudonym() -> str:
    return "C-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(8))


class MigrantProfile(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        ANOTHER = "another", _("Another")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class MigrationStatus(models.TextChoices):
        PROSPECTIVE = "prospective", _("Prospective migrant (still in the country of origin)")
        ABROAD = "abroad", _("Working or studying abroad")
        RETURNED = "returned", _("Returned to the country of origin")

    class TrackInterest(models.TextChoices):
        HOME = "home", _("Home track: work in my own country")
        AWAY = "away", _("Away track: work abroad")
        BOTH = "both", _("Either")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        ERASED = "erased", _("Erased")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="migrant_profile",
    )
    pseudonym = models.CharField(max_length=12, unique=True, default=new_pseudonym, editable=False)
    given_names = models.CharField(max_length=150)
    family_name = models.CharField(max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, default=Sex.UNDISCLOSED)
    nationality = models.ForeignKey(
        "taxonomy.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country_of_residence = models.ForeignKey(
        "taxonomy.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(max_length=16, blank=True, validators=[E164])
    contact_email = models.EmailField(blank=True)
    contact_language = models.ForeignKey(
        "taxonomy.Language", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    migration_status = models.CharField(
        max_length=12, choices=MigrationStatus.choices, default=MigrationStatus.PROSPECTIVE
    )
    returned_from = models.ForeignKey(
        "taxonomy.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    preferred_destinations = models.ManyToManyField(
        "taxonomy.Country", blank=True, related_name="+"
    )
    preferred_occupations = models.ManyToManyField(
        "taxonomy.Occupation", blank=True, related_name="+"
    )
    available_from = models.DateField(null=True, blank=True)
    track_interest = models.CharField(
        max_length=5, choices=TrackInterest.choices, default=TrackInterest.BOTH
    )

    # Counsellor-assisted intake: who registered the person, until they take the profile over.
    registered_by_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_migrants",
    )
    handover_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    handover_expires_at = models.DateTimeField(null=True, blank=True)

    # Lower-cased, accent-free "given family" name for duplicate detection.
    normalized_name = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.ACTIVE)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        indexes = [models.Index(fields=["date_of_birth", "normalized_name"])]

    def __str__(self) -> str:
        if self.state == self.State.ERASED:
            return self.pseudonym
        return f"{self.given_names} {self.family_name}".strip()


class DisabilityInformation(models.Model):
    """Special-category data (GDPR art. 9): only the migrant and officers with a stated need."""

    profile = models.OneToOneField(
        MigrantProfile, on_delete=models.CASCADE, related_name="disability"
    )
    description = models.TextField(blank=True)
    needs_accommodation = models.BooleanField(default=False)
    accommodation_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Disability information of {self.profile.pseudonym}"


class Education(models.Model):
    profile = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="education")
    isced_level = models.ForeignKey("taxonomy.IscedLevel", on_delete=models.PROTECT)
    field = models.ForeignKey(
        "taxonomy.IscedField", null=True, blank=True, on_delete=models.PROTECT
    )
    institution = models.CharField(max_length=255)
    country = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    completed = models.BooleanField(default=True)

    class Meta:
        ordering = ["-end_year", "-start_year", "id"]
        verbose_name_plural = "education"

    def __str__(self) -> str:
        return f"{self.institution} ({self.isced_level_id})"


class ProfileSkill(models.Model):
    class Proficiency(models.TextChoices):
        BASIC = "basic", _("Basic")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")
        EXPERT = "expert", _("Expert")

    class Evidence(models.TextChoices):
        # Ordered from weakest to strongest; employers filter on it.
        SELF_DECLARED = "self_declared", _("Self-declared")
        ASSESSED = "assessed", _("Assessed")
        CERTIFIED = "certified", _("Certified by a training programme")
        RECOGNISED = "recognised", _("Recognised by an authority")

    profile = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, related_name="+")
    proficiency = models.CharField(max_length=14, choices=Proficiency.choices)
    evidence = models.CharField(
        max_length=14, choices=Evidence.choices, default=Evidence.SELF_DECLARED
    )

    class Meta:
        ordering = ["skill__preferred_label"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="profile_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.proficiency})"


class LanguageSkill(models.Model):
    profile = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("taxonomy.Language", on_delete=models.PROTECT, related_name="+")
    understanding = models.ForeignKey(
        "taxonomy.CefrLevel", on_delete=models.PROTECT, related_name="+"
    )
    speaking = models.ForeignKey("taxonomy.CefrLevel", on_delete=models.PROTECT, related_name="+")
    writing = models.ForeignKey("taxonomy.CefrLevel", on_delete=models.PROTECT, related_name="+")
    certificate_name = models.CharField(max_length=120, blank=True)
    certificate_score = models.CharField(max_length=40, blank=True)
    certificate_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["language__name"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="language_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language_id} {self.understanding_id}/{self.speaking_id}/{self.writing_id}"


class WorkExperience(models.Model):
    profile = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="experience")
    occupation = models.ForeignKey(
        "taxonomy.Occupation", on_delete=models.PROTECT, related_name="+"
    )
    employer = models.CharField(max_length=255, blank=True)
    country = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text=_("Empty while it continues."))
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="experience_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation} at {self.employer}"


class Qualification(models.Model):
    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared by the migrant")
        TRAINING = "training", _("Issued through a training programme")
        RECOGNITION = "recognition", _("Recognised by an authority")

    profile = models.ForeignKey(
        MigrantProfile, on_delete=models.CASCADE, related_name="qualifications"
    )
    title = models.CharField(max_length=255)
    institution = models.CharField(max_length=255)
    country = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")
    isced_level = models.ForeignKey("taxonomy.IscedLevel", on_delete=models.PROTECT)
    field = models.ForeignKey(
        "taxonomy.IscedField", null=True, blank=True, on_delete=models.PROTECT
    )
    awarded_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.DECLARED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_verified(self) -> bool:
        return self.source != self.Source.DECLARED


def _qualification_document_path(instance: QualificationDocument, filename: str) -> str:
    # Named by migration 0001; the path itself is QualificationDocument.storage_path.
    return instance.storage_path()


class QualificationDocument(StoredDocument):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="documents"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def storage_path(self) -> str:
        return f"migrants/{self.qualification.profile_id}/{self.sha256}"


class ConsentGrantQuerySet(models.QuerySet["ConsentGrant"]):
    """The portal's central privacy rule has one name: every read goes through ``active()``, so
    a withdrawal takes effect at the next read."""

    def active(self) -> ConsentGrantQuerySet:
        return self.filter(ACTIVE_CONSENT)

    def in_pools(self) -> ConsentGrantQuerySet:
        """Active consents to appear in a candidate pool (of a partnership or a country)."""
        return self.active().filter(purpose__in=POOL_PURPOSES)

    def for_recipient(
        self,
        purpose: str,
        *,
        partnership_id: int | None = None,
        country_id: str | None = None,
        organisation_id: int | None = None,
        qualification_id: int | None = None,
    ) -> ConsentGrantQuerySet:
        """Grants of ``purpose`` to exactly this recipient (an omitted one must be empty): "the
        consent of purpose X to recipient Y". Chain it after ``active()``."""
        return self.filter(
            purpose=purpose,
            partnership_id=partnership_id,
            country_id=country_id,
            organisation_id=organisation_id,
            qualification_id=qualification_id,
        )


# For conditions built from several parts (``Q(...) & ACTIVE_CONSENT``).
ACTIVE_CONSENT = Q(withdrawn_at__isnull=True)


class ConsentGrant(models.Model):
    """One explicit consent: for one purpose, to one recipient, until withdrawn."""

    class Purpose(models.TextChoices):
        POOL_PARTNERSHIP = (
            "pool_partnership",
            _("Appear, pseudonymised, in the candidate pool of a partnership"),
        )
        POOL_DESTINATION = (
            "pool_destination",
            _("Appear, pseudonymised, in the candidate pools of a destination country"),
        )
        EMPLOYER_IDENTITY = (
            "employer_identity",
            _("Reveal my identity and contact details to an employer"),
        )
        RECOGNITION_SHARE = (
            "recognition_share",
            _("Share a qualification with a recognition authority"),
        )
        STATISTICS = "statistics", _("Use my data in anonymous statistics")
        COUNSELLING = (
            "counselling",
            _("Let the organisation that registered me keep and update my profile"),
        )
        DISABILITY_SHARE = (
            "disability_share",
            _("Share my disability information with an organisation that needs it"),
        )

    class Channel(models.TextChoices):
        WEB = "web", _("On the portal")
        API = "api", _("Through the API")
        IN_PERSON = "in_person", _("In person, recorded by a counsellor")
        IMPORT = "import", _("Collected by a training provider and imported")

    # Which recipient each purpose names; the services enforce it.
    RECIPIENT_FIELD = {
        Purpose.POOL_PARTNERSHIP: "partnership",
        Purpose.POOL_DESTINATION: "country",
        Purpose.EMPLOYER_IDENTITY: "organisation",
        Purpose.RECOGNITION_SHARE: "organisation",
        Purpose.STATISTICS: None,
        Purpose.COUNSELLING: "organisation",
        Purpose.DISABILITY_SHARE: "organisation",
    }
    # Which kinds of organisation each purpose that names one may name. One rule, read by the
    # consent form's choices, by ``consent_grant`` (whatever the interface) and by the
    # permissions, which honour a grant only when its recipient is of such a kind: a grant that
    # slipped through before the service checked (e.g. counselling to an employer) opens nothing.
    RECIPIENT_KINDS: ClassVar[dict[str, frozenset[str]]] = {
        Purpose.EMPLOYER_IDENTITY: frozenset(
            {
                Organisation.Kind.EMPLOYER,
                Organisation.Kind.RECRUITMENT_AGENCY,
                Organisation.Kind.EMPLOYERS_ASSOCIATION,
            }
        ),
        Purpose.RECOGNITION_SHARE: frozenset({Organisation.Kind.RECOGNITION_AUTHORITY}),
        Purpose.COUNSELLING: INTAKE_KINDS,
        Purpose.DISABILITY_SHARE: INTAKE_KINDS,
    }
    # What a counsellor may record for a person who has no login yet, as the person said in
    # person: what intake itself records (their own organisation keeping the profile, and the
    # disability information it needs for that) and consents that reveal no identity to anyone.
    # Showing one's identity to an employer and sharing a qualification with an authority are
    # the person's own acts (answering an interest, submitting a recognition request).
    IN_PERSON_PURPOSES: ClassVar[frozenset[str]] = frozenset(
        {
            Purpose.POOL_PARTNERSHIP,
            Purpose.POOL_DESTINATION,
            Purpose.STATISTICS,
            Purpose.COUNSELLING,
            Purpose.DISABILITY_SHARE,
        }
    )

    profile = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = models.ForeignKey(
        "taxonomy.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    qualification = models.ForeignKey(
        Qualification, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    notice_version = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsentGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["purpose", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({'withdrawn' if self.withdrawn_at else 'active'})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


POOL_PURPOSES = (ConsentGrant.Purpose.POOL_PARTNERSHIP, ConsentGrant.Purpose.POOL_DESTINATION)


class DuplicateFlag(models.Model):
    """Two profiles that look like the same person, for an officer to review (never auto-merged)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        DISMISSED = "dismissed", _("Different people")
        CONFIRMED = "confirmed", _("Same person")

    profile = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(MigrantProfile, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "other"], name="duplicate_flag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} ~ {self.other_id}"


class PassportShare(models.Model):
    """A link through which the migrant shows chosen items of their skills passport to someone
    without an account (an employer, a school), until it expires or they revoke it. Only the
    SHA-256 hash of the link's token is kept: the token itself is shown once, at creation."""

    MAX_DAYS = 180

    profile = models.ForeignKey(
        MigrantProfile, on_delete=models.CASCADE, related_name="passport_shares"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    item_keys = models.JSONField(default=list)  # passport item keys, e.g. "certificate:12"
    label = models.CharField(
        max_length=120, blank=True, help_text=_("For your own records, e.g. who you sent it to.")
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # No label: it is the person's own note and lands in audit labels.
        return f"Passport link {self.pk}"

    def is_active(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def status(self) -> str:
        """One of "active", "expired" or "revoked"."""
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_active() else "expired"

    @property
    def expires_on(self) -> date:
        """The last day the link works (it works through that whole day)."""
        return timezone.localdate(self.expires_at - timedelta(microseconds=1))
