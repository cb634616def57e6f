"""Reference data: the classifications every other app speaks.

- ISCO-08, the ILO's International Standard Classification of Occupations (2008): a four-level
  tree of major (1 digit), sub-major (2), minor (3) and unit (4) groups. ESCO occupations (the
  European Commission's classification) hang under ISCO unit groups, so one ``Occupation`` tree
  holds both and "how close are two occupations" is a comparison of ISCO code prefixes.
- ESCO skills: skill/competence and knowledge concepts with a stable URI.
- ISCED 2011 (UNESCO) levels 0-8 of education, mapped to the low/medium/high skill levels used by
  the GFMD 2020 paper (levels 0-2 low, 3-4 medium, 5-8 high), and ISCED-F 2013 fields.
- CEFR (Council of Europe) language proficiency levels A1-C2.
- ISO 3166-1 countries and ISO 639-1 languages.
- Economic sectors: the one list that partnerships, training programmes, vacancies and starter
  skills are tagged with.

Concepts are never hard-deleted: a concept that disappears from a newer ESCO download is marked
deprecated, so records that point at it keep their meaning.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConceptStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEPRECATED = "deprecated", _("Deprecated")


class ConceptSource(models.TextChoices):
    STARTER = "starter", _("Starter set shipped with the portal")
    ESCO = "esco", _("ESCO download")


class Concept(models.Model):
    """What the portal keeps of every ESCO concept beside its own label (occupations and
    skills): the other labels, whether ESCO still has it, where it came from, and the column
    type-ahead search scans."""

    alt_labels = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE, db_index=True
    )
    source = models.CharField(
        max_length=10, choices=ConceptSource.choices, default=ConceptSource.STARTER
    )
    # Lower-cased label and alt labels (``build_search_text``).
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, primary_key=True)
    alpha3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, unique=True)
    numeric = models.CharField("ISO 3166-1 numeric", max_length=3, blank=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField("ISO 639-1", max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    """An economic sector. Partnerships, programmes and vacancies point at it by foreign key.

    ``Code`` is the shipped list (``load_starter_taxonomy`` keeps one row per code) and the
    value the API, filters and URLs use; its labels are translated on display, the row's
    ``label`` keeps the English one for readers of the database.
    """

    class Code(models.TextChoices):
        HEALTH_CARE = "health_care", _("Health and care")
        ICT = "ict", _("ICT")
        AGRICULTURE_FOOD = "agriculture_food", _("Agriculture and food processing")
        CONSTRUCTION = "construction", _("Construction")
        MANUFACTURING = "manufacturing", _("Manufacturing and welding")
        HOSPITALITY = "hospitality", _("Hospitality and tourism")
        TRANSPORT = "transport", _("Transport and logistics")
        DOMESTIC_WORK = "domestic_work", _("Domestic work")
        EDUCATION = "education", _("Education and teaching")
        ENERGY = "energy", _("Energy and green jobs")
        OTHER = "other", _("Other")

    code = models.CharField(max_length=30, primary_key=True, choices=Code.choices)
    label = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")

    class Meta:
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        if self.code in self.Code.values:
            return str(self.Code(self.code).label)
        return self.label


class SkillLevel(models.TextChoices):
    """Skill levels as the GFMD 2020 paper groups ISCED levels."""

    LOW = "low", _("Low (ISCED 0-2)")
    MEDIUM = "medium", _("Medium (ISCED 3-4)")
    HIGH = "high", _("High (ISCED 5-8)")


class IscedLevel(models.Model):
    level = models.PositiveSmallIntegerField("ISCED 2011 level", primary_key=True)
    title = models.CharField(max_length=100)
    skill_level = models.CharField(max_length=10, choices=SkillLevel.choices)

    class Meta:
        ordering = ["level"]
        verbose_name = "ISCED level"

    def __str__(self) -> str:
        return f"ISCED {self.level}: {self.title}"


class IscedField(models.Model):
    """ISCED-F 2013 field of education and training: broad (2 digits) or narrow (3 digits)."""

    code = models.CharField(max_length=4, primary_key=True)
    title = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "ISCED field"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_broad(self) -> bool:
        return self.parent_id is None


class CefrBand(models.TextChoices):
    BASIC = "basic", _("Basic user")
    INDEPENDENT = "independent", _("Independent user")
    PROFICIENT = "proficient", _("Proficient user")


class CefrLevel(models.Model):
    """A Common European Framework of Reference for Languages level; ``rank`` orders them."""

    code = models.CharField(max_length=2, primary_key=True)
    rank = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100)
    band = models.CharField(max_length=12, choices=CefrBand.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = "CEFR level"

    def __str__(self) -> str:
        return f"{self.code} ({self.title})"


class Occupation(Concept):
    class Level(models.IntegerChoices):
        MAJOR = 1, _("ISCO-08 major group")
        SUB_MAJOR = 2, _("ISCO-08 sub-major group")
        MINOR = 3, _("ISCO-08 minor group")
        UNIT = 4, _("ISCO-08 unit group")
        ESCO = 5, _("ESCO occupation")

    level = models.PositiveSmallIntegerField(choices=Level.choices, db_index=True)
    # ISCO groups: their own code, unique among levels 1-4. ESCO occupations: empty.
    code = models.CharField(max_length=4, blank=True)
    # For every row the ISCO unit (or own group) code, so closeness is a prefix comparison.
    isco_code = models.CharField(max_length=4, db_index=True)
    esco_uri = models.URLField(max_length=255, null=True, blank=True, unique=True)
    title = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    regulated_note = models.CharField(
        max_length=255, blank=True, help_text="ESCO's regulated-profession note, when it has one."
    )

    class Meta:
        ordering = ["isco_code", "level", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="occupation_unique_isco_code"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=5) | ~models.Q(code=""),
                name="occupation_isco_group_has_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def is_isco_group(self) -> bool:
        return self.level <= self.Level.UNIT

    @property
    def is_regulated(self) -> bool:
        note = self.regulated_note.lower()
        return bool(note) and "unregulated" not in note


class SkillCollection(models.Model):
    """An ESCO skill collection (ICT, language, transversal, ...), or a family of the starter
    set (``starter-<family>``: a sector's skills, or the transversal or language ones)."""

    code = models.SlugField(max_length=40, primary_key=True)
    title = models.CharField(max_length=100)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SkillGroup(models.Model):
    """A node of ESCO's skills pillar hierarchy (e.g. S1 'communication, collaboration ...')."""

    uri = models.URLField(max_length=255, unique=True)
    code = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    status = models.CharField(
        max_length=12, choices=ConceptStatus.choices, default=ConceptStatus.ACTIVE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "title"]

    def __str__(self) -> str:
        return self.title


class Skill(Concept):
    class SkillType(models.TextChoices):
        SKILL = "skill/competence", _("Skill or competence")
        KNOWLEDGE = "knowledge", _("Knowledge")

    class ReuseLevel(models.TextChoices):
        TRANSVERSAL = "transversal", _("Transversal")
        CROSS_SECTOR = "cross-sector", _("Cross-sector")
        SECTOR_SPECIFIC = "sector-specific", _("Sector-specific")
        OCCUPATION_SPECIFIC = "occupation-specific", _("Occupation-specific")

    # Empty until linked to an ESCO concept: starter skills carry a URI only when verified.
    uri = models.URLField(max_length=255, null=True, blank=True, unique=True)
    preferred_label = models.CharField(max_length=255)
    skill_type = models.CharField(max_length=20, choices=SkillType.choices, blank=True)
    reuse_level = models.CharField(max_length=20, choices=ReuseLevel.choices, blank=True)
    # The sector a starter skill belongs to; none for transversal and language skills (they
    # have their starter collection) and for ESCO concepts not in the starter set.
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="skills"
    )
    collections = models.ManyToManyField(SkillCollection, blank=True, related_name="skills")
    broader_uris = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["preferred_label", "id"]

    def __str__(self) -> str:
        return self.preferred_label


def build_search_text(label: str, alt_labels: list[str]) -> str:
    return "\n".join([label, *alt_labels]).lower()


class TaxonomyImport(models.Model):
    """One run of the starter loader or of ``import_esco``, with what it changed."""

    class Kind(models.TextChoices):
        STARTER = "starter", _("Starter taxonomy")
        ESCO = "esco", _("ESCO download")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.CharField(max_length=500)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    files_missing = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class GcmObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration
    (UN General Assembly resolution 73/195, 2018)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    title = models.CharField(max_length=255)

    class Meta:
        ordering = ["number"]
        verbose_name = "GCM objective"

    def __str__(self) -> str:
        return f"GCM {self.number}: {self.title}"


class SdgTarget(models.Model):
    """A Sustainable Development Goal target (e.g. 10.7: well-managed migration policies)."""

    code = models.CharField(max_length=6, primary_key=True)
    title = models.CharField(max_length=300)
    rank = models.PositiveSmallIntegerField(default=0, help_text="Order in the official list.")

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = "SDG target"

    def __str__(self) -> str:
        return f"SDG {self.code}"


class Currency(models.Model):
    """An active ISO 4217 currency."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    minor_units = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "currencies"

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"
