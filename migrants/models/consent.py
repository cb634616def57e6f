"""Consent is a ledger: each grant is for one purpose and one recipient, and withdrawing it ends
it everywhere at once because every read filters on active grants."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from migrants.models.entries import Qualification
from migrants.models.profile import INTAKE_KINDS, MigrantProfile


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
