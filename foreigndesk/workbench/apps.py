from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "foreigndesk.workbench"
    verbose_name = "Workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the workbench to published translations)
