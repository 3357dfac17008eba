from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The newsroom's pages: imports, the queue, the translation's pages, the alignment editor."""

    name = "foreigndesk.desk"
    label = "desk"
    verbose_name = "Desk"
