"""The search index follows the newsroom's and intake's announcements, and edits of originals,
by queueing its tasks."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from foreigndesk.intake.models import Original

from .tasks import index_article, index_articles, index_original


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    index_article.enqueue(translation_id)


def on_translations_loaded(*, translation_ids: list[int], **_: Any) -> None:
    index_articles.enqueue(translation_ids)


def on_original_changed(*, original_id: int, **_: Any) -> None:
    index_original.enqueue(original_id)


def on_original_saved(*, instance: Original, **_: Any) -> None:
    """An original edited anywhere (the admin included) is indexed again once committed."""
    original_id = instance.pk
    transaction.on_commit(lambda: index_original.enqueue(original_id))
