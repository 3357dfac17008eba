from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared reference data (countries, languages) and project-wide helpers."""

    name = "foreigndesk.core"
    verbose_name = "Countries and languages"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .prepared import plan_once_for_all_values

        connection_created.connect(plan_once_for_all_values, dispatch_uid="plan_once")
