from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"

    def ready(self) -> None:
        # partnerships and the public verification page must not import training: it registers.
        from partnerships.selectors import ACTUALS_PROVIDERS
        from smp_portal.api.verification import register_document_serializer
        from smp_portal.verification import register_resolver
        from training.api.verification import TrainingCertificateDocumentSerializer
        from training.presenters import certificate_verification
        from training.selectors import partnership_training_actuals

        if partnership_training_actuals not in ACTUALS_PROVIDERS:
            ACTUALS_PROVIDERS.append(partnership_training_actuals)
        register_resolver(certificate_verification)
        register_document_serializer("training_certificate", TrainingCertificateDocumentSerializer)
