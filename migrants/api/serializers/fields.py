"""Pieces the migrants API's shapes share: code fields and the named enums."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import NamedChoiceField, enum_schema
from migrants.models import ConsentGrant, ProfileSkill, Qualification

COUNTRY_HELP = "ISO 3166-1 alpha-2 code"


def country_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(min_length=2, max_length=2, help_text=COUNTRY_HELP, **kwargs)


def cefr_field(dimension: str) -> serializers.CharField:
    return serializers.CharField(max_length=2, help_text=f"CEFR level for {dimension}, A1-C2")


def absolute(serializer: serializers.BaseSerializer[Any], path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- Named enums ------------------------------------------------------------------------------
# "source", "purpose", "channel" and "type" are generic names other apps will use for other
# choice sets; naming our components keeps the generated enum names stable.


@extend_schema_field(enum_schema(ProfileSkill.Proficiency), component_name="SkillProficiencyEnum")
class ProficiencyField(NamedChoiceField):
    choice_set = ProfileSkill.Proficiency


@extend_schema_field(enum_schema(ProfileSkill.Evidence), component_name="SkillEvidenceEnum")
class EvidenceField(NamedChoiceField):
    choice_set = ProfileSkill.Evidence


@extend_schema_field(enum_schema(Qualification.Source), component_name="QualificationSourceEnum")
class QualificationSourceField(NamedChoiceField):
    choice_set = Qualification.Source


@extend_schema_field(enum_schema(ConsentGrant.Purpose), component_name="ConsentPurposeEnum")
class ConsentPurposeField(NamedChoiceField):
    choice_set = ConsentGrant.Purpose


@extend_schema_field(enum_schema(ConsentGrant.Channel), component_name="ConsentChannelEnum")
class ConsentChannelField(NamedChoiceField):
    choice_set = ConsentGrant.Channel


class RecipientType(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership"
    COUNTRY = "country", "Destination country"
    ORGANISATION = "organisation", "Organisation"


@extend_schema_field(enum_schema(RecipientType), component_name="ConsentRecipientTypeEnum")
class RecipientTypeField(NamedChoiceField):
    choice_set = RecipientType
