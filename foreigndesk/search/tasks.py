"""Background tasks of the search index, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def index_article(translation_id: int) -> int:
    """Bring a translation's entries (and its original's) up to date after it changed."""
    return actions.update_article(translation_id=translation_id)


@task()
def index_articles(translation_ids: list[int]) -> int:
    """Bring the entries of many translations up to date (after a bulk load)."""
    return sum(actions.update_article(translation_id=pk) for pk in translation_ids)


@task()
def index_original(original_id: int) -> int:
    """Index an original that came into the desk or changed, for the desk's search."""
    return actions.update_original(original_id=original_id)
