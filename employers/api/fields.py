"""Named enums and small helpers the employers API's serializers share (and matching's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.api.fields import LinkField, absolute_url, named_choice_field
from employers.models import Interest, Vacancy

CURRENCY_HELP = "ISO 4217 code"


def absolute(context: Mapping[str, Any], name: str, **kwargs: Any) -> str:
    """The absolute URL of ``employers-api:<name>`` for the request in ``context``."""
    return absolute_url(context, f"employers-api:{name}", **kwargs)


def link(name: str, **kwargs: Any) -> LinkField:
    """A link to ``employers-api:<name>`` for the object."""
    return LinkField(f"employers-api:{name}", **kwargs)


# "status" and "level" name different choice sets across the API; giving ours their own schema
# components keeps the generated enum names stable.
class CefrCode(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class RecognitionLevel(models.TextChoices):
    """``migrants.selectors.RECOGNITION_ORDER``, weakest first (a test keeps them in step)."""

    NONE = "none", _("No recognition")
    PENDING = "pending", _("Recognition pending")
    PARTIAL = "partial", _("Partially recognised")
    FULL = "full", _("Fully recognised")


VacancyStatusField = named_choice_field(Vacancy.Status, "VacancyStatusEnum")
FeePolicyField = named_choice_field(Vacancy.FeePolicy, "VacancyFeePolicyEnum")
WagePeriodField = named_choice_field(Vacancy.WagePeriod, "WagePeriodEnum")
InterestStatusField = named_choice_field(Interest.Status, "InterestStatusEnum")
CefrCodeField = named_choice_field(CefrCode, "CefrCodeEnum")
RecognitionLevelField = named_choice_field(RecognitionLevel, "CandidateRecognitionEnum")
