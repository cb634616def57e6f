"""What the lifecycle moves of vacancies and interests read: their inputs, as the API documents
them and the pages post them. ``employers.services`` names them in its declarations, so this
module imports no service."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.fields import OPTIONAL, OPTIONAL_TEXT
from employers.api.fields import CURRENCY_HELP, WagePeriodField


class EmployerReasonInputSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=255, help_text="Why, for the record")


class EmployerMessageInputSerializer(serializers.Serializer[dict[str, Any]]):
    message = serializers.CharField(
        **OPTIONAL_TEXT,
        max_length=5000,
        help_text="What the candidate reads with the notification",
    )


class HireInputSerializer(serializers.Serializer[dict[str, Any]]):
    starts_on = serializers.DateField()
    wage_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        **OPTIONAL,
        help_text="Default: the vacancy's wage",
    )
    wage_currency = serializers.CharField(
        min_length=3,
        max_length=3,
        **OPTIONAL,
        help_text=f"{CURRENCY_HELP}; default: the vacancy's",
    )
    wage_period = WagePeriodField(**OPTIONAL, help_text="Default: the vacancy's")
