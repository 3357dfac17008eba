from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site: article pages, listings, reading statistics, related articles."""

    name = "foreigndesk.reader"
    verbose_name = "Reader site"

    def ready(self) -> None:
        # Cached pages show these models; any change to them, from the admin, a command or an
        # action, retires the page cache once committed. This drives no workflow: it only keeps
        # a cache honest, which is what signals are for.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from foreigndesk.accounts.models import Contributor
        from foreigndesk.core.cache import invalidate_pages_on_commit
        from foreigndesk.core.models import Country, Language
        from foreigndesk.intake.models import Author, Original, OriginalAuthor, Outlet
        from foreigndesk.newsroom.models import Correction, Credit, Topic, Translation
        from foreigndesk.newsroom.signals import translation_changed, translations_loaded

        from . import receivers

        translation_changed.connect(receivers.on_translation_changed, dispatch_uid="reader-related")
        translations_loaded.connect(receivers.on_translations_loaded, dispatch_uid="reader-loaded")

        shown = [
            Contributor, Country, Language, Author, Original, OriginalAuthor, Outlet,
            Correction, Credit, Topic, Translation,
        ]  # fmt: skip
        for model in shown:
            post_save.connect(
                invalidate_pages_on_commit,
                sender=model,
                dispatch_uid=f"page-cache-save-{model.__name__}",
            )
            post_delete.connect(
                invalidate_pages_on_commit,
                sender=model,
                dispatch_uid=f"page-cache-delete-{model.__name__}",
            )
        m2m_changed.connect(
            invalidate_pages_on_commit,
            sender=Translation.topics.through,
            dispatch_uid="page-cache-topics",
        )
