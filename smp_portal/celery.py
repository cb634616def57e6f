"""The Celery application. Workers: `celery -A smp_portal worker`; schedules: `... beat`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smp_portal.settings")

app = Celery("smp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
