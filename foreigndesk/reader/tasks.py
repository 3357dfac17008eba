"""Background tasks of the reader site, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

from django_tasks import task

from . import actions


@task()
def refresh_related_around(translation_id: int) -> int:
    """Recompute related articles after a translation changed (vectorises the whole archive:
    seconds at ten thousand articles, so never in the request that published it)."""
    return actions.refresh_related_around(translation_id=translation_id)


@task()
def refresh_all_related() -> int:
    """Recompute every published translation's related articles (after a bulk load)."""
    return actions.refresh_related()
