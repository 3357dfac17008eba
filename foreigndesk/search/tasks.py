"""Background tasks of the search index, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

from django_tasks import task


@task()
def index_article(translation_id: int) -> int:
    """Bring a translation's entries (and its original's) up to date after it changed."""
    from .actions import update_article

    return update_article(translation_id=translation_id)


@task()
def index_articles(translation_ids: list[int]) -> int:
    """Bring the entries of many translations up to date (after a bulk load)."""
    from .actions import update_article

    return sum(update_article(translation_id=pk) for pk in translation_ids)


@task()
def index_original(original_id: int) -> int:
    """Index an original that came into the desk or changed, for the desk's search."""
    from .actions import update_original

    return update_original(original_id=original_id)
