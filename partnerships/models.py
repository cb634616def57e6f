"""Skills Mobility Partnerships: agreements between countries (or cities) of origin and
destination to train, recognise and place migrant workers.

Vocabulary from the GFMD 2020 background paper (textboxes 4 and 5, annex 1):
- A *corridor* is one origin-destination country pair that people move along.
- A *Global Skill Partnership* trains people in the country of origin on two tracks: the
  *home* track (graduates stay and work at home) and the *away* track (graduates migrate);
  the destination country co-finances the training of both.
- *Fair cost sharing*: the costs of training, migration, living and integration and return are
  shared among the partners, and the worker pays no recruitment fees or related costs
  (ILO General principles and operational guidelines for fair recruitment).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.documents import StoredDocument
from core.models import Authored
from core.transitions import Stateful


class TrackScope(models.TextChoices):
    """Which tracks a partnership or a training programme covers: the home track (work in the
    country of origin), the away track (migrate), or both."""

    HOME = "home", _("Home track only")
    AWAY = "away", _("Away track only")
    BOTH = "both", _("Home and away tracks")


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("Under negotiation")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CONCLUDED = "concluded", _("Concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Partnership(Stateful, Authored):
    class Kind(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral")
        MULTILATERAL = "multilateral", _("Multilateral")
        REGIONAL = "regional", _("Regional")
        CITY_TO_CITY = "city_to_city", _("City-to-city")
        GLOBAL_SKILL_PARTNERSHIP = "global_skill_partnership", _("Global Skill Partnership")
        PILOT = "pilot", _("Pilot project")

    class Instrument(models.TextChoices):
        BLMA = "blma", _("Bilateral labour migration agreement")
        MOU = "mou", _("Memorandum of understanding")
        MOC = "moc", _("Memorandum of cooperation")
        FRAMEWORK = "framework", _("Framework agreement")
        TRADE_MODE4 = "trade_mode4", _("Trade agreement (GATS mode 4)")
        OTHER = "other", _("Other")

    Track = TrackScope
    Status = PartnershipStatus

    # Which status may follow which; the services enforce it, the templates ask it.
    TRANSITION_REFUSED = _("A partnership that is %(current)s cannot become %(target)s.")
    TRANSITIONS = {
        Status.DRAFT: (Status.NEGOTIATION, Status.WITHDRAWN),
        Status.NEGOTIATION: (Status.ACTIVE, Status.DRAFT, Status.WITHDRAWN),
        Status.ACTIVE: (Status.SUSPENDED, Status.CONCLUDED),
        Status.SUSPENDED: (Status.ACTIVE, Status.CONCLUDED),
        Status.CONCLUDED: (),
        Status.WITHDRAWN: (),
    }
    # Statuses whose record the public registry may show.
    PUBLIC_STATUSES = (Status.ACTIVE, Status.SUSPENDED, Status.CONCLUDED)

    reference_code = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    instrument = models.CharField(_("legal instrument"), max_length=20, choices=Instrument.choices)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    signed_on = models.DateField(null=True, blank=True)
    start_on = models.DateField(null=True, blank=True)
    end_on = models.DateField(null=True, blank=True)

    origin_countries = models.ManyToManyField(
        "taxonomy.Country", related_name="partnerships_as_origin"
    )
    destination_countries = models.ManyToManyField(
        "taxonomy.Country", related_name="partnerships_as_destination"
    )
    occupations = models.ManyToManyField(
        "taxonomy.Occupation",
        blank=True,
        related_name="partnerships",
        help_text=_("Target occupations: ISCO-08 groups or ESCO occupations."),
    )
    gcm_objectives = models.ManyToManyField("taxonomy.GcmObjective", blank=True)
    sdg_targets = models.ManyToManyField("taxonomy.SdgTarget", blank=True)

    covers_low_skill = models.BooleanField(_("low skill level (ISCED 0-2)"), default=False)
    covers_medium_skill = models.BooleanField(_("medium skill level (ISCED 3-4)"), default=False)
    covers_high_skill = models.BooleanField(_("high skill level (ISCED 5-8)"), default=False)

    tracks = models.CharField(max_length=10, choices=Track.choices, default=Track.AWAY)
    target_away_share = models.PositiveSmallIntegerField(
        _("target share on the away track (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("For partnerships with both tracks: the share of trainees meant to migrate."),
    )

    # Safeguards checklist (GFMD paper textbox 4; ILO fair recruitment principles).
    employer_pays_recruitment = models.BooleanField(
        _("employers pay recruitment fees and related costs"), default=False
    )
    social_protection_portability = models.BooleanField(
        _("social protection is portable"), default=False
    )
    family_rights = models.BooleanField(_("family reunification and rights"), default=False)
    rights_information = models.BooleanField(
        _("pre-departure and post-arrival rights information"), default=False
    )
    grievance_mechanism = models.BooleanField(_("grievance mechanism"), default=False)
    anti_discrimination = models.BooleanField(_("anti-discrimination clause"), default=False)
    monitoring_plan = models.BooleanField(_("monitoring and evaluation plan"), default=False)

    listed_publicly = models.BooleanField(
        _("list in the public registry"),
        default=True,
        help_text=_("Active and concluded partnerships appear in the public registry."),
    )
    publish_costs = models.BooleanField(
        _("publish cost totals"),
        default=False,
        help_text=_("Show totals per cost group in the public registry."),
    )

    SAFEGUARD_FIELDS = (
        "employer_pays_recruitment",
        "social_protection_portability",
        "family_rights",
        "rights_information",
        "grievance_mechanism",
        "anti_discrimination",
        "monitoring_plan",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(start_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference_code} {self.title}"

    @property
    def skill_levels(self) -> list[str]:
        return [
            level
            for level, covered in (
                ("low", self.covers_low_skill),
                ("medium", self.covers_medium_skill),
                ("high", self.covers_high_skill),
            )
            if covered
        ]

    @property
    def is_public(self) -> bool:
        return self.listed_publicly and self.status in self.PUBLIC_STATUSES


class PartnershipSector(models.Model):
    """A sector the partnership covers (the list is taxonomy's)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="sectors")
    sector = models.ForeignKey("taxonomy.Sector", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "sector"], name="partnership_sector_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.sector)


class Corridor(models.Model):
    """One origin-destination pair of a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="corridors")
    origin = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["origin_id", "destination_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "origin", "destination"], name="corridor_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(origin=models.F("destination")), name="corridor_two_countries"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin_id} → {self.destination_id}"


class PartnershipCity(models.Model):
    """A city taking part in a city-to-city partnership (e.g. Milan with Tunis in MeNTOR)."""

    class Side(models.TextChoices):
        ORIGIN = "origin", _("Origin")
        DESTINATION = "destination", _("Destination")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="cities")
    name = models.CharField(max_length=120)
    country = models.ForeignKey("taxonomy.Country", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=12, choices=Side.choices)

    class Meta:
        ordering = ["side", "name"]
        verbose_name_plural = "partnership cities"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name", "country"], name="partnership_city_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"


class PartnershipMember(models.Model):
    class Role(models.TextChoices):
        LEAD_GOVERNMENT = "lead_government", _("Lead government")
        PARTNER_GOVERNMENT = "partner_government", _("Partner government")
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        FUNDER = "funder", _("Funder")
        TRAINING_PROVIDER = "training_provider", _("Training provider")
        RECOGNITION_AUTHORITY = "recognition_authority", _("Recognition authority")
        EMPLOYER = "employer", _("Employer")
        EMPLOYERS_ASSOCIATION = "employers_association", _("Employers' association")
        TRADE_UNION = "trade_union", _("Trade union")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        DIASPORA = "diaspora", _("Diaspora organisation")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
        RECRUITMENT_AGENCY = "recruitment_agency", _("Licensed recruitment agency")

    # Members in these roles run the partnership: their officers may edit it.
    GOVERNING_ROLES = frozenset(
        {Role.LEAD_GOVERNMENT, Role.PARTNER_GOVERNMENT, Role.LOCAL_GOVERNMENT}
    )

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "role"], name="partnership_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def governs(self) -> bool:
        return self.role in self.GOVERNING_ROLES


class AnnualTarget(models.Model):
    """What the partners commit to achieve in one year; actuals come from training/employers."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    people_to_train = models.PositiveIntegerField(default=0)
    home_track_placements = models.PositiveIntegerField(default=0)
    away_track_placements = models.PositiveIntegerField(default=0)
    min_women_share = models.PositiveSmallIntegerField(
        _("minimum share of women (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="annual_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partnership.reference_code} {self.year}"


class Indicator(models.TextChoices):
    """What the targets-versus-actuals table measures: the one list of keys that the apps
    reporting actuals (``partnerships.selectors.register_actuals_provider``) use."""

    PEOPLE_TRAINED = "people_trained", _("People trained")
    HOME_TRACK_PLACEMENTS = "home_track_placements", _("Placements on the home track")
    AWAY_TRACK_PLACEMENTS = "away_track_placements", _("Placements on the away track")
    WOMEN_SHARE = "women_share", _("Share of women")
    # Hires that employers record on the portal; no annual target of their own.
    PORTAL_PLACEMENTS = "portal_placements", _("Hires recorded by employers on the portal")


class CustomIndicator(models.Model):
    """Any other indicator the partners track, with its target and reported actual."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="custom_indicators"
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    actual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "name"], name="custom_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class CostGroup(models.TextChoices):
    TRAINING = "training", _("Training")
    STAFFING = "staffing", _("Staffing and administration")
    MIGRATION_VISA = "migration_visa", _("Migration: visa and permits")
    MIGRATION_TRAVEL = "migration_travel", _("Migration: travel")
    MIGRATION_RECRUITMENT = "migration_recruitment", _("Migration: recruitment")
    LIVING = "living", _("Living and integration")
    RETURN = "return", _("Return and reintegration")


# Costs the worker must never bear (ILO fair recruitment: no recruitment fees or related costs).
EMPLOYER_PAYS_GROUPS = frozenset(
    {CostGroup.MIGRATION_VISA, CostGroup.MIGRATION_TRAVEL, CostGroup.MIGRATION_RECRUITMENT}
)


class CostEntry(models.Model):
    """One line of the cost-sharing ledger. Entries are never edited; a mistake is voided."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        EXPENDITURE = "expenditure", _("Expenditure")

    class Basis(models.TextChoices):
        LUMP_SUM = "lump_sum", _("Lump sum")
        PER_COHORT = "per_cohort", _("Per cohort")
        PER_TRAINEE = "per_trainee", _("Per trainee")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    cost_group = models.CharField(max_length=30, choices=CostGroup.choices)
    # Exactly one payer: a member organisation, or the migrants themselves.
    payer = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_by_migrants = models.BooleanField(default=False)
    currency = models.ForeignKey("taxonomy.Currency", on_delete=models.PROTECT, related_name="+")
    unit_amount = models.DecimalField(max_digits=14, decimal_places=2)
    basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.LUMP_SUM)
    quantity = models.PositiveIntegerField(
        default=1, help_text=_("Number of cohorts or trainees when not a lump sum.")
    )
    amount = models.DecimalField(max_digits=16, decimal_places=2, editable=False)
    description = models.CharField(max_length=255, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "cost entries"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(payer__isnull=False) & models.Q(paid_by_migrants=False))
                | (models.Q(payer__isnull=True) & models.Q(paid_by_migrants=True)),
                name="cost_entry_exactly_one_payer",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_amount__gt=0), name="cost_entry_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_cost_group_display()} {self.amount} {self.currency_id}"

    @property
    def breaches_employer_pays(self) -> bool:
        return self.paid_by_migrants and self.cost_group in EMPLOYER_PAYS_GROUPS

    @staticmethod
    def total(unit_amount: Decimal, quantity: int) -> Decimal:
        return unit_amount * quantity


def _document_path(instance: PartnershipDocument, filename: str) -> str:
    # Named by migration 0001; the path itself is PartnershipDocument.storage_path.
    return instance.storage_path()


class PartnershipDocument(StoredDocument):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Signed agreement")
        DRAFT_TEXT = "draft_text", _("Draft text")
        ANNEX = "annex", _("Annex")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.AGREEMENT)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def storage_path(self) -> str:
        return f"partnerships/{self.partnership_id}/{self.sha256[:2]}/{self.sha256}"
