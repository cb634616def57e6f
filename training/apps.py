from typing import Any

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"

    def ready(self) -> None:
        # partnerships, the skills passport and the public verification page must not import
        # training: it registers.
        from core.api.verification import register_document_serializer
        from core.verification import register_resolver
        from migrants.internal import register_passport_source
        from partnerships.selectors import register_actuals_provider
        from training.api.verification import TrainingCertificateDocumentSerializer
        from training.passport import certificate_items
        from training.presenters import certificate_verification
        from training.selectors import partnership_training_actuals

        register_actuals_provider(partnership_training_actuals)
        register_resolver(certificate_verification)
        register_document_serializer("training_certificate", TrainingCertificateDocumentSerializer)
        register_passport_source(certificate_items)
        # A person's erasure reaches the participant files that name them and their
        # enrolments; their export carries their training.
        from migrants.internal import register_erasure_hook, register_export_section
        from training.erasure import trainee_erase, training_export
        from training.import_retention import participant_imports_erase

        register_erasure_hook(participant_imports_erase)
        register_erasure_hook(trainee_erase)
        register_export_section("training", training_export)
        # A hire recorded by employers is the trainee's outcome (employers does not import us).
        from migrants.internal import person_placed

        person_placed.connect(_record_placement, dispatch_uid="training.person_placed")


def _record_placement(sender: object, **kwargs: Any) -> None:
    from training.internal import outcome_from_placement

    outcome_from_placement(
        actor=kwargs["actor"],
        profile_id=kwargs["profile_id"],
        country=kwargs["country"],
        occupation_id=kwargs["occupation_id"],
    )
