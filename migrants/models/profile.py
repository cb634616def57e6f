"""The profile: who the person is, where they are and what they want, and the special-category
disability record kept apart from it.

A profile may exist before its owner has a login: staff of a training provider or government
office can register a migrant in person (counsellor-assisted intake) and hand the profile over to
the migrant's own account later.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

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
