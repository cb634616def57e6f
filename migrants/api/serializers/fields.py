"""Pieces the migrants API's shapes share: code fields and the named enums."""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from core.api.fields import IntegerField, named_choice_field
from migrants.models import ConsentGrant, ProfileSkill, Qualification


def cefr_field(dimension: str) -> serializers.CharField:
    return serializers.CharField(max_length=2, help_text=f"CEFR level for {dimension}, A1-C2")


def isced_level_field() -> IntegerField:
    return IntegerField(min_value=0, max_value=8, help_text="ISCED 2011 level, 0-8")


def isced_field_code() -> serializers.CharField:
    return serializers.CharField(
        max_length=4,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="ISCED-F 2013 field code",
    )


# --- Named enums ------------------------------------------------------------------------------
# "source", "purpose", "channel" and "type" are generic names other apps will use for other
# choice sets; naming our components keeps the generated enum names stable.


ProficiencyField = named_choice_field(ProfileSkill.Proficiency, "SkillProficiencyEnum")
EvidenceField = named_choice_field(ProfileSkill.Evidence, "SkillEvidenceEnum")
QualificationSourceField = named_choice_field(Qualification.Source, "QualificationSourceEnum")
ConsentPurposeField = named_choice_field(ConsentGrant.Purpose, "ConsentPurposeEnum")
ConsentChannelField = named_choice_field(ConsentGrant.Channel, "ConsentChannelEnum")


class RecipientType(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership"
    COUNTRY = "country", "Destination country"
    ORGANISATION = "organisation", "Organisation"


RecipientTypeField = named_choice_field(RecipientType, "ConsentRecipientTypeEnum")
