from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Originals and where they come from: outlets, authors."""

    name = "foreigndesk.intake"
    verbose_name = "Originals and outlets"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the settings checks)
