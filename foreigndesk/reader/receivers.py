"""The reader site follows the newsroom's announcements: related articles are recomputed."""

from __future__ import annotations

from typing import Any

from .tasks import refresh_all_related, refresh_related_around


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    refresh_related_around.enqueue(translation_id)


def on_translations_loaded(**_: Any) -> None:
    refresh_all_related.enqueue()
