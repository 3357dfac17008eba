from typing import Any

from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The public site: article pages, listings, reading statistics, related articles."""

    name = "foreigndesk.reader"
    verbose_name = "Reader site"

    def ready(self) -> None:
        # Cached pages show these models; a change to them, from the admin, a command or an
        # action, retires the cached pages that show it once committed: a translation (or its
        # corrections, credits, topics, original) the pages that show that translation, the
        # rarely changed rest (an outlet, a topic, a person renamed; not one just created) every
        # page. This drives no workflow: it only keeps a cache honest, which is what signals
        # are for.
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from foreigndesk.accounts.models import Contributor
        from foreigndesk.core.cache import invalidate_pages_on_commit, tags_retired
        from foreigndesk.core.models import Country, Language
        from foreigndesk.intake.models import Author, Original, OriginalAuthor, Outlet, OutletDomain
        from foreigndesk.newsroom.models import Correction, Credit, Topic, Translation
        from foreigndesk.newsroom.signals import translation_changed, translations_loaded

        from . import receivers

        translation_changed.connect(receivers.on_translation_changed, dispatch_uid="reader-related")
        translations_loaded.connect(receivers.on_translations_loaded, dispatch_uid="reader-loaded")
        tags_retired.connect(receivers.on_tags_retired, dispatch_uid="reader-purge-keys")

        shown: list[tuple[type, Any, Any]] = [
            (model, receivers.on_shown_record_saved, invalidate_pages_on_commit)
            for model in (Contributor, Country, Language, Author, Outlet, Topic)
        ]
        shown += [
            (Translation, receivers.on_translation_saved, invalidate_pages_on_commit),
            (Correction, receivers.on_correction_saved, receivers.on_correction_saved),
            (Credit, receivers.on_credit_saved, receivers.on_credit_saved),
            (Original, receivers.on_original_saved, invalidate_pages_on_commit),
            (OriginalAuthor, receivers.on_byline_changed, receivers.on_byline_changed),
            (
                OutletDomain,
                receivers.on_outlet_domain_changed,
                receivers.on_outlet_domain_changed,
            ),
        ]
        for model, saved, deleted in shown:
            post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
            post_delete.connect(
                deleted, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
            )
        # Where a translation or an original's articles showed before a save that moves them
        # (a new month, address, original or outlet): the pages they leave are retired too.
        for model, remember in (
            (Translation, receivers.remember_translation_pages),
            (Original, receivers.remember_original_outlet),
        ):
            pre_save.connect(
                remember, sender=model, dispatch_uid=f"page-cache-before-{model.__name__}"
            )
        m2m_changed.connect(
            receivers.on_outlet_languages_changed,
            sender=Outlet.languages.through,
            dispatch_uid="page-cache-outlet-languages",
        )
        m2m_changed.connect(
            receivers.on_topics_changed,
            sender=Translation.topics.through,
            dispatch_uid="page-cache-topics",
        )
