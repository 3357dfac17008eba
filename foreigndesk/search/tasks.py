"""Background tasks of the search index, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

from django_tasks import task


@task()
def index_article(translation_id: int) -> int:
    """Bring a translation's entries (and its original's) up to date after it changed."""
    from .actions import update_article

    return update_article(translation_id=translation_id)


@task()
def index_original(original_id: int) -> int:
    """Index an original that came into the desk or changed, for the desk's search."""
    from .actions import update_original

    return update_original(original_id=original_id)
