"""The reader site follows the newsroom's announcements: related articles are recomputed, and the
cache tier in front (when there is one) drops the pages that show a changed translation."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import default_task_backend

from foreigndesk.core.cache import GENERATION_MEMO_SECONDS
from foreigndesk.core.frontend_cache import frontend_caches

from .purging import urls_showing
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
