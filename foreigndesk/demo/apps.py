from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo desk's content and the command that loads it."""

    name = "foreigndesk.demo"
    verbose_name = "Demo content"
