"""The search index follows the newsroom's and intake's announcements by queueing its tasks."""

from __future__ import annotations

from typing import Any

from .tasks import index_article, index_articles, index_original


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    index_article.enqueue(translation_id)


def on_translations_loaded(*, translation_ids: list[int], **_: Any) -> None:
    index_articles.enqueue(translation_ids)


def on_original_changed(*, original_id: int, **_: Any) -> None:
    index_original.enqueue(original_id)
