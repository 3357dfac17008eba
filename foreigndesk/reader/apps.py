from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site: article pages, listings, reading statistics, related articles."""

    name = "foreigndesk.reader"
    verbose_name = "Reader site"
