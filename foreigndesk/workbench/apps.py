from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "foreigndesk.workbench"
    verbose_name = "Workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The settings checks; how the workbench answers the newsroom's announcements.
        from . import receivers, system_checks  # noqa: F401
