"""The reader site follows the newsroom's announcements: related articles are recomputed, the
page cache retires what shows a changed translation, and the cache tier in front (when there is
one) drops the pages that show it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from foreigndesk.core.cache import (
    GENERATION_MEMO_SECONDS,
    invalidate_pages,
    invalidate_pages_on_commit,
    invalidate_tags,
    path_tag,
)
from foreigndesk.core.frontend_cache import frontend_caches
from foreigndesk.newsroom.models import Translation

from .purging import tags_showing, urls_showing
from .tasks import purge_frontend, refresh_all_related, refresh_related_around


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    refresh_related_around.enqueue(translation_id)
    if frontend_caches():
        urls = urls_showing(translation_id)
        if urls:
            purge_later(urls)


def purge_later(urls: list[str]) -> None:
    """Purge the cache tier once every web process has seen the change: each remembers the
    page cache's generation for a moment, and a purge before that would let the cache tier
    fetch the old page again and keep it."""
    if default_task_backend.supports_defer:
        delay = datetime.timedelta(seconds=GENERATION_MEMO_SECONDS + 1)
        purge_frontend.using(run_after=timezone.now() + delay).enqueue(urls)
    else:
        purge_frontend.enqueue(urls)


def on_translations_loaded(**_: Any) -> None:
    refresh_all_related.enqueue()


def retire_translation(translation_id: int, *paths: str) -> None:
    """Retire the cached pages and fragments that show a translation, and the pages at
    ``paths`` (listings it has just left); every page when the translation is gone."""
    tags = tags_showing(translation_id)
    if tags is None:
        invalidate_pages()
    else:
        invalidate_tags([*tags, *(path_tag(path) for path in paths)])


def retire_on_commit(translation_ids: list[int], *paths: str) -> None:
    """:func:`retire_translation` for each, once the current transaction commits."""

    def retire() -> None:
        for translation_id in translation_ids:
            retire_translation(translation_id, *paths)

    transaction.on_commit(retire)


def on_translation_saved(*, instance: Any, **_: Any) -> None:
    retire_on_commit([instance.pk])


def on_correction_saved(*, instance: Any, **_: Any) -> None:
    retire_on_commit([instance.translation_id])


def on_credit_saved(*, instance: Any, **_: Any) -> None:
    """A credit saved or deleted: a deleted one's person also loses the article's listing."""
    retire_on_commit(
        [instance.translation_id], reverse("reader:contributor", args=[instance.contributor.slug])
    )


def on_original_saved(*, instance: Any, **_: Any) -> None:
    """An original's title, text or dateline shows on its translations' pages (an original
    with no translation shows nowhere)."""
    retire_on_commit(_translations_of(instance.pk))


def on_byline_changed(*, instance: Any, **_: Any) -> None:
    """An author added to or taken from an original: its translations and the author's page."""
    retire_on_commit(
        _translations_of(instance.original_id), reverse("reader:author", args=[instance.author_id])
    )


def _translations_of(original_id: int) -> list[int]:
    return list(Translation.objects.filter(original_id=original_id).values_list("pk", flat=True))


def on_topics_changed(
    *, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Topics added to or taken from translations (from either side of the relation)."""
    if action in ("pre_clear", "post_clear"):
        if action == "post_clear":
            invalidate_pages_on_commit()
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    if kwargs.get("reverse"):
        translation_ids, topics = sorted(pk_set), [instance]
    else:
        model = kwargs["model"]
        translation_ids, topics = [instance.pk], list(model.objects.filter(pk__in=pk_set))
    retire_on_commit(
        translation_ids, *(reverse("reader:topic", args=[topic.slug]) for topic in topics)
    )
