from typing import Any

from django.apps import AppConfig
from django.db import transaction


def _profile_changed(sender: Any, profile_id: int, **kwargs: Any) -> None:
    from matching.tasks import profile_rematch_task

    transaction.on_commit(lambda: profile_rematch_task.delay(profile_id))


def _vacancy_changed(sender: Any, vacancy_id: int, **kwargs: Any) -> None:
    from matching.tasks import vacancy_rematch_task

    transaction.on_commit(lambda: vacancy_rematch_task.delay(vacancy_id))


class MatchingConfig(AppConfig):
    name = "matching"

    def ready(self) -> None:
        # migrants and employers must not import matching: they send signals, matching listens
        # and queues an incremental rematch once the change is committed.
        from employers.signals import vacancy_changed
        from migrants.internal import profile_changed

        profile_changed.connect(_profile_changed, dispatch_uid="matching.profile_changed")
        vacancy_changed.connect(_vacancy_changed, dispatch_uid="matching.vacancy_changed")
        # A person's erasure takes them out of every ranking; their export lists the jobs
        # "Jobs for me" shows them.
        from matching.erasure import candidate_erase, matches_export
        from migrants.internal import register_erasure_hook, register_export_section

        register_erasure_hook(candidate_erase)
        register_export_section("matches", matches_export)
