"""What a profile lists: education (ISCED 2011 level, ISCED-F 2013 field), ESCO skills with a
proficiency and the evidence behind it, languages with CEFR levels, work experience in ISCO-08 /
ESCO occupations, and qualifications with their documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.documents import StoredDocument
from migrants.models.profile import MigrantProfile


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
