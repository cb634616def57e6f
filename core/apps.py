from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: errors, API helpers, uploads, stored documents, verification, form,
    view and HTTP helpers. It has no models and imports no domain app."""

    name = "core"
    verbose_name = "SMP Portal kernel"

    def ready(self) -> None:
        from django.urls import register_converter
        from django.urls.converters import get_converters

        from core.bounds import IdConverter
        from core.uploads import configure_pillow

        configure_pillow()
        # ``<id:pk>`` in every app's URLs; ready() may run more than once in tests.
        if "id" not in get_converters():
            register_converter(IdConverter, "id")
