from django.apps import AppConfig


class SmpPortalConfig(AppConfig):
    """The project's shared kernel (settings, uploads, documents, API helpers); no models."""

    name = "smp_portal"
    verbose_name = "SMP Portal"

    def ready(self) -> None:
        from django.urls import register_converter
        from django.urls.converters import get_converters

        from smp_portal.bounds import IdConverter
        from smp_portal.uploads import configure_pillow

        configure_pillow()
        # ``<id:pk>`` in every app's URLs; ready() may run more than once in tests.
        if "id" not in get_converters():
            register_converter(IdConverter, "id")
