from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over translations and originals, on SQLite FTS5 or PostgreSQL."""

    name = "foreigndesk.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from foreigndesk.intake.models import Original
        from foreigndesk.intake.signals import original_changed
        from foreigndesk.newsroom.signals import translation_changed, translations_loaded

        from . import (
            checks,  # noqa: F401  (registers the system check)
            receivers,
        )

        translation_changed.connect(receivers.on_translation_changed, dispatch_uid="search-article")
        translations_loaded.connect(receivers.on_translations_loaded, dispatch_uid="search-loaded")
        original_changed.connect(receivers.on_original_changed, dispatch_uid="search-original")
        # Like the page cache, the index follows edits made anywhere, the admin's included.
        post_save.connect(
            receivers.on_original_saved, sender=Original, dispatch_uid="search-original-saved"
        )
