from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"

    def ready(self) -> None:
        # migrants and the portal's verification page must not import recognition; it
        # registers what they call: its erasure step, the resolver of decision codes and its
        # part of the skills passport, the recognition status employers' pools show, and the
        # check that keeps a qualification its requests hold.
        from core.api.verification import register_document_serializer
        from core.verification import register_resolver
        from migrants.passport import register_passport_source
        from migrants.rights import ERASURE_HOOKS
        from migrants.selectors import RECOGNITION_STATUS_PROVIDERS
        from migrants.services import QUALIFICATION_REMOVAL_HOOKS
        from recognition.api.serializers import RecognitionDecisionDocumentSerializer
        from recognition.jobs import applicant_erase
        from recognition.passport import decision_items
        from recognition.presenters import decision_verification
        from recognition.selectors import recognition_status_by_profile
        from recognition.services import qualification_release

        if applicant_erase not in ERASURE_HOOKS:
            ERASURE_HOOKS.append(applicant_erase)
        register_resolver(decision_verification)
        register_passport_source(decision_items)
        register_document_serializer("recognition_decision", RecognitionDecisionDocumentSerializer)
        if recognition_status_by_profile not in RECOGNITION_STATUS_PROVIDERS:
            RECOGNITION_STATUS_PROVIDERS.append(recognition_status_by_profile)
        if qualification_release not in QUALIFICATION_REMOVAL_HOOKS:
            QUALIFICATION_REMOVAL_HOOKS.append(qualification_release)
