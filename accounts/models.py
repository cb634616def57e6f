"""People, the organisations they work for, and their role in each.

A portal role (government officer, recognition officer, ...) is not stored on the user: it
follows from the kind of organisation the user is a member of, so moving a person between
organisations moves their rights with them. A user with no membership is an individual
(a migrant, candidate, trainee or returnee).
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does on the portal; see ARCHITECTURE's table of journeys."""

    GOVERNMENT_OFFICER = "government_officer", _("Government officer")
    RECOGNITION_OFFICER = "recognition_officer", _("Recognition officer")
    TRAINING_PROVIDER = "training_provider", _("Training provider")
    EMPLOYER = "employer", _("Employer")
    PARTNER = "partner", _("Partner organisation")
    MIGRANT = "migrant", _("Migrant")
    ADMIN = "admin", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail address", max_length=254, unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    preferred_language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May sign in to the administration site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_GOVERNMENT = "national_government", _("National government")
        LOCAL_GOVERNMENT = "local_government", _("Local or regional government")
        RECOGNITION_AUTHORITY = "recognition_authority", _("Recognition authority")
        TRAINING_PROVIDER = "training_provider", _("Training provider")
        EMPLOYER = "employer", _("Employer")
        EMPLOYERS_ASSOCIATION = "employers_association", _("Employers' association")
        RECRUITMENT_AGENCY = "recruitment_agency", _("Licensed recruitment agency")
        TRADE_UNION = "trade_union", _("Trade union")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        DIASPORA = "diaspora", _("Diaspora organisation")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
        FUNDER = "funder", _("Funder")

    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=40, choices=Kind.choices, db_index=True)
    country = models.ForeignKey(
        "taxonomy.Country", on_delete=models.PROTECT, related_name="organisations"
    )
    city = models.CharField(max_length=120, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "country", name="organisation_name_country_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def portal_role(self) -> Role:
        return ROLE_BY_ORGANISATION_KIND[self.Kind(self.kind)]


ROLE_BY_ORGANISATION_KIND: dict[Organisation.Kind, Role] = {
    Organisation.Kind.NATIONAL_GOVERNMENT: Role.GOVERNMENT_OFFICER,
    Organisation.Kind.LOCAL_GOVERNMENT: Role.GOVERNMENT_OFFICER,
    Organisation.Kind.RECOGNITION_AUTHORITY: Role.RECOGNITION_OFFICER,
    Organisation.Kind.TRAINING_PROVIDER: Role.TRAINING_PROVIDER,
    Organisation.Kind.EMPLOYER: Role.EMPLOYER,
    Organisation.Kind.EMPLOYERS_ASSOCIATION: Role.EMPLOYER,
    Organisation.Kind.RECRUITMENT_AGENCY: Role.EMPLOYER,
    Organisation.Kind.TRADE_UNION: Role.PARTNER,
    Organisation.Kind.CIVIL_SOCIETY: Role.PARTNER,
    Organisation.Kind.DIASPORA: Role.PARTNER,
    Organisation.Kind.INTERNATIONAL_ORGANISATION: Role.PARTNER,
    Organisation.Kind.FUNDER: Role.PARTNER,
}


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager (manages the organisation's members)")
        STAFF = "staff", _("Staff (works on the organisation's records)")
        VIEWER = "viewer", _("Viewer (read-only)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    job_title = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role in (self.Role.MANAGER, self.Role.STAFF)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the key is shown once.

    Every token expires; a read-only token may only read (GET, HEAD, OPTIONS), whatever the
    owner's roles allow them to change.
    """

    PREFIX = "smp_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(max_length=12, editable=False)
    read_only = models.BooleanField(
        default=False, help_text="The token may only read, never change anything."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}...)"

    @staticmethod
    def hash_key(raw_key: str) -> str:
        return hashlib.sha256(raw_key.encode()).hexdigest()

    def is_usable(self, at: Any = None) -> bool:
        now = at or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class Notification(models.Model):
    """An in-app message for one user; the same text is also e-mailed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
