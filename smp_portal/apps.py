from django.apps import AppConfig


class SmpPortalConfig(AppConfig):
    """The project's shared kernel (settings, uploads, documents, API helpers); no models."""

    name = "smp_portal"
    verbose_name = "SMP Portal"

    def ready(self) -> None:
        from smp_portal.uploads import configure_pillow

        configure_pillow()
