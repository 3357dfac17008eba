from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Translations, their credits, topics, corrections and the desk's workflow."""

    name = "foreigndesk.newsroom"
    verbose_name = "Translations"

    def ready(self) -> None:
        # The taggings' copy of each translation's time and state is kept by the database
        # writes of ``tagging``, and each translation's copy of its original's outlet and
        # country by those of ``provenance``, whichever action, command or admin form saved
        # the translation, the original or the outlet. This drives no workflow: it keeps
        # derived indexes true, which is what signals are for.
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from foreigndesk.intake.models import Original, Outlet

        from . import archive, provenance, tagging
        from .models import ArchiveWordTable, Tagging, Translation

        post_save.connect(
            tagging.on_translation_saved, sender=Translation, dispatch_uid="newsroom-tagging-save"
        )
        post_save.connect(
            tagging.on_tagging_saved, sender=Tagging, dispatch_uid="newsroom-tagging-own-save"
        )
        m2m_changed.connect(
            tagging.on_taggings_changed,
            sender=Translation.topics.through,
            dispatch_uid="newsroom-tagging-add",
        )
        # The aligner's parsed word tables are checked against the stored row's version on each
        # read; a write in this process also drops them at once.
        for signal in (post_save, post_delete):
            signal.connect(
                archive.forget_parsed_tables,
                sender=ArchiveWordTable,
                dispatch_uid=f"newsroom-archive-forget-{signal is post_save}",
            )
        pre_save.connect(
            provenance.on_translation_saving,
            sender=Translation,
            dispatch_uid="newsroom-provenance-saving",
        )
        post_save.connect(
            provenance.on_translation_saved,
            sender=Translation,
            dispatch_uid="newsroom-provenance-save",
        )
        post_save.connect(
            provenance.on_original_saved,
            sender=Original,
            dispatch_uid="newsroom-provenance-original",
        )
        post_save.connect(
            provenance.on_outlet_saved, sender=Outlet, dispatch_uid="newsroom-provenance-outlet"
        )
