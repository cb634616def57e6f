from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"

    def ready(self) -> None:
        # Hires count in the partnership's targets table (partnerships does not import us).
        from employers.selectors import partnership_placement_actuals
        from partnerships.selectors import register_actuals_provider

        register_actuals_provider(partnership_placement_actuals)
