from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"

    def ready(self) -> None:
        # migrants and the portal's verification page must not import recognition; it
        # registers its trusted entry points (recognition.internal) where they call them: its
        # erasure step, its section of the person's export (recognition.export), the resolver
        # of decision codes and its part of the skills passport, the recognition status
        # employers' pools show, and the check that keeps a qualification its requests hold.
        from core.api.verification import register_document_serializer
        from core.verification import register_resolver
        from migrants.internal import (
            ERASURE_HOOKS,
            QUALIFICATION_REMOVAL_HOOKS,
            register_export_section,
            register_passport_source,
        )
        from migrants.selectors import RECOGNITION_STATUS_PROVIDERS
        from recognition import internal
        from recognition.api.serializers import RecognitionDecisionDocumentSerializer
        from recognition.export import recognition_export

        if internal.applicant_erase not in ERASURE_HOOKS:
            ERASURE_HOOKS.append(internal.applicant_erase)
        register_export_section("recognition_requests", recognition_export)
        register_resolver(internal.decision_verification)
        register_passport_source(internal.decision_items)
        register_document_serializer("recognition_decision", RecognitionDecisionDocumentSerializer)
        if internal.recognition_status_by_profile not in RECOGNITION_STATUS_PROVIDERS:
            RECOGNITION_STATUS_PROVIDERS.append(internal.recognition_status_by_profile)
        if internal.qualification_release not in QUALIFICATION_REMOVAL_HOOKS:
            QUALIFICATION_REMOVAL_HOOKS.append(internal.qualification_release)
