from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Originals and where they come from: outlets, authors."""

    name = "foreigndesk.intake"
    verbose_name = "Originals and outlets"
