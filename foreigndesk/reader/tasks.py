"""Background tasks of the reader site, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_related_around(translation_id: int) -> int:
    """Recompute related articles after a translation changed (vectorises the whole archive:
    seconds at ten thousand articles, so never in the request that published it)."""
    from .actions import refresh_related_around as refresh

    return refresh(translation_id=translation_id)
