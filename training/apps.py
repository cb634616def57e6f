from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"

    def ready(self) -> None:
        # partnerships, the skills passport and the public verification page must not import
        # training: it registers.
        from migrants.passport import register_passport_source
        from partnerships.selectors import ACTUALS_PROVIDERS
        from smp_portal.api.verification import register_document_serializer
        from smp_portal.verification import register_resolver
        from training.api.verification import TrainingCertificateDocumentSerializer
        from training.passport import certificate_items
        from training.presenters import certificate_verification
        from training.selectors import partnership_training_actuals

        if partnership_training_actuals not in ACTUALS_PROVIDERS:
            ACTUALS_PROVIDERS.append(partnership_training_actuals)
        register_resolver(certificate_verification)
        register_document_serializer("training_certificate", TrainingCertificateDocumentSerializer)
        register_passport_source(certificate_items)
