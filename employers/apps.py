from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"

    def ready(self) -> None:
        # Hires count in the partnership's targets table (partnerships does not import us).
        from employers.selectors import partnership_placement_actuals
        from partnerships.selectors import register_actuals_provider

        register_actuals_provider(partnership_placement_actuals)
        # A person's erasure reaches their pipeline entries, and their export carries the
        # interests they see (migrants does not import us).
        from employers.erasure import candidate_erase, interests_export
        from migrants.internal import register_erasure_hook, register_export_section

        register_erasure_hook(candidate_erase)
        register_export_section("employer_interests", interests_export)
