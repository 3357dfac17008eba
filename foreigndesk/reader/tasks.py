"""Background tasks of the reader site, run by `foreigndesk worker` (at once under test settings)."""

from __future__ import annotations

import logging

from django_tasks import task

from . import actions

logger = logging.getLogger(__name__)


@task()
def refresh_related_around(translation_id: int) -> int:
    """Recompute related articles after a translation changed (vectorises the whole archive:
    seconds at ten thousand articles, so never in the request that published it)."""
    return actions.refresh_related_around(translation_id=translation_id)


@task()
def refresh_all_related() -> int:
    """Recompute every published translation's related articles (after a bulk load)."""
    return actions.refresh_related()


@task()
def roll_week_views() -> bool:
    """Roll the week's reads up for "Hot this week" once the day has changed (a cheap check
    otherwise), so that no page has to sum a week of daily counts."""
    return actions.roll_week_views()


#: A purge that fails is tried again after 30 s, 1, 2, 4 and 8 minutes, then given up (logged).
PURGE_ATTEMPTS = 5


@task()
def purge_frontend(
    urls: list[str],
    aliases: list[str] | None = None,
    attempt: int = 0,
    keys: list[str] | None = None,
) -> list[str]:
    """Drop ``urls``, and the pages filed under surrogate ``keys``, from the cache tiers in
    front; a tier that fails is tried again later, so that a cache down for a while never fails
    the save that changed the pages."""
    import datetime

    from django.utils import timezone
    from django_tasks import default_task_backend

    from foreigndesk.core.frontend_cache import purge, purge_keys

    failed = purge(urls, aliases=aliases) if urls else []
    if keys:
        failed += [alias for alias in purge_keys(keys, aliases=aliases) if alias not in failed]
    if not failed:
        return failed
    if attempt + 1 < PURGE_ATTEMPTS and default_task_backend.supports_defer:
        later = timezone.now() + datetime.timedelta(seconds=30 * 2**attempt)
        purge_frontend.using(run_after=later).enqueue(urls, failed, attempt + 1, keys)
    else:
        logger.error(
            "Gave up purging %d URLs and %d keys from %s after %d attempts; they expire by "
            "themselves.",
            len(urls),
            len(keys or ()),
            ", ".join(failed),
            attempt + 1,
        )
    return failed
