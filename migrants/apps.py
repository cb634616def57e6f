from django.apps import AppConfig


class MigrantsConfig(AppConfig):
    name = "migrants"
    verbose_name = "Migrant profiles"
