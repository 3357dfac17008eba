"""Background tasks of the workbench, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

from django_tasks import task

from . import memory


@task()
def remember_translation(translation_id: int) -> int:
    """Put a translation's reviewed segments into the memory once it is published (nothing
    while it is not)."""
    return memory.remember_translation(translation_id=translation_id)


@task()
def seed_memory(translation_ids: list[int] | None = None) -> int:
    """Seed the memory from the published archive (or from the given translations)."""
    return memory.seed_from_archive(translation_ids=translation_ids).added
