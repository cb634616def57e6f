"""Abstract model bases the apps share: fields that mean the same thing on every record that has
them. Abstract only: the kernel owns no table, each app's migrations hold the columns."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    """When the record was created and when it last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Authored(TimeStamped):
    """A time-stamped record that also keeps who created it (kept when the account goes)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
