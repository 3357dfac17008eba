from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared reference data (countries, languages) and project-wide helpers."""

    name = "foreigndesk.core"
    verbose_name = "Countries and languages"
