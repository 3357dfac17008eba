from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "foreigndesk.workbench"
    verbose_name = "Workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from foreigndesk.newsroom.signals import translation_changed, translations_loaded

        # The settings checks; how the workbench answers the newsroom's announcements.
        from . import receivers, system_checks  # noqa: F401

        translation_changed.connect(
            receivers.on_translation_changed, dispatch_uid="workbench-memory"
        )
        translations_loaded.connect(
            receivers.on_translations_loaded, dispatch_uid="workbench-memory-loaded"
        )
