"""The reader site follows the newsroom's announcements: related articles are recomputed, and the
cache tier in front (when there is one) drops the pages that show a changed translation."""

from __future__ import annotations

from typing import Any

from foreigndesk.core.frontend_cache import frontend_caches

from .purging import urls_showing
from .tasks import purge_frontend, refresh_all_related, refresh_related_around


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    refresh_related_around.enqueue(translation_id)
    if frontend_caches():
        urls = urls_showing(translation_id)
        if urls:
            purge_frontend.enqueue(urls)


def on_translations_loaded(**_: Any) -> None:
    refresh_all_related.enqueue()
