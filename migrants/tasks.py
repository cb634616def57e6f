"""The migrants app's Celery tasks: thin wrappers that own only the delivery policy."""

from __future__ import annotations

from celery import shared_task

from migrants.internal import duplicates_flag_many


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def duplicates_flag_task(profile_ids: list[int]) -> None:
    """Flag look-alikes of newly imported profiles for the officers' duplicate review. Safe to
    run again: a pair is flagged once."""
    duplicates_flag_many(profile_ids=profile_ids)
