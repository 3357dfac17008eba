from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over translations and originals, on SQLite FTS5 or PostgreSQL."""

    name = "foreigndesk.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
