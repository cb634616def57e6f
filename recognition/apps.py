from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"

    def ready(self) -> None:
        # migrants must not import recognition; it calls whatever apps register here when a
        # profile is erased.
        from migrants.rights import ERASURE_HOOKS
        from recognition.jobs import applicant_erase

        if applicant_erase not in ERASURE_HOOKS:
            ERASURE_HOOKS.append(applicant_erase)
