"""What the workbench does when the newsroom announces a change (connected in ``apps.ready``):
a published translation's reviewed segments go into the translation memory, and translations
loaded at once (an archive) seed it."""

from __future__ import annotations

from typing import Any

from .tasks import remember_translation, seed_memory


def on_translation_changed(*, translation_id: int, **_: Any) -> None:
    remember_translation.enqueue(translation_id)


def on_translations_loaded(*, translation_ids: list[int], **_: Any) -> None:
    seed_memory.enqueue(translation_ids)
