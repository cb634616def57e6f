"""Records about profiles kept for others: possible duplicates for an officer's review, and the
links through which a person shares their skills passport."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migrants.models.profile import MigrantProfile


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
